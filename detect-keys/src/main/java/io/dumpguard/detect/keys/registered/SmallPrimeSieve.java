package io.dumpguard.detect.keys.registered;

/**
 * Trial division of a candidate prime factor by the odd primes 3..43 in one pass over its limbs: the residues
 * modulo two products of small primes are accumulated from the 32-bit halves of the limbs with precomputed
 * weights, so no division by a small prime happens until the end. A prime factor of a modulus of 64 bits or more
 * is never divisible by any of them, so the sieve is exact; it passes about 28% of random odd numbers.
 */
final class SmallPrimeSieve {
    /** 3*5*7*11*13*17*19*23, below 2^27. */
    private static final long M1 = 111_546_435L;
    /** 29*31*37*41*43, below 2^26 (adding 47 would pass 2^31 and overflow the accumulation). */
    private static final long M2 = 58_642_669L;

    private final long[] w1;
    private final long[] w2;

    /** @param limbs 64-bit limbs of a candidate */
    SmallPrimeSieve(int limbs) {
        w1 = weights(M1, 2 * limbs);
        w2 = weights(M2, 2 * limbs);
    }

    /** 2^(32 i) mod m for each 32-bit half i. */
    private static long[] weights(long m, int halves) {
        long[] w = new long[halves];
        long v = 1;
        for (int i = 0; i < halves; i++) {
            w[i] = v;
            v = (v << 32) % m;
        }
        return w;
    }

    /** Whether c (little-endian 64-bit limbs) has no prime factor in 3..43. */
    boolean coprime(long[] c) {
        // 3..23 first: two thirds of the candidates stop there, before the second pass
        int r1 = (int) residue(c, w1, M1);
        if (r1 % 3 == 0 || r1 % 5 == 0 || r1 % 7 == 0 || r1 % 11 == 0 || r1 % 13 == 0 || r1 % 17 == 0
                || r1 % 19 == 0 || r1 % 23 == 0) {
            return false;
        }
        int r2 = (int) residue(c, w2, M2);
        return r2 % 29 != 0 && r2 % 31 != 0 && r2 % 37 != 0 && r2 % 41 != 0 && r2 % 43 != 0;
    }

    /** c mod m, m below 2^27: each product of a 32-bit half and a weight is below 2^59, 8 of them below 2^62. */
    private static long residue(long[] c, long[] w, long m) {
        long s = 0;
        long t = 0;
        for (int j = 0; j < c.length; j++) {
            t += (c[j] & 0xffff_ffffL) * w[2 * j] + (c[j] >>> 32) * w[2 * j + 1];
            if ((j & 3) == 3) {
                s += t % m;
                t = 0;
            }
        }
        return (s + t % m) % m;
    }
}
