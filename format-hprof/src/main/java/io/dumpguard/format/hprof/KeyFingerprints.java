package io.dumpguard.format.hprof;

import io.dumpguard.core.Fingerprints;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.RSAPublicKeySpec;

/**
 * The SHA-256 of the public key's SubjectPublicKeyInfo, where the key object holds enough to derive it: RSA from
 * modulus and public exponent, EdDSA and XDH from the private seed (the JDK's own key pair generator derives the
 * public key when handed the seed as its "random" bytes). EC would need the curve and a scalar multiplication;
 * not derived here.
 */
final class KeyFingerprints {
    private KeyFingerprints() {
    }

    /** The fingerprint, or null when not derivable. */
    static String of(KeyObjectAnalysis.KeyObject key) {
        try {
            if (key.modulus != null && key.publicExponent != null && key.modulus.signum() > 0) {
                return Fingerprints.spkiSha256(KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(key.modulus, key.publicExponent)));
            }
            if (key.seed != null) {
                NamedParameterSpec spec = null;
                String alg = null;
                if (key.seedRole == KeyRole.EDDSA_SEED) {
                    alg = "EdDSA";
                    spec = key.seed.length == 32 ? NamedParameterSpec.ED25519
                            : key.seed.length == 57 ? NamedParameterSpec.ED448 : null;
                } else if (key.seedRole == KeyRole.XDH_PRIVATE) {
                    alg = "XDH";
                    spec = key.seed.length == 32 ? NamedParameterSpec.X25519
                            : key.seed.length == 56 ? NamedParameterSpec.X448 : null;
                }
                if (spec != null) {
                    KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
                    g.initialize(spec, new SeedAsRandom(key.seed));
                    return Fingerprints.spkiSha256(g.generateKeyPair().getPublic());
                }
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            return null; // not a consistent key: no fingerprint rather than a wrong one
        }
        return null;
    }

    /** Hands out exactly the seed once; any other request fails, so a generator that wants more gives no result. */
    private static final class SeedAsRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] seed;
        private boolean used;

        SeedAsRandom(byte[] seed) {
            this.seed = seed;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (used || bytes.length != seed.length) {
                throw new IllegalStateException("generator asked for other bytes than the seed");
            }
            used = true;
            System.arraycopy(seed, 0, bytes, 0, seed.length);
        }
    }
}
