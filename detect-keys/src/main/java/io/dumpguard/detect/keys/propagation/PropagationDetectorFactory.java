package io.dumpguard.detect.keys.propagation;

import io.dumpguard.core.Layouts;
import io.dumpguard.core.SecretValue;
import io.dumpguard.core.spi.ByteDetector;
import io.dumpguard.core.spi.DetectorExample;
import io.dumpguard.core.spi.DetectorFactory;
import io.dumpguard.core.spi.ScanContext;
import io.dumpguard.detect.keys.examples.TestKeys;
import io.dumpguard.nativematch.HyperscanLiterals;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/** Propagation: every copy of every secret value already proven present, in every layout. */
public final class PropagationDetectorFactory implements DetectorFactory {
    @Override
    public String id() {
        return PropagationDetector.ID;
    }

    @Override
    public String description() {
        return "every copy of a proven secret: integers big-endian, little-endian, word-swapped; bytes as-is; text "
                + "Latin-1/UTF-16LE/UTF-16BE (at least " + PropagationDetector.MIN_BINARY_BYTES + " bytes or "
                + PropagationDetector.MIN_TEXT_CHARS + " characters)";
    }

    @Override
    public Role role() {
        return Role.PROPAGATION;
    }

    @Override
    public List<DetectorExample> examples() {
        BigInteger prime = BigInteger.probablePrime(1024, TestKeys.RANDOM);
        byte[] be = prime.toByteArray();
        SecretValue p = SecretValue.integer(be, "RSA prime p");
        SecretValue pw = SecretValue.text("correct-horse-battery".getBytes(StandardCharsets.ISO_8859_1), "password");
        SecretValue aes = SecretValue.bytes(TestKeys.random(16), "AES-128 key");
        ScanContext ctx = ScanContext.defaults().withSecrets(List.of(p, pw, aes));
        List<DetectorExample> ex = new ArrayList<>();
        for (Layouts.Layout l : Layouts.Layout.values()) {
            ex.add(DetectorExample.match("RSA prime " + l.id(),
                    TestKeys.embed(Layouts.toLayout(p.unsafeBytes(), l), 333, 4096), PropagationDetector.ID).with(ctx));
        }
        ex.add(DetectorExample.match("password UTF-16LE",
                TestKeys.embed("correct-horse-battery".getBytes(StandardCharsets.UTF_16LE), 7, 512),
                PropagationDetector.ID).with(ctx));
        ex.add(DetectorExample.match("password UTF-16BE",
                TestKeys.embed("correct-horse-battery".getBytes(StandardCharsets.UTF_16BE), 8, 512),
                PropagationDetector.ID).with(ctx));
        ex.add(DetectorExample.match("password Latin-1",
                TestKeys.embed("correct-horse-battery".getBytes(StandardCharsets.ISO_8859_1), 1, 512),
                PropagationDetector.ID).with(ctx));
        ex.add(DetectorExample.match("AES key bytes", TestKeys.embed(aes.bytes(), 99, 512), PropagationDetector.ID)
                .with(ctx));
        ex.add(DetectorExample.noMatch("random bytes", TestKeys.random(1 << 16)).with(ctx));
        ex.add(DetectorExample.noMatch("zero page", new byte[4096]).with(ctx));
        byte[] near = Layouts.toLayout(p.unsafeBytes(), Layouts.Layout.BIG_ENDIAN);
        near[near.length - 1] ^= 2;
        ex.add(DetectorExample.noMatch("prime with one bit changed", TestKeys.embed(near, 40, 1024)).with(ctx));
        return ex;
    }

    /** Loads the native matcher now: the secrets, and so the patterns, are only known once a run has found them. */
    @Override
    public void prepare() {
        HyperscanLiterals.availability();
    }

    @Override
    public ByteDetector create(ScanContext context) {
        if (context.secrets().isEmpty()) {
            return null;
        }
        PropagationDetector.Patterns p = shared.computeIfAbsent(context,
                c -> new PropagationDetector.Patterns(c.secrets(), true));
        return p.isEmpty() ? null : new PropagationDetector(p);
    }

    /**
     * The scanning threads of one pass create their detectors from one context: they share its forms and native
     * database, built once. Weak keys: the secrets are not kept past the run that found them.
     */
    private final Map<ScanContext, PropagationDetector.Patterns> shared = Collections.synchronizedMap(new WeakHashMap<>());
}
