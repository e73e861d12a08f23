package io.dumpguard.detect.keys.registered;

import java.math.BigInteger;

/**
 * A necessary condition for {@code c | n}, for one fixed modulus n and candidates c of exactly {@code k} 64-bit
 * limbs with {@code n / c < 2^(64k)}, at about half the cost of a schoolbook division and with no allocation.
 *
 * <p>Why it works: if c divides n, the quotient q = n / c is an integer below 2^(64k), so it equals
 * {@code n * c^-1 mod 2^(64k)}, which Hensel (exact, low-to-high) division computes from the low k limbs of n and
 * c alone: k(k+1)/2 limb products instead of the k^2 of a full division. Its top limb must then agree with the top
 * limb of the real quotient n / c, which the top limbs of n and c give to within 2^13 in double precision. A
 * candidate that does not divide n yields a Hensel top limb that agrees only by accident (about 2^-48), and every
 * candidate that passes is divided exactly with {@link BigInteger} by the caller, so this filter never decides a
 * finding; it only spares divisions.
 */
final class ExactQuotientFilter {
    /** The real quotient's top limb is known to within 2^13; allow 2^16 so rounding never rejects a divisor. */
    private static final double TOLERANCE = 65536.0;

    private final int k;
    private final long[] nLow;
    /** n / 2^(64(2k-2)) in double precision. */
    private final double nTop;
    private final long[] remainder;
    private final long[] remainder2;

    /**
     * @param n the modulus; must have at most 2k limbs
     * @param k limbs of a candidate
     */
    ExactQuotientFilter(BigInteger n, int k) {
        if (k < 2 || n.bitLength() > 128 * k) {
            throw new IllegalArgumentException("modulus of " + n.bitLength() + " bits for " + k + "-limb candidates");
        }
        this.k = k;
        nLow = new long[k];
        for (int i = 0; i < k; i++) {
            nLow[i] = n.shiftRight(64 * i).longValue();
        }
        nTop = n.shiftRight(64 * (2 * k - 2) - 64).doubleValue() / 0x1p64;
        remainder = new long[k];
        remainder2 = new long[k];
    }

    /**
     * Whether c (little-endian limbs, c[0] odd, top limb with its high bit set) may divide n. False means c is
     * certainly not a divisor of n.
     */
    boolean mayDivide(long[] c) {
        return agrees(henselTopLimb(c), c[k - 1]);
    }

    /** The top limb of n * c^-1 mod 2^(64k): the quotient's top limb if c divides n. */
    long henselTopLimb(long[] c) {
        long[] r = remainder;
        System.arraycopy(nLow, 0, r, 0, k);
        long inv = inverse(c[0]);
        for (int i = 0; i < k - 1; i++) {
            long qi = r[i] * inv;
            // r[i..k-1] -= qi * c[0..k-1-i]; r[i] becomes 0 by the choice of qi, only its high half carries on
            long borrow = Math.unsignedMultiplyHigh(qi, c[0]);
            // the top limb's column last: what carries out of it is beyond the 64k bits the quotient is taken mod
            for (int j = 1; i + j < k - 1; j++) {
                long lo = qi * c[j];
                long hi = Math.unsignedMultiplyHigh(qi, c[j]);
                long t = lo + borrow;
                if (Long.compareUnsigned(t, lo) < 0) {
                    hi++;
                }
                long x = r[i + j];
                if (Long.compareUnsigned(x, t) < 0) {
                    hi++;
                }
                r[i + j] = x - t;
                borrow = hi;
            }
            r[k - 1] -= qi * c[k - 1 - i] + borrow;
        }
        return r[k - 1] * inv;
    }

    /**
     * {@link #mayDivide} for two candidates at once: the two carry chains are independent, so the processor overlaps
     * them (one chain alone is latency-bound). Bit 0 of the result is for a, bit 1 for b.
     */
    int mayDivideBoth(long[] a, long[] b) {
        long[] r = remainder;
        long[] s = remainder2;
        System.arraycopy(nLow, 0, r, 0, k);
        System.arraycopy(nLow, 0, s, 0, k);
        long invA = inverse(a[0]);
        long invB = inverse(b[0]);
        for (int i = 0; i < k - 1; i++) {
            long qa = r[i] * invA;
            long qb = s[i] * invB;
            long borrowA = Math.unsignedMultiplyHigh(qa, a[0]);
            long borrowB = Math.unsignedMultiplyHigh(qb, b[0]);
            for (int j = 1; i + j < k - 1; j++) {
                long loA = qa * a[j];
                long hiA = Math.unsignedMultiplyHigh(qa, a[j]);
                long loB = qb * b[j];
                long hiB = Math.unsignedMultiplyHigh(qb, b[j]);
                long tA = loA + borrowA;
                long tB = loB + borrowB;
                if (Long.compareUnsigned(tA, loA) < 0) {
                    hiA++;
                }
                if (Long.compareUnsigned(tB, loB) < 0) {
                    hiB++;
                }
                long xA = r[i + j];
                long xB = s[i + j];
                if (Long.compareUnsigned(xA, tA) < 0) {
                    hiA++;
                }
                if (Long.compareUnsigned(xB, tB) < 0) {
                    hiB++;
                }
                r[i + j] = xA - tA;
                s[i + j] = xB - tB;
                borrowA = hiA;
                borrowB = hiB;
            }
            r[k - 1] -= qa * a[k - 1 - i] + borrowA;
            s[k - 1] -= qb * b[k - 1 - i] + borrowB;
        }
        boolean pa = agrees(r[k - 1] * invA, a[k - 1]);
        boolean pb = agrees(s[k - 1] * invB, b[k - 1]);
        return (pa ? 1 : 0) | (pb ? 2 : 0);
    }

    private boolean agrees(long hensel, long cTop) {
        return Math.abs(unsignedToDouble(hensel) - nTop / unsignedToDouble(cTop)) <= TOLERANCE;
    }

    /** c^-1 mod 2^64 for odd c by Newton's iteration (each step doubles the correct low bits: 3, 6, ..., 96). */
    static long inverse(long c) {
        long x = c;
        for (int i = 0; i < 5; i++) {
            x *= 2 - c * x;
        }
        return x;
    }

    private static double unsignedToDouble(long v) {
        return v >= 0 ? (double) v : ((double) (v >>> 1)) * 2.0;
    }
}
