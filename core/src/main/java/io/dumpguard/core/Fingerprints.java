package io.dumpguard.core;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HexFormat;

/** Fingerprints that identify keys and files in reports without revealing secrets. */
public final class Fingerprints {
    private Fingerprints() {
    }

    /** Hex SHA-256 of the key's SubjectPublicKeyInfo (its X.509 encoding). */
    public static String spkiSha256(PublicKey key) {
        return sha256Hex(key.getEncoded());
    }

    public static String sha256Hex(byte[] b) {
        return HexFormat.of().formatHex(sha256(b));
    }

    public static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
