package io.dumpguard.detect.keys.registered;

import io.dumpguard.core.Layouts;
import io.dumpguard.core.spi.RegisteredKey;

import java.math.BigInteger;

/**
 * Exhaustive search for a prime factor of one registered RSA modulus: every 4-byte-aligned window of the factor's
 * length, in big-endian, little-endian and word-swapped layout, is a candidate c, and c is a factor iff
 * n mod c == 0. Cheap exact prefilters run first, each a necessary condition for c to be a factor of the size
 * the key was generated with: the top byte has the factor's bit length, c is odd, c exceeds n / 2^bits(p)
 * (so the cofactor also has bits(p) bits), and c has no prime factor below 24. Only survivors are divided.
 */
final class RsaFactorSearch {
    /** 3*5*7*11*13*17*19*23: residues mod this fit in a long sum of 32-bit limbs times residues below 2^27. */
    private static final long SMALL_PRIMES_PRODUCT = 111_546_435L;
    private static final int[] SMALL_PRIMES = {3, 5, 7, 11, 13, 17, 19, 23};

    final RegisteredKey key;
    final BigInteger n;
    final BigInteger e;
    final int factorBytes;
    final int factorBits;
    private final int topByteMin;
    private final int topByteMax;
    /** Lower bound on the top 64 bits of a factor, or 0 when the factor sizes are unbalanced. */
    private final long top64Min;
    /** 2^(32 i) mod SMALL_PRIMES_PRODUCT for each 32-bit limb i of a candidate. */
    private final long[] limbWeights;

    long windows;
    long divisions;

    RsaFactorSearch(RegisteredKey key, BigInteger n, BigInteger e) {
        this.key = key;
        this.n = n;
        this.e = e;
        int bits = n.bitLength();
        factorBits = (bits + 1) / 2;
        factorBytes = (factorBits + 7) / 8;
        int topBits = factorBits - 8 * (factorBytes - 1);
        topByteMin = 1 << (topBits - 1);
        topByteMax = (1 << topBits) - 1;
        if (bits % 2 == 0 && factorBytes >= 8) {
            // p > n / 2^factorBits when both factors have factorBits bits
            BigInteger bound = n.shiftRight(factorBits);
            top64Min = bound.shiftRight(Math.max(0, 8 * factorBytes - 64)).longValue();
        } else {
            top64Min = 0;
        }
        limbWeights = new long[(factorBytes + 3) / 4];
        long w = 1;
        for (int i = 0; i < limbWeights.length; i++) {
            limbWeights[i] = w;
            w = (w << 32) % SMALL_PRIMES_PRODUCT;
        }
    }

    /** The candidate's byte at big-endian position i (0 = most significant). */
    private static int at(byte[] d, int o, int len, Layouts.Layout layout, int i) {
        return switch (layout) {
            case BIG_ENDIAN -> d[o + i] & 0xff;
            case LITTLE_ENDIAN -> d[o + len - 1 - i] & 0xff;
            case WORD_SWAPPED -> d[o + (i & ~3) + 3 - (i & 3)] & 0xff;
        };
    }

    /** Whether the window at o in this layout passes every prefilter (the caller then divides). */
    boolean passes(byte[] d, int o, Layouts.Layout layout) {
        int len = factorBytes;
        int top = at(d, o, len, layout, 0);
        if (top < topByteMin || top > topByteMax || (at(d, o, len, layout, len - 1) & 1) == 0) {
            return false;
        }
        if (top64Min != 0) {
            long t = 0;
            for (int i = 0; i < 8; i++) {
                t = t << 8 | at(d, o, len, layout, i);
            }
            if (Long.compareUnsigned(t, top64Min) < 0) {
                return false;
            }
        }
        return coprimeToSmallPrimes(d, o, layout);
    }

    private boolean coprimeToSmallPrimes(byte[] d, int o, Layouts.Layout layout) {
        int len = factorBytes;
        long sum = 0;
        for (int limb = 0; limb < limbWeights.length; limb++) {
            // limb 0 is the least significant 32 bits
            long v = 0;
            for (int b = 3; b >= 0; b--) {
                int i = len - 1 - (4 * limb + b);
                v = v << 8 | (i >= 0 ? at(d, o, len, layout, i) : 0);
            }
            // each product is below 2^59, so keeping the sum below 2^62 rules out overflow
            sum += v * limbWeights[limb];
            if (sum >= 1L << 62) {
                sum %= SMALL_PRIMES_PRODUCT;
            }
        }
        long r = sum % SMALL_PRIMES_PRODUCT;
        for (int p : SMALL_PRIMES) {
            if (r % p == 0) {
                return false;
            }
        }
        return true;
    }

    /** The candidate as a number, big-endian. */
    BigInteger value(byte[] d, int o, Layouts.Layout layout) {
        byte[] be = new byte[factorBytes];
        for (int i = 0; i < factorBytes; i++) {
            be[i] = (byte) at(d, o, factorBytes, layout, i);
        }
        return new BigInteger(1, be);
    }

    boolean divides(BigInteger c) {
        divisions++;
        return n.mod(c).signum() == 0;
    }
}
