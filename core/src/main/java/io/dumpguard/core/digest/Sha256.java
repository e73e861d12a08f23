package io.dumpguard.core.digest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.Supplier;

/**
 * SHA-256 for the digests every run takes of whole dumps (the report's input and output {@code sha256}, structure
 * digests). Hashing is the longest serial task of a run, and OpenSSL's SHA-NI code is 15-20% faster than the JDK's
 * intrinsic here (1.8 against 1.5 GB/s), so where it can, this uses OpenSSL's libcrypto through the Foreign Function
 * and Memory API: on JDK 22 and later (the implementing class is compiled for 22 and simply fails to load on 21),
 * on a system with libcrypto 3 or 1.1, after a known-answer self-test. Everywhere else, and with
 * {@code -Ddumpguard.openssl=false}, it is the JDK's {@code MessageDigest}. Both give the same digest; tests hold them
 * equal.
 */
public final class Sha256 {
    /** System property: {@code false} keeps the JDK's implementation. */
    public static final String PROPERTY = "dumpguard.openssl";

    private Sha256() {
    }

    private static final class Native {
        static final Supplier<MessageDigest> FACTORY = load();
    }

    @SuppressWarnings("unchecked")
    private static Supplier<MessageDigest> load() {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "true"))) {
            return null;
        }
        try {
            Class<?> c = Class.forName("io.dumpguard.core.digest.OpenSslSha256");
            return (Supplier<MessageDigest>) c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException unavailable) {
            // JDK 21 (class version 66), no libcrypto, a failed self-test, native access denied: the JDK's digest
            return null;
        }
    }

    /** A new SHA-256 digest (not thread-safe, like any {@link MessageDigest}). */
    public static MessageDigest newDigest() {
        Supplier<MessageDigest> n = Native.FACTORY;
        if (n != null) {
            return n.get();
        }
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Which implementation {@link #newDigest} gives: "OpenSSL libcrypto (FFM)" or "JDK". */
    public static String implementation() {
        return Native.FACTORY != null ? Native.FACTORY.toString() : "JDK";
    }

    /**
     * Loads the native implementation on a background thread (linking it costs 40-80 ms), so that the first
     * digest of a run does not wait for it. Idempotent.
     */
    public static void preload() {
        Thread.ofPlatform().name("dumpguard-sha256-load").daemon().start(Sha256::implementation);
    }
}
