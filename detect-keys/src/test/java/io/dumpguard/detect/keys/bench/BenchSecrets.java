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
        return ctx.withRegisteredKeys(List.of(RegisteredKey.of("bench RSA-2048", TestKeys.rsa(2048).getPublic())));
    }
}
