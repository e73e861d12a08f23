package io.dumpguard.detect.credentials;

/**
 * A set of 3-byte keys as a 64-Kbit table (8 KB, stays in L1 next to the data): one multiply, one shift and one load
 * answer "might an anchor start with these three bytes?". Case folds by setting bit 5 of each byte, which pairs
 * every ASCII letter with its other case without a table lookup (and pairs a few punctuation bytes too, costing only
 * false positives that the exact check removes). Hash collisions are false positives as well, never misses.
 */
final class TrigramSet {
    /** Bit 5 of each of the three bytes: lower-cases letters. */
    static final int FOLD = 0x20_20_20;
    private static final int MASK = 0xFF_FF_FF;
    private static final int GOLDEN = 0x9E37_79B1;

    private final long[] bits = new long[1 << 10];

    /** Adds the key made of the low three bytes of {@code threeBytes} (first byte lowest). */
    void add(int threeBytes) {
        int h = index(threeBytes);
        bits[h >>> 6] |= 1L << h;
    }

    boolean mightContain(int threeBytes) {
        int h = index(threeBytes);
        return (bits[h >>> 6] >>> h & 1) != 0;
    }

    /** The table itself, for the scan loop to test eight keys with no calls in between. */
    long[] bits() {
        return bits;
    }

    /** Bit index of a key: the top 16 bits of a Fibonacci hash of its folded low three bytes. */
    static int index(int threeBytes) {
        return ((threeBytes & MASK | FOLD) * GOLDEN) >>> 16;
    }
}
