package io.dumpguard.detect.keys.examples;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;

/**
 * Key pairs generated at call time for examples and tests (key material is never stored in the repository).
 * RSA uses 1024 bits by default because generation time grows with the fourth power of the size.
 */
public final class TestKeys {
    public static final SecureRandom RANDOM = new SecureRandom();

    private TestKeys() {
    }

    public static KeyPair rsa(int bits) {
        return generate("RSA", bits);
    }

    /**
     * An RSA key whose private exponent the registered-key search finds alone for certain: gcd(p-1, q-1) at most
     * 128, so that d mod lambda(n) sits near a fraction of denominator at most 128 (the documented coverage of
     * {@code RsaExponentSearch}). About 1% of keys have a larger gcd; examples and tests that expect d to be found on
     * its own must not fail on them at random.
     */
    public static KeyPair rsaExponentCovered(int bits) {
        while (true) {
            KeyPair k = rsa(bits);
            RSAPrivateCrtKey priv = (RSAPrivateCrtKey) k.getPrivate();
            BigInteger g = priv.getPrimeP().subtract(BigInteger.ONE).gcd(priv.getPrimeQ().subtract(BigInteger.ONE));
            if (g.compareTo(BigInteger.valueOf(128)) <= 0) {
                return k;
            }
        }
    }

    public static KeyPair rsaPss(int bits) {
        return generate("RSASSA-PSS", bits);
    }

    public static KeyPair ec(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC key generation failed for " + curve, e);
        }
    }

    public static KeyPair ed25519() {
        return generate("Ed25519", 0);
    }

    public static KeyPair x25519() {
        return generate("X25519", 0);
    }

    private static KeyPair generate(String alg, int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
            if (bits > 0) {
                g.initialize(bits, RANDOM);
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("key generation failed for " + alg, e);
        }
    }

    public static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** {@code payload} at {@code offset} inside {@code size} random bytes. */
    public static byte[] embed(byte[] payload, int offset, int size) {
        byte[] b = random(Math.max(size, offset + payload.length));
        System.arraycopy(payload, 0, b, offset, payload.length);
        return b;
    }

    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
