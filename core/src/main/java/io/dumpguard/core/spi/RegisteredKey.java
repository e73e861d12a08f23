package io.dumpguard.core.spi;

import io.dumpguard.core.Fingerprints;

import java.security.PublicKey;

/**
 * The public half of one of the organisation's own keys ({@code --known-keys}). Detectors prove by arithmetic
 * whether its private half is present.
 *
 * @param label       where it came from ("keys.pem#2 CN=token-signer")
 * @param publicKey   the JCA public key (RSA, EC, Ed25519, X25519)
 * @param fingerprint hex SHA-256 of its SubjectPublicKeyInfo
 */
public record RegisteredKey(String label, PublicKey publicKey, String fingerprint) {
    public static RegisteredKey of(String label, PublicKey key) {
        return new RegisteredKey(label, key, Fingerprints.spkiSha256(key));
    }
}
