package io.dumpguard.detect.keys.registered;

import io.dumpguard.core.Layouts;
import io.dumpguard.core.spi.RegisteredKey;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Exhaustive search for a prime factor of one registered RSA modulus: every 4-byte-aligned window of the factor's
 * length, in big-endian, little-endian and word-swapped layout, is a candidate c, and c is a factor iff
 * n mod c == 0, which is verified with {@link BigInteger} before anything is reported.
 *
 * <p>Most windows never get that far. The stages, each a necessary condition for c to be a factor of the size the
 * key was generated with (both factors of bits(n)/2 bits), cheapest first:
 * <ol>
 * <li>O(1) per window and layout, on two loads: c is odd, and its top 64 bits are at least those of
 *     n / 2^bits(p) (so that the cofactor n / c also fits in bits(p) bits; this implies the top bit is set);</li>
 * <li>{@link SmallPrimeSieve}: c has no prime factor in 3..43 and is not divisible by 257 (additions, then two passes
 *     over c's limbs);</li>
 * <li>{@link ExactQuotientFilter}: the Hensel quotient n * c^-1 mod 2^bits(p) agrees with the real quotient's
 *     top limb (half a division, no allocation; two candidates at a time, interleaved);</li>
 * <li>the proof: {@code n.mod(c) == 0}.</li>
 * </ol>
 * On random bytes (1 - n / 2^bits(n)) / 2 of the layout-windows pass stage 1 (3-13% for the RSA-2048 keys measured,
 * at most 25%), 28% of those pass stage 2, and stage 3 passes only factors (a random candidate with probability
 * about 2^-48). Text, zero and pointer-like memory fails stage 1 almost always. Keys whose factor length is not a multiple of 64 bits, or whose n has an odd bit length, take a slower
 * generic path with the same exactness (stage 1 on bytes, a sieve by 3..23, then the division).
 */
final class RsaFactorSearch {
    private static final VarHandle LE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** 3*5*7*11*13*17*19*23: residues mod this fit in a long sum of 32-bit limbs times residues below 2^27. */
    private static final long SMALL_PRIMES_PRODUCT = 111_546_435L;
    private static final int[] SMALL_PRIMES = {3, 5, 7, 11, 13, 17, 19, 23};

    /** Receives each factor proven by division. */
    interface FactorSink {
        void factor(int offset, Layouts.Layout layout, BigInteger p);
    }

    final RegisteredKey key;
    final BigInteger n;
    final BigInteger e;
    final int factorBytes;
    final int factorBits;
    private final int topByteMin;
    private final int topByteMax;
    /** Lower bound on the top 64 bits of a factor, or 0 when the factor sizes are unbalanced. */
    private final long top64Min;
    /** 2^(32 i) mod SMALL_PRIMES_PRODUCT for each 32-bit limb i of a candidate (generic path). */
    private final long[] limbWeights;

    /** Fast path (factor of a whole number of 64-bit limbs, balanced): null otherwise. */
    private final ExactQuotientFilter quotient;
    private final SmallPrimeSieve sieve;
    private final long[] limbs;
    /** The window being tested, as its bytes lie: 8-byte words read little-endian (the limbs are built from it). */
    private final long[] memory;
    /** A sieve survivor waiting for a partner, so that two quotient checks run interleaved. */
    private final long[] pendingLimbs;
    private int pendingOffset = -1;
    private Layouts.Layout pendingLayout;

    /** Windows (offsets) searched; each is tested in every layout. */
    long windows;
    /** Layout-windows that passed stage 1 (parity and size). */
    long sizeParityPassed;
    /** Layout-windows that passed the sieve (and were given to the quotient filter on the fast path). */
    long sievePassed;
    /** Exact divisions n mod c with BigInteger. */
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
        boolean fast = top64Min != 0 && factorBits % 64 == 0 && factorBits >= 128;
        quotient = fast ? new ExactQuotientFilter(n, factorBits / 64) : null;
        sieve = fast ? new SmallPrimeSieve(factorBits / 64) : null;
        limbs = fast ? new long[factorBits / 64] : null;
        memory = fast ? new long[factorBits / 64] : null;
        pendingLimbs = fast ? new long[factorBits / 64] : null;
    }

    /** Tests the windows at first, first + 4, ..., last (each with factorBytes readable bytes). */
    void search(byte[] d, int first, int last, FactorSink sink) {
        if (first > last) {
            return;
        }
        windows += (last - first) / 4 + 1;
        if (quotient != null) {
            searchFast(d, first, last, sink);
        } else {
            searchGeneric(d, first, last, sink);
        }
    }

    /** Whether the fast path applies (see the class comment); {@link RsaWindowSearch} runs only that one. */
    boolean fast() {
        return quotient != null;
    }

    /** The stage 1 size bound, sign-flipped for a signed comparison with a sign-flipped top limb. */
    long flippedTopMin() {
        return top64Min ^ Long.MIN_VALUE;
    }

    private void searchFast(byte[] d, int first, int last, FactorSink sink) {
        int len = factorBytes;
        long min = flippedTopMin();
        for (int o = first; o <= last; o += 4) {
            long beTop = (long) BE64.get(d, o);
            long leTop = (long) LE64.get(d, o + len - 8);
            long wsTop = Long.rotateLeft(Long.reverseBytes(beTop), 32);
            // non-short-circuit: random bytes make these branches unpredictable
            boolean be = (d[o + len - 1] & 1) != 0 & (beTop ^ Long.MIN_VALUE) >= min;
            boolean le = (d[o] & 1) != 0 & (leTop ^ Long.MIN_VALUE) >= min;
            boolean ws = (d[o + len - 4] & 1) != 0 & (wsTop ^ Long.MIN_VALUE) >= min;
            if (be | le | ws) {
                int layouts = (be ? bit(Layouts.Layout.BIG_ENDIAN) : 0) | (le ? bit(Layouts.Layout.LITTLE_ENDIAN) : 0)
                        | (ws ? bit(Layouts.Layout.WORD_SWAPPED) : 0);
                testWindow(d, o, layouts, sink);
            }
        }
        flush(d, sink);
    }

    /** Checks the sieve survivor still waiting for a partner, at the end of a search call. */
    void flush(byte[] d, FactorSink sink) {
        if (pendingOffset >= 0) {
            if (quotient.mayDivide(pendingLimbs)) {
                verify(d, pendingOffset, pendingLayout, sink);
            }
            pendingOffset = -1;
        }
    }

    /** A layout's bit in {@link #testWindow}'s set of layouts. */
    static int bit(Layouts.Layout layout) {
        return 1 << layout.ordinal();
    }

    /**
     * Stages 2-4 for the layouts of window o that passed stage 1 (fast path): a set of their {@link #bit}s.
     *
     * <p>Divisibility by 3, 5, 17 and 257 does not depend on the layout: they divide 2^8 - 1 or 2^8 + 1, and for a
     * number of an even count of bytes, reversing the bytes or the order of 32-bit words changes its residue modulo
     * 255 not at all and modulo 257 at most in sign. So the sieve's first step runs once per window, on the bytes as
     * they lie, before any layout's limbs are assembled; it stops half of the windows.
     */
    void testWindow(byte[] d, int o, int layouts, FactorSink sink) {
        testWindow(d, o, layouts, sink, wordSum(d, o));
    }

    /** The sum of the window's 32-bit words as they lie (read little-endian): what {@link #testWindow} starts from. */
    long wordSum(byte[] d, int o) {
        long halves = 0;
        for (int j = 0; j < factorBytes / 8; j++) {
            long v = (long) LE64.get(d, o + 8 * j);
            halves += (v & 0xffff_ffffL) + (v >>> 32);
        }
        return halves;
    }

    /**
     * {@link #testWindow(byte[], int, int, FactorSink)} given the sum of the window's 32-bit words ({@link #wordSum}),
     * which a caller sliding over the windows keeps up to date at two words per window: the first step then costs
     * no read of the window at all, and the half of the windows it stops never have their words read.
     */
    void testWindow(byte[] d, int o, int layouts, FactorSink sink, long halves) {
        sizeParityPassed += Integer.bitCount(layouts);
        if (!SmallPrimeSieve.digitsCoprime(halves)) {
            return;
        }
        long[] x = memory;
        for (int j = 0; j < x.length; j++) {
            x[j] = (long) LE64.get(d, o + 8 * j);
        }
        if ((layouts & bit(Layouts.Layout.BIG_ENDIAN)) != 0) {
            testFast(d, o, Layouts.Layout.BIG_ENDIAN, sink);
        }
        if ((layouts & bit(Layouts.Layout.LITTLE_ENDIAN)) != 0) {
            testFast(d, o, Layouts.Layout.LITTLE_ENDIAN, sink);
        }
        if ((layouts & bit(Layouts.Layout.WORD_SWAPPED)) != 0) {
            testFast(d, o, Layouts.Layout.WORD_SWAPPED, sink);
        }
    }

    /** Stages 2-4, after the digit step, for one layout-window whose bytes are in {@link #memory}. */
    private void testFast(byte[] d, int o, Layouts.Layout layout, FactorSink sink) {
        long[] x = memory;
        int k = x.length;
        long[] c = limbs;
        // a sieve call per layout, each with its layout as a constant: the compiled sieve then has no per-word test of
        // the layout (one call with the layout as a variable measured 1-2% slower on the whole search)
        switch (layout) {
            case LITTLE_ENDIAN -> {
                if (!sieve.coprimeAfterDigits(x, Layouts.Layout.LITTLE_ENDIAN)) {
                    return;
                }
                System.arraycopy(x, 0, c, 0, k);
            }
            case WORD_SWAPPED -> {
                if (!sieve.coprimeAfterDigits(x, Layouts.Layout.WORD_SWAPPED)) {
                    return;
                }
                for (int j = 0; j < k; j++) {
                    c[j] = Long.rotateLeft(x[k - 1 - j], 32);
                }
            }
            case BIG_ENDIAN -> {
                if (!sieve.coprimeAfterDigits(x, Layouts.Layout.BIG_ENDIAN)) {
                    return;
                }
                for (int j = 0; j < k; j++) {
                    c[j] = Long.reverseBytes(x[k - 1 - j]);
                }
            }
        }
        sievePassed++;
        if (pendingOffset < 0) {
            System.arraycopy(c, 0, pendingLimbs, 0, c.length);
            pendingOffset = o;
            pendingLayout = layout;
            return;
        }
        int passed = quotient.mayDivideBoth(pendingLimbs, c);
        if ((passed & 1) != 0) {
            verify(d, pendingOffset, pendingLayout, sink);
        }
        if ((passed & 2) != 0) {
            verify(d, o, layout, sink);
        }
        pendingOffset = -1;
    }

    private void searchGeneric(byte[] d, int first, int last, FactorSink sink) {
        boolean wordSwapped = factorBytes % 4 == 0;
        for (int o = first; o <= last; o += 4) {
            for (Layouts.Layout l : Layouts.Layout.values()) {
                if (l == Layouts.Layout.WORD_SWAPPED && !wordSwapped || !passesSizeParity(d, o, l)) {
                    continue;
                }
                sizeParityPassed++;
                if (coprimeToSmallPrimes(d, o, l)) {
                    sievePassed++;
                    verify(d, o, l, sink);
                }
            }
        }
    }

    private void verify(byte[] d, int o, Layouts.Layout layout, FactorSink sink) {
        divisions++;
        BigInteger c = new BigInteger(1, Layouts.fromLayout(Arrays.copyOfRange(d, o, o + factorBytes), layout));
        if (c.signum() > 0 && n.mod(c).signum() == 0) {
            sink.factor(o, layout, c);
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

    private boolean passesSizeParity(byte[] d, int o, Layouts.Layout layout) {
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
            return Long.compareUnsigned(t, top64Min) >= 0;
        }
        return true;
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
}
