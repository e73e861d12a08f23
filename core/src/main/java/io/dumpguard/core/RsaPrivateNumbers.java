package io.dumpguard.core;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every number from which an RSA private key can be rebuilt, derived from the key's primes: what propagation must
 * search for once any detector has proven the key. One place for it, so that a key found structurally (an HPROF
 * key object) and the same key found by a byte detector (its DER encoding) give the same set of secret values,
 * and the second finding adds nothing that needs another propagation pass.
 */
public final class RsaPrivateNumbers {
    /** Larger moduli are not derived from: numbers read from a dump could otherwise cost seconds of arithmetic each. */
    public static final int MAX_MODULUS_BITS = 16384;

    private RsaPrivateNumbers() {
    }

    /**
     * p, q, d as stored (when given), d mod phi(n), d mod lambda(n), dp, dq, qinv and pinv. The caller has proven
     * p*q = n; e must be invertible mod phi(n).
     *
     * @param d the private exponent as stored, or null when only the primes are known
     */
    public static List<SecretValue> of(BigInteger e, BigInteger d, BigInteger p, BigInteger q) {
        BigInteger p1 = p.subtract(BigInteger.ONE);
        BigInteger q1 = q.subtract(BigInteger.ONE);
        BigInteger phi = p1.multiply(q1);
        BigInteger lambda = phi.divide(p1.gcd(q1));
        Set<SecretValue> out = new LinkedHashSet<>();
        out.add(SecretValue.integer(p, "RSA prime p"));
        out.add(SecretValue.integer(q, "RSA prime q"));
        if (d != null) {
            out.add(SecretValue.integer(d, "RSA private exponent d"));
        }
        BigInteger dLambda = e.modInverse(lambda);
        out.add(SecretValue.integer(e.modInverse(phi), "RSA private exponent d mod phi(n)"));
        out.add(SecretValue.integer(dLambda, "RSA private exponent d mod lambda(n)"));
        out.add(SecretValue.integer(dLambda.mod(p1), "RSA CRT exponent dp"));
        out.add(SecretValue.integer(dLambda.mod(q1), "RSA CRT exponent dq"));
        out.add(SecretValue.integer(q.modInverse(p), "RSA CRT coefficient qinv"));
        out.add(SecretValue.integer(p.modInverse(q), "RSA CRT coefficient pinv"));
        return new ArrayList<>(out);
    }

    /**
     * The whole set when {@code candidate} is a proper factor of {@code n} and {@code e} a valid public exponent for
     * it; otherwise empty (numbers read from a dump prove nothing until this arithmetic holds).
     */
    public static List<SecretValue> fromFactor(BigInteger n, BigInteger e, BigInteger candidate) {
        if (n.signum() <= 0 || e.signum() <= 0 || n.bitLength() > MAX_MODULUS_BITS || e.bitLength() > MAX_MODULUS_BITS
                || candidate.compareTo(BigInteger.ONE) <= 0 || candidate.compareTo(n) >= 0) {
            return List.of();
        }
        BigInteger[] qr = n.divideAndRemainder(candidate);
        if (qr[1].signum() != 0 || qr[0].compareTo(BigInteger.ONE) <= 0) {
            return List.of();
        }
        BigInteger phi = candidate.subtract(BigInteger.ONE).multiply(qr[0].subtract(BigInteger.ONE));
        if (!e.gcd(phi).equals(BigInteger.ONE)) {
            return List.of();
        }
        return of(e, null, candidate, qr[0]);
    }
}
