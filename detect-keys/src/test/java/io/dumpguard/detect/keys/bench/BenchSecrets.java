package io.dumpguard.detect.keys.bench;

import io.dumpguard.core.SecretValue;
import io.dumpguard.core.spi.DetectorFactory;
import io.dumpguard.core.spi.RegisteredKey;
import io.dumpguard.core.spi.ScanContext;
import io.dumpguard.detect.keys.examples.TestKeys;

import java.util.ArrayList;
import java.util.List;

final class BenchSecrets {
    static final int MODE = Integer.getInteger("bench.secrets", -1);

    private BenchSecrets() {
    }

    static List<SecretValue> some(int n) {
        List<SecretValue> s = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            s.add(switch (MODE >= 0 ? MODE : i % 3) {
                case 0 -> SecretValue.integer(TestKeys.random(128), "bench integer");
                case 1 -> SecretValue.bytes(TestKeys.random(32), "bench bytes");
                default -> SecretValue.text(("pw-" + i + "-secret").getBytes(), "bench text");
            });
        }
        return s;
    }

    static ScanContext withKnownKeys(DetectorFactory f, ScanContext ctx) {
        if (!f.id().startsWith("key.registered")) {
            return ctx;
        }
        return ctx.withRegisteredKeys(List.of(RegisteredKey.of("bench RSA-2048", rsa2048().getPublic())));
    }

    /**
     * A fresh RSA-2048 key, or with {@code -Dbench.rsaSeed=N} the same key on every run: the registered-key search's
     * cost depends on the modulus (its exact size prefilter passes 1 - n/2^2048 of random windows), so before/after
     * comparisons need one key.
     */
    static java.security.KeyPair rsa2048() {
        String seed = System.getProperty("bench.rsaSeed");
        if (seed == null) {
            return TestKeys.rsa(2048);
        }
        try {
            java.security.SecureRandom r = java.security.SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(Long.parseLong(seed));
            java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
            g.initialize(2048, r);
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
