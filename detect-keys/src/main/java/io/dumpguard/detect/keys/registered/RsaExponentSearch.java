package io.dumpguard.detect.keys.registered;

import io.dumpguard.core.Layouts;
import io.dumpguard.core.spi.RegisteredKey;
import io.dumpguard.detect.keys.proof.ProvenKey;
import io.dumpguard.detect.keys.proof.RsaProof;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Exhaustive search for the private exponent d of one registered RSA modulus: every 4-byte-aligned window of the
 * modulus' length, in big-endian, little-endian and word-swapped layout, is a candidate c.
 *
 * <p>Why a cheap filter exists: e*d = 1 + K*phi(n)/g' with 0 < K < e, where g' = 1 when d was computed mod phi(n)
 * and g' = gcd(p-1, q-1) when mod lambda(n). Since phi(n) = n - (p+q) + 1 differs from n only in its lower half,
 * x = d*e/n equals the rational A/b = K/g' (in lowest terms, A/b < e) to within about e*2^-(bits(n)/2 - 2). The top
 * 64 bits of c give x to within e*2^s/n (s = the bits below them, at most 2^-39 for e < 2^17), with one multiply
 * and two multiply-highs against a precomputed fixed-point e*2^s/n. So a window can only be d if the fraction part
 * of x lies within {@link #tolerance} of a fraction a/b with b &lt;= {@link #MAX_DENOMINATOR}: a bitset over the top
 * {@value #BUCKET_BITS} bits of the fraction part answers that for all but about 1% of random windows, a look-up of the
 * bucket's fraction for the rest, leaving about 2^-26 of random windows. Zero and other small windows are excluded
 * first by their top 64 bits (a real d is at least n/(256 e)).
 *
 * <p>The proof, for a survivor with x near A/b: phi = b*(e*c - 1)/A must be an exact integer, s = n - phi + 1 must
 * have s^2 - 4n a perfect square r^2, and then p = (s+r)/2, q = (s-r)/2 are checked by {@link RsaProof#prove}
 * (p*q = n and e*c = 1 mod lambda(n)). Nothing is reported without that.
 *
 * <p>Coverage: d mod phi(n) always (b = 1); d mod lambda(n) whenever K/gcd(p-1, q-1) in lowest terms has a
 * denominator of at most {@value #MAX_DENOMINATOR}, which holds unless gcd(p-1, q-1) > 128, i.e. for about 99% of
 * random primes (P(gcd = 2m) is about 6/(pi^2 m^2)). A d stored with fewer bytes than n (d below n/2^32, probability
 * about 2^-26) is not searched. Keys with e >= 2^32 are not searched for d (their error bound would pass too much).
 */
final class RsaExponentSearch {
    private static final VarHandle LE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** Largest reduced denominator of K/g' searched (see the class comment for the coverage this gives). */
    static final int MAX_DENOMINATOR = 128;
    /**
     * The bitset is indexed by this many top bits of the fraction part: 2^19 bits = 64 KiB (with its rank table 96
     * KiB per registered key and scanning thread). A bucket (2^-19) is narrower than the smallest gap between two
     * fractions of denominator <= 128 (about 2^-14), so a bucket holds at most one fraction. Measured on the bench
     * image against 2^18 bits (32 KiB, in L1): half the bucket hits, each a slow-path test of a window, for 3% less
     * time in the search; 2^20 bits gained nothing more.
     */
    static final int BUCKET_BITS = 19;
    /** 2^-40 of tolerance, in units of 2^-64, unless the truncation error bound needs more. */
    private static final long MIN_TOLERANCE = 1L << 24;
    private static final int MAX_EXPONENT_BITS = 32;

    /** Receives each private exponent proven by factoring n with it. */
    interface ExponentSink {
        void exponent(int offset, Layouts.Layout layout, ProvenKey key);
    }

    final RegisteredKey key;
    final BigInteger n;
    final BigInteger e;
    /** Length of a window: the modulus' byte length. */
    final int bytes;
    /** False when e is too large for the filter's error bound; then nothing is searched. */
    final boolean enabled;
    /** Distance from a/b (in units of 2^-64 of the fraction part) within which a window survives. */
    final long tolerance;
    /** e*2^s/n as a 128-bit binary fraction (it is below 2^-23). */
    final long rHi;
    final long rLo;
    private final long eLong;
    /** One bit per bucket of {@link #BUCKET_BITS} top bits of the fraction part: set where a fraction a/b may lie. */
    final long[] buckets;
    /** Set bits in {@link #buckets} before each 64-bit word: a marked bucket's rank among the marked ones. */
    private final int[] rankBase;
    /**
     * For each marked bucket, by rank, the index of the first fraction at or above the bucket's start. Indexed by rank
     * rather than by bucket, it takes about 30 KiB instead of the 512 KiB a table over all buckets took, per
     * registered key and scanning thread (a hundred registered keys on 8 threads needed 400 MiB for it).
     */
    private final char[] firstFraction;
    /** A real d has c*e/n near A/b >= 1/128, so its top 64 bits are at least those of n/(256 e). */
    final long topMin;
    /** Fractions a/b * 2^64, sorted as unsigned numbers (stored with the sign bit flipped), with a and b. */
    private final long[] fractionKeys;
    private final int[] numerators;
    private final int[] denominators;

    /** Windows (offsets) searched; each in every layout. */
    long windows;
    /** Layout-windows whose fraction part fell in a marked bucket. */
    long bucketHits;
    /** Layout-windows within tolerance of a fraction a/b with b <= MAX_DENOMINATOR and A/b below e. */
    long nearRational;
    /** Candidates checked exactly with BigInteger. */
    long exactChecks;

    RsaExponentSearch(RegisteredKey key, BigInteger n, BigInteger e) {
        this.key = key;
        this.n = n;
        this.e = e;
        bytes = (n.bitLength() + 7) / 8;
        enabled = e.bitLength() <= MAX_EXPONENT_BITS && e.signum() > 0 && bytes >= 16;
        eLong = enabled ? e.longValue() : 0;
        int s = 8 * bytes - 64;
        BigInteger r = enabled ? e.shiftLeft(s + 128).divide(n) : BigInteger.ZERO;
        rHi = r.shiftRight(64).longValue();
        rLo = r.longValue();
        // |c - top64 * 2^s| < 2^s, so x is off by less than e*2^s/n = rHi/2^64 (plus rounding of a few units)
        tolerance = Math.max(MIN_TOLERANCE, 4 * rHi + 64);
        topMin = enabled ? n.divide(e.shiftLeft(8)).shiftRight(s).longValue() : 0;
        int count = 0;
        for (int b = 1; b <= MAX_DENOMINATOR; b++) {
            for (int a = 0; a < b; a++) {
                if (gcd(a, b) == 1) {
                    count++;
                }
            }
        }
        long[][] rows = new long[count][];
        int i = 0;
        for (int b = 1; b <= MAX_DENOMINATOR; b++) {
            for (int a = 0; a < b; a++) {
                if (gcd(a, b) == 1) {
                    rows[i++] = new long[] {roundedFraction(a, b) ^ Long.MIN_VALUE, a, b};
                }
            }
        }
        Arrays.sort(rows, (x, y) -> Long.compare(x[0], y[0]));
        fractionKeys = new long[count];
        numerators = new int[count];
        denominators = new int[count];
        buckets = new long[(1 << BUCKET_BITS) / 64];
        for (int j = 0; j < count; j++) {
            fractionKeys[j] = rows[j][0];
            numerators[j] = (int) rows[j][1];
            denominators[j] = (int) rows[j][2];
            long v = rows[j][0] ^ Long.MIN_VALUE;
            // the tolerance is far below a bucket's width, so the interval touches at most two buckets (mod 1)
            mark(v - tolerance);
            mark(v);
            mark(v + tolerance);
        }
        rankBase = new int[buckets.length];
        int marked = 0;
        for (int w = 0; w < buckets.length; w++) {
            rankBase[w] = marked;
            marked += Long.bitCount(buckets[w]);
        }
        firstFraction = new char[marked];
        int j = 0;
        int rank = 0;
        // the marked buckets in order, by their set bits (a loop over every bucket ran 2^19 times per key and thread)
        for (int w = 0; w < buckets.length; w++) {
            for (long word = buckets[w]; word != 0; word &= word - 1) {
                int bucket = 64 * w + Long.numberOfTrailingZeros(word);
                long start = (long) bucket << (64 - BUCKET_BITS);
                while (j < count && Long.compareUnsigned(fractionKeys[j] ^ Long.MIN_VALUE, start) < 0) {
                    j++;
                }
                firstFraction[rank++] = (char) j;
            }
        }
    }

    /**
     * a/b * 2^64 rounded down after adding half of b, for 0 <= a < b <= 128 (what fits in 64 bits unsigned), by long
     * division in two 32-bit steps: a*2^32 / b, then the remainder's next 32 bits with b/2.
     */
    static long roundedFraction(int a, int b) {
        long high = (long) a << 32;
        long q1 = high / b;
        long q0 = ((high % b << 32) + b / 2) / b;
        return q1 << 32 | q0;
    }

    private void mark(long fraction) {
        int bucket = (int) (fraction >>> (64 - BUCKET_BITS));
        buckets[bucket >>> 6] |= 1L << bucket;
    }

    /** Tests the windows at first, first + 4, ..., last (each with {@link #bytes} readable bytes). */
    void search(byte[] d, int first, int last, ExponentSink sink) {
        if (!enabled || first > last) {
            return;
        }
        windows += (last - first) / 4 + 1;
        int len = bytes;
        boolean wordSwapped = len % 4 == 0;
        long[] bits = buckets;
        long min = topMin;
        for (int o = first; o <= last; o += 4) {
            long beTop = (long) BE64.get(d, o);
            long leTop = (long) LE64.get(d, o + len - 8);
            long wsTop = Long.rotateLeft(Long.reverseBytes(beTop), 32);
            long beF = fraction(beTop);
            long leF = fraction(leTop);
            long wsF = fraction(wsTop);
            int beB = (int) (beF >>> (64 - BUCKET_BITS));
            int leB = (int) (leF >>> (64 - BUCKET_BITS));
            int wsB = (int) (wsF >>> (64 - BUCKET_BITS));
            // non-short-circuit: random bytes make these branches unpredictable
            boolean be = (bits[beB >>> 6] >>> beB & 1) != 0 & Long.compareUnsigned(beTop, min) >= 0;
            boolean le = (bits[leB >>> 6] >>> leB & 1) != 0 & Long.compareUnsigned(leTop, min) >= 0;
            boolean ws = (bits[wsB >>> 6] >>> wsB & 1) != 0 & Long.compareUnsigned(wsTop, min) >= 0
                    & wordSwapped;
            if (be | le | ws) {
                if (be) {
                    near(d, o, Layouts.Layout.BIG_ENDIAN, beTop, beF, sink);
                }
                if (le) {
                    near(d, o, Layouts.Layout.LITTLE_ENDIAN, leTop, leF, sink);
                }
                if (ws) {
                    near(d, o, Layouts.Layout.WORD_SWAPPED, wsTop, wsF, sink);
                }
            }
        }
    }

    /** The fraction part of top * e*2^s/n, in units of 2^-64. */
    private long fraction(long top) {
        return top * rHi + Math.unsignedMultiplyHigh(top, rLo);
    }

    /** The integer part of top * e*2^s/n (the carry of {@link #fraction} included). */
    private long integerPart(long top) {
        long lo = top * rHi;
        long hi = Math.unsignedMultiplyHigh(top, rHi);
        long f = lo + Math.unsignedMultiplyHigh(top, rLo);
        return Long.compareUnsigned(f, lo) < 0 ? hi + 1 : hi;
    }

    /** Every stage for one layout-window whose top 64 bits are top (what {@link #search} does for each). */
    void test(byte[] d, int o, Layouts.Layout layout, long top, ExponentSink sink) {
        long f = fraction(top);
        int bucket = (int) (f >>> (64 - BUCKET_BITS));
        if ((buckets[bucket >>> 6] >>> bucket & 1) != 0 && Long.compareUnsigned(top, topMin) >= 0) {
            near(d, o, layout, top, f, sink);
        }
    }

    /** The exact stages for one layout-window whose fraction part fell in a marked bucket. */
    private void near(byte[] d, int o, Layouts.Layout layout, long top, long f, ExponentSink sink) {
        bucketHits++;
        // the nearest fraction below f and the one above it are among these three (mod 1), a bucket holding at most one
        int bucket = (int) (f >>> (64 - BUCKET_BITS));
        long word = buckets[bucket >>> 6];
        int idx = firstFraction[rankBase[bucket >>> 6] + Long.bitCount(word & ((1L << bucket) - 1))];
        int count = fractionKeys.length;
        int below = Math.floorMod(idx - 1, count);
        int at = idx % count;
        int above = (idx + 1) % count;
        int match = within(f, below) ? below : within(f, at) ? at : within(f, above) ? above : -1;
        if (match < 0) {
            return;
        }
        long a = numerators[match];
        long b = denominators[match];
        long integer = integerPart(top);
        if (a == 0 && f < 0) {
            integer++; // just below the next integer
        }
        if (Long.compareUnsigned(integer, eLong) >= 0) {
            return; // A/b = K/g' < e
        }
        long numerator = integer * b + a;
        if (numerator == 0) {
            return;
        }
        nearRational++;
        exactChecks++;
        BigInteger c = new BigInteger(1, Layouts.fromLayout(Arrays.copyOfRange(d, o, o + bytes), layout));
        ProvenKey k = prove(c, BigInteger.valueOf(numerator), BigInteger.valueOf(b));
        if (k != null) {
            sink.exponent(o, layout, k);
        }
    }

    private boolean within(long f, int j) {
        long diff = f - (fractionKeys[j] ^ Long.MIN_VALUE);
        return Math.abs(diff) <= tolerance;
    }

    /** Factors n with the candidate c, given e*c - 1 = (A/b) * phi(n); null unless c is a private exponent. */
    ProvenKey prove(BigInteger c, BigInteger numerator, BigInteger denominator) {
        BigInteger[] qr = e.multiply(c).subtract(BigInteger.ONE).multiply(denominator).divideAndRemainder(numerator);
        if (qr[1].signum() != 0) {
            return null;
        }
        BigInteger sum = n.subtract(qr[0]).add(BigInteger.ONE); // p + q
        if (sum.signum() <= 0) {
            return null;
        }
        BigInteger disc = sum.multiply(sum).subtract(n.shiftLeft(2)); // (p - q)^2
        if (disc.signum() < 0) {
            return null;
        }
        BigInteger root = disc.sqrt();
        if (!root.multiply(root).equals(disc) || sum.testBit(0) != root.testBit(0)) {
            return null;
        }
        BigInteger p = sum.add(root).shiftRight(1);
        BigInteger q = sum.subtract(root).shiftRight(1);
        return RsaProof.prove(n, e, c, p, q, RsaProof.RSA_ENCRYPTION);
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
