package io.dumpguard.detect.keys.proof;

import io.dumpguard.core.SecretValue;

import java.util.List;

/**
 * A private key whose public half was derived and checked by arithmetic.
 *
 * @param algorithm   "RSA-2048", "EC P-256", "Ed25519"
 * @param proof       what was checked ("p*q=n, e*d=1 mod lambda(n)"), never values
 * @param spki        DER SubjectPublicKeyInfo of the public half
 * @param fingerprint hex SHA-256 of {@code spki}
 * @param publicId    canonical id of the public key for comparing with registered keys (see {@link PublicKeyIds})
 * @param secrets     every private number the key consists of
 */
public record ProvenKey(String algorithm, String proof, byte[] spki, String fingerprint, String publicId,
                        List<SecretValue> secrets) {
    public String description() {
        return algorithm + " private key, " + proof;
    }
}
