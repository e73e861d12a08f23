package io.dumpguard.format.hprof;

/**
 * The strict policy's measure of "looks random": Shannon entropy of the byte histogram, in bits per byte, against a
 * threshold that scales with the length, because n bytes can show at most log2(min(n, 256)) bits:
 * {@code threshold(n) = 7.0 * log2(min(n, 256)) / 8} (7.0 bits for 256+ bytes, 5.25 for 64, 3.5 for 16).
 * Uniformly random data clears it at every length from 16 bytes on (expected 3.9 bits at 16, 5.7 at 64, 7.2 at
 * 256); text, small integers and pointers do not.
 */
final class ByteEntropy {
    /** Arrays shorter than this are never "high entropy" (nothing secret fits and the measure means little). */
    static final int MIN_BYTES = 16;
    static final double FULL_THRESHOLD = 7.0;

    /** c * log2(c) for small counts: the sum over bins needs no logarithm per bin for arrays under 64 KiB. */
    private static final int TABLE = 1 << 16;
    private static final double[] C_LOG2_C = new double[TABLE];

    static {
        for (int c = 1; c < TABLE; c++) {
            C_LOG2_C[c] = c * (Math.log(c) / Math.log(2));
        }
    }

    private final int[] histogram = new int[256];
    private final int[] touched = new int[256];
    private int distinct;
    private long n;

    /** Clears only the bins in use, so measuring millions of small arrays costs what they hold, not 256 each. */
    void reset() {
        for (int i = 0; i < distinct; i++) {
            histogram[touched[i]] = 0;
        }
        distinct = 0;
        n = 0;
    }

    void add(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            int v = b[i] & 0xff;
            if (histogram[v]++ == 0) {
                touched[distinct++] = v;
            }
        }
        n += len;
    }

    /** H = log2(n) - (1/n) * sum(c * log2(c)) over the bins in use. */
    double bitsPerByte() {
        if (n == 0) {
            return 0;
        }
        double sum = 0;
        for (int i = 0; i < distinct; i++) {
            int c = histogram[touched[i]];
            sum += c < TABLE ? C_LOG2_C[c] : c * (Math.log(c) / Math.log(2));
        }
        return Math.log(n) / Math.log(2) - sum / n;
    }

    static double threshold(long length) {
        double maxBits = Math.log(Math.min(length, 256)) / Math.log(2);
        return FULL_THRESHOLD * maxBits / 8.0;
    }

    /** Entropy cannot exceed log2(distinct values), which rules out most arrays without the sum. */
    boolean high() {
        if (n < MIN_BYTES) {
            return false;
        }
        double t = threshold(n);
        if (Math.log(distinct) / Math.log(2) < t) {
            return false;
        }
        return bitsPerByte() >= t;
    }
}
