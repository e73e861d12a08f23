package io.dumpguard.detect.keys.proof;

import io.dumpguard.core.Fingerprints;
import io.dumpguard.core.RsaPrivateNumbers;
import io.dumpguard.core.SecretValue;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;

/**
 * Proves an RSA private key by arithmetic: p*q = n and e*d = 1 (mod lambda(n)) or (mod phi(n)); the proven key carries
 * every private number ({@link RsaPrivateNumbers}), so all of them are propagated.
 */
public final class RsaProof {
    /** Smaller moduli are toys; requiring this keeps accidental arithmetic coincidences out of random data. */
    public static final int MIN_MODULUS_BITS = 512;
    public static final int MAX_MODULUS_BITS = RsaPrivateNumbers.MAX_MODULUS_BITS;

    public static final AlgorithmIdentifier RSA_ENCRYPTION =
            new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE);

    private RsaProof() {
    }

    /**
     * @param d    private exponent as stored, or null when only the primes are known
     * @param spkiAlgorithm algorithm identifier for the fingerprint (rsaEncryption or RSASSA-PSS)
     * @return the proven key, or null when the numbers do not form an RSA key
     */
    public static ProvenKey prove(BigInteger n, BigInteger e, BigInteger d, BigInteger p, BigInteger q,
                                  AlgorithmIdentifier spkiAlgorithm) {
        if (n == null || e == null || p == null || q == null) {
            return null;
        }
        int bits = n.bitLength();
        if (bits < MIN_MODULUS_BITS || bits > MAX_MODULUS_BITS || n.signum() <= 0 || e.signum() <= 0
                || p.compareTo(BigInteger.ONE) <= 0 || q.compareTo(BigInteger.ONE) <= 0
                || !p.multiply(q).equals(n)) {
            return null;
        }
        BigInteger p1 = p.subtract(BigInteger.ONE);
        BigInteger q1 = q.subtract(BigInteger.ONE);
        BigInteger phi = p1.multiply(q1);
        BigInteger lambda = phi.divide(p1.gcd(q1));
        String exponentProof;
        if (d != null) {
            if (d.signum() <= 0) {
                return null;
            }
            BigInteger ed = e.multiply(d);
            if (ed.mod(lambda).equals(BigInteger.ONE)) {
                exponentProof = "e*d=1 mod lambda(n)";
            } else {
                return null;
            }
        } else {
            if (!e.gcd(lambda).equals(BigInteger.ONE)) {
                return null;
            }
            exponentProof = "e invertible mod lambda(n)";
        }
        return new ProvenKey("RSA-" + bits, "p*q=n, " + exponentProof, spki(n, e, spkiAlgorithm),
                Fingerprints.sha256Hex(spki(n, e, spkiAlgorithm)), PublicKeyIds.rsa(n),
                RsaPrivateNumbers.of(e, d, p, q));
    }

    /** Given one prime factor of n, the proven key (q = n/p, d from e). Null if p does not divide n. */
    public static ProvenKey fromFactor(BigInteger n, BigInteger e, BigInteger p) {
        BigInteger[] qr = n.divideAndRemainder(p);
        if (qr[1].signum() != 0) {
            return null;
        }
        return prove(n, e, null, p, qr[0], RSA_ENCRYPTION);
    }

    /**
     * Factors n from a private exponent (e*d-1 is a multiple of lambda(n); a square root of 1 other than +-1 reveals
     * a factor). Returns p, or null when d is not a private exponent of (n, e). Tries a fixed number of bases, so
     * its cost is bounded.
     */
    public static BigInteger factorFromExponent(BigInteger n, BigInteger e, BigInteger d) {
        if (n.signum() <= 0 || !n.testBit(0) || d.signum() <= 0 || e.signum() <= 0) {
            return null;
        }
        BigInteger k = e.multiply(d).subtract(BigInteger.ONE);
        if (k.signum() <= 0 || k.testBit(0)) {
            return null;
        }
        int t = k.getLowestSetBit();
        BigInteger r = k.shiftRight(t);
        BigInteger nMinus1 = n.subtract(BigInteger.ONE);
        for (int g = 2; g < 2 + MAX_FACTOR_BASES; g++) {
            BigInteger x = BigInteger.valueOf(g).modPow(r, n);
            if (x.equals(BigInteger.ONE) || x.equals(nMinus1)) {
                continue;
            }
            for (int i = 0; i < t; i++) {
                BigInteger y = x.multiply(x).mod(n);
                if (y.equals(BigInteger.ONE)) {
                    BigInteger p = x.subtract(BigInteger.ONE).gcd(n);
                    return p.compareTo(BigInteger.ONE) > 0 && p.compareTo(n) < 0 ? p : null;
                }
                if (y.equals(nMinus1)) {
                    break;
                }
                x = y;
            }
        }
        return null;
    }

    /** Each base finds a factor with probability at least 1/2 when d is genuine. */
    private static final int MAX_FACTOR_BASES = 40;

    public static byte[] spki(BigInteger n, BigInteger e, AlgorithmIdentifier alg) {
        try {
            return new SubjectPublicKeyInfo(alg == null ? RSA_ENCRYPTION : alg, new RSAPublicKey(n, e))
                    .getEncoded(ASN1Encoding.DER);
        } catch (IOException ex) {
            throw new IllegalStateException("DER encoding of an RSA public key failed", ex);
        }
    }
}
