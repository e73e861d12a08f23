package io.dumpguard.core;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A secret value a detector has proven present. Held in memory only, so that every other copy of it in the dump
 * can be found ("propagation") and checked for after redaction. {@link #toString()} never shows the bytes, and
 * reports carry only {@link #id()}, a truncated hash.
 */
public final class SecretValue {
    /** How the value is laid out in memory and so which layouts propagation searches. */
    public enum Kind {
        /**
         * A big number given as its big-endian magnitude (no leading zero bytes). Searched big-endian,
         * byte-reversed (little-endian limbs, OpenSSL BIGNUM) and word-swapped (Java int[] in native memory).
         */
        INTEGER,
        /** Raw key bytes (AES key, HMAC key, Ed25519 seed, DER encoding): searched as they are. */
        BYTES,
        /** A password or token: searched as Latin-1/UTF-8, UTF-16LE and UTF-16BE. */
        TEXT
    }

    private final byte[] value;
    private final Kind kind;
    private final String what;

    private SecretValue(byte[] value, Kind kind, String what) {
        this.value = value;
        this.kind = kind;
        this.what = what;
    }

    /** @param magnitude big-endian unsigned magnitude; leading zero bytes are stripped. */
    public static SecretValue integer(byte[] magnitude, String what) {
        int i = 0;
        while (i < magnitude.length - 1 && magnitude[i] == 0) {
            i++;
        }
        return new SecretValue(Arrays.copyOfRange(magnitude, i, magnitude.length), Kind.INTEGER, what);
    }

    public static SecretValue integer(java.math.BigInteger n, String what) {
        return integer(n.toByteArray(), what);
    }

    public static SecretValue bytes(byte[] b, String what) {
        return new SecretValue(b.clone(), Kind.BYTES, what);
    }

    /** @param text the characters, one byte each (Latin-1) */
    public static SecretValue text(byte[] latin1, String what) {
        return new SecretValue(latin1.clone(), Kind.TEXT, what);
    }

    public Kind kind() {
        return kind;
    }

    /** What the value is ("RSA prime p", "AES-256 key"). Never the value. */
    public String what() {
        return what;
    }

    public int length() {
        return value.length;
    }

    /** A copy of the secret bytes. Callers must not log or report them. */
    public byte[] bytes() {
        return value.clone();
    }

    /** Direct access for hot loops in detectors; never modify, never report. */
    public byte[] unsafeBytes() {
        return value;
    }

    /** A stable, non-reversible id: the first 16 hex digits of SHA-256 over kind and value. */
    public String id() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((byte) kind.ordinal());
            return HexFormat.of().formatHex(md.digest(value), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretValue s && s.kind == kind && Arrays.equals(s.value, value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value) * 31 + kind.ordinal();
    }

    @Override
    public String toString() {
        return "SecretValue[" + what + ", " + kind + ", " + value.length + " bytes, id " + id() + "]";
    }
}
