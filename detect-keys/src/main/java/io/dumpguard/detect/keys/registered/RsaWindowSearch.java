package io.dumpguard.detect.keys.registered;

import io.dumpguard.core.Layouts;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The factor search and the private exponent search of one registered RSA key in a single pass over the windows.
 *
 * <p>Both test every 4-byte-aligned offset in the same three layouts, and both start a window from its top 64 bits:
 * the big-endian and word-swapped tops are the same 8 bytes at the window's start for both window lengths, so one
 * pass loads them once. The per-window work is most of the search on memory whose windows fail stage 1, and it is
 * bound by the number of operations, so the factor search's stage 1 runs first on two windows at once, within two
 * 64-bit words: the top byte of each layout's candidate at least that of the size bound, and its low byte odd (the
 * exact 64-bit comparison follows only where that holds). Measured on 256 MiB of the bench image: the first stages of
 * both searches take 5.8 ns per window together, where they took 6.0 and 5.8 each in two passes; the whole search
 * of that 256 MiB, 1.6 s instead of 2.0. Each window then gets exactly the tests {@link RsaFactorSearch#search} and
 * {@link RsaExponentSearch#search} would give it (a property test holds the two to the same findings and counts);
 * the offsets past the last exponent window, where only a factor fits, are left to the factor search alone.
 */
final class RsaWindowSearch {
    private static final VarHandle LE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGH = 0x8080_8080_8080_8080L;
    /** Where {@link #search}'s factor bits are for each layout: window o in the low half, o + 4 in the high. */
    private static final long BE_BITS = 1L << 7 | 1L << 39;
    private static final long LE_BITS = 1L | 1L << 32;
    private static final long WS_BITS = 1L << 31 | 1L << 63;
    private static final long WINDOW_0 = 0xffff_ffffL;

    private RsaWindowSearch() {
    }

    /** Whether one pass can run both searches (both on their fast paths, whole 32-bit words in a modulus). */
    static boolean fusable(RsaFactorSearch f, RsaExponentSearch x) {
        // the exponent window reaches 8 bytes past the factor window's end: the word sum slides on reads there
        return f.fast() && x.enabled && x.bytes % 4 == 0 && x.bytes >= f.factorBytes + 8 && f.factorBytes % 8 == 0
                && (f.flippedTopMin() ^ Long.MIN_VALUE) < 0 && x.topMin != 0;
    }

    /**
     * Windows per call of {@link #searchBlock} (a multiple of 8 bytes). A call per block rather than one per chunk:
     * the JIT compiled the loop while it was still in its first chunk, from a profile in which it had never ended, so
     * the first chunk's end threw the compiled code away (on both scanning threads, 0.2 s of profiling code and a
     * second compilation in a 1 GiB scan). A block ends every 64 KiB, in the profile too.
     */
    static final int BLOCK_BYTES = 64 << 10;

    /**
     * Tests the factor windows at first, first + 4, ..., lastFactor and the exponent windows at first, ...,
     * lastExponent (each window with its search's length of readable bytes).
     */
    static void search(RsaFactorSearch f, RsaExponentSearch x, byte[] d, int first, int lastFactor, int lastExponent,
                       RsaFactorSearch.FactorSink factors, RsaExponentSearch.ExponentSink exponents) {
        int both = Math.min(lastFactor, lastExponent);
        int o = first;
        while (both - o >= BLOCK_BYTES) {
            o = searchBlock(f, x, d, o, o + BLOCK_BYTES - 4, factors, exponents);
        }
        if (o <= both) {
            o = searchBlock(f, x, d, o, both, factors, exponents);
        }
        f.flush(d, factors);
        // the offsets where only one of the windows fits
        if (o <= lastFactor) {
            f.search(d, o, lastFactor, factors);
        }
        if (o <= lastExponent) {
            x.search(d, o, lastExponent, exponents);
        }
    }

    /** Both searches at the windows first, first + 4, ..., both (first <= both); returns both + 4. */
    private static int searchBlock(RsaFactorSearch f, RsaExponentSearch x, byte[] d, int first, int both,
                                   RsaFactorSearch.FactorSink factors, RsaExponentSearch.ExponentSink exponents) {
        int o = first;
        long windows = (both - first) / 4 + 1;
        f.windows += windows;
        x.windows += windows;
        int fLen = f.factorBytes;
        int xLen = x.bytes;
        // stage 1 of the factor search, on the top byte only: bytes >= t, t = the bound's top byte (bit 7 set)
        long tLow = ((f.flippedTopMin() ^ Long.MIN_VALUE) >>> 56 & 0x7f) * ONES;
        long[] bits = x.buckets;
        long rHi = x.rHi;
        long rLo = x.rLo;
        int shift = 64 - RsaExponentSearch.BUCKET_BITS;
        // a top below 2^small is below the exponent's size bound (zero memory lands in the marked bucket of 0/1)
        int small = 63 - Long.numberOfLeadingZeros(x.topMin | 1);
        // the sum of the 32-bit words of the factor window at o, slid along by two words per window: the sieve's
        // first step needs nothing else (see RsaFactorSearch.testWindow)
        long sum = f.wordSum(d, o);
        for (; o + 4 <= both; o += 8) {
            // two windows, o and o + 4: byte j of a is byte 0 or 3 of a window's start (j = 0, 3 / 4, 7), byte j
            // of b byte fLen-4 or fLen-1 of its end
            long a = (long) LE64.get(d, o);
            long b = (long) LE64.get(d, o + fLen - 4);
            long sum4 = sum - (a & WINDOW_0) + (b >>> 32);
            long bigA = atLeast(a, tLow);
            long bigB = atLeast(b, tLow);
            long oddA = a & ONES;
            long oddB = b & ONES;
            long factorBits = bigA & oddB >>> 17 & BE_BITS      // top byte 0, parity byte fLen-1
                    | oddA & bigB >>> 31 & LE_BITS               // top byte fLen-1, parity byte 0
                    | bigA & oddB << 31 & WS_BITS;               // top byte 3, parity byte fLen-4
            long be0 = (long) BE64.get(d, o);
            long be1 = (long) BE64.get(d, o + 4);
            long ws0 = Long.rotateLeft(Long.reverseBytes(be0), 32);
            long ws1 = Long.rotateLeft(Long.reverseBytes(be1), 32);
            long le0 = (long) LE64.get(d, o + xLen - 8);
            long le1 = (long) LE64.get(d, o + xLen - 4);
            long x0 = mayBeExponent(be0, bits, rHi, rLo, shift, small)
                    | mayBeExponent(ws0, bits, rHi, rLo, shift, small)
                    | mayBeExponent(le0, bits, rHi, rLo, shift, small);
            long x1 = mayBeExponent(be1, bits, rHi, rLo, shift, small)
                    | mayBeExponent(ws1, bits, rHi, rLo, shift, small)
                    | mayBeExponent(le1, bits, rHi, rLo, shift, small);
            if ((factorBits | x0 | x1) != 0) {
                if ((factorBits & WINDOW_0) != 0 | x0 != 0) {
                    window(f, x, d, o, factorBits & WINDOW_0, x0 != 0, factors, exponents, sum);
                }
                if ((factorBits & ~WINDOW_0) != 0 | x1 != 0) {
                    window(f, x, d, o + 4, factorBits >>> 32, x1 != 0, factors, exponents, sum4);
                }
            }
            // the window at o + 8 has lost the words at o and o + 4 and gained the two after the one at o + 4
            long c = (long) LE64.get(d, o + fLen);
            sum = sum4 - (a >>> 32) + (c >>> 32);
        }
        if (o <= both) {
            long parity = (d[o + fLen - 1] & 1L) << 7 | d[o] & 1L | (d[o + fLen - 4] & 1L) << 31;
            window(f, x, d, o, parity, true, factors, exponents, f.wordSum(d, o));
            o += 4;
        }
        return o;
    }

    /** Bit 7 of each byte of x that is at least t's, for t with bit 7 set (tLow: t's low 7 bits in every byte). */
    private static long atLeast(long x, long tLow) {
        // (x | 0x80) - t's low bits keeps bit 7 iff x's low bits >= t's, and never borrows from the next byte
        return x & ((x | HIGH) - tLow) & HIGH;
    }

    /**
     * 1 if the window whose top 64 bits these are may hold d: its fraction part lies in a marked bucket
     * and it is at least 2^small; else 0, without a branch.
     */
    private static long mayBeExponent(long top, long[] bits, long rHi, long rLo, int shift, int small) {
        return marked(bits, top * rHi + Math.unsignedMultiplyHigh(top, rLo), shift) & large(top, small);
    }

    /** 1 if top is at least 2^small, else 0, without a branch. */
    private static long large(long top, int small) {
        return -(top >>> small) >>> 63;
    }

    private static long marked(long[] bits, long fraction, int shift) {
        int bucket = (int) (fraction >>> shift);
        return bits[bucket >>> 6] >>> bucket & 1;
    }

    /**
     * The exact tests for one window that a cheaper test in {@link #search} did not rule out: stage 1 of the factor
     * search for the layouts in factorBits (bit positions of window o; each set only where the layout's low byte is
     * odd), and the exponent bucket test if exponent.
     */
    private static void window(RsaFactorSearch f, RsaExponentSearch x, byte[] d, int o, long factorBits,
                               boolean exponent, RsaFactorSearch.FactorSink factors,
                               RsaExponentSearch.ExponentSink exponents, long wordSum) {
        int fLen = f.factorBytes;
        long fMin = f.flippedTopMin();
        long beTop = (long) BE64.get(d, o);
        long wsTop = Long.rotateLeft(Long.reverseBytes(beTop), 32);
        long leTop = (long) LE64.get(d, o + fLen - 8);
        // the parity is in factorBits already: the full 64-bit size test remains
        int layouts = 0;
        if ((factorBits & BE_BITS) != 0 && (beTop ^ Long.MIN_VALUE) >= fMin) {
            layouts |= RsaFactorSearch.bit(Layouts.Layout.BIG_ENDIAN);
        }
        if ((factorBits & LE_BITS) != 0 && (leTop ^ Long.MIN_VALUE) >= fMin) {
            layouts |= RsaFactorSearch.bit(Layouts.Layout.LITTLE_ENDIAN);
        }
        if ((factorBits & WS_BITS) != 0 && (wsTop ^ Long.MIN_VALUE) >= fMin) {
            layouts |= RsaFactorSearch.bit(Layouts.Layout.WORD_SWAPPED);
        }
        if (layouts != 0) {
            f.testWindow(d, o, layouts, factors, wordSum);
        }
        if (exponent) {
            x.test(d, o, Layouts.Layout.BIG_ENDIAN, beTop, exponents);
            x.test(d, o, Layouts.Layout.LITTLE_ENDIAN, (long) LE64.get(d, o + x.bytes - 8), exponents);
            x.test(d, o, Layouts.Layout.WORD_SWAPPED, wsTop, exponents);
        }
    }
}
