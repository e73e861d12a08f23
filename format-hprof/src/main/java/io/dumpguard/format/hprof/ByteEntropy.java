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

    private final int[] histogram = new int[256];
    private long n;

    void reset() {
        java.util.Arrays.fill(histogram, 0);
        n = 0;
    }

    void add(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            histogram[b[i] & 0xff]++;
        }
        n += len;
    }

    double bitsPerByte() {
        if (n == 0) {
            return 0;
        }
        double h = 0;
        for (int c : histogram) {
            if (c > 0) {
                double p = (double) c / n;
                h -= p * Math.log(p);
            }
        }
        return h / Math.log(2);
    }

    static double threshold(long length) {
        double maxBits = Math.log(Math.min(length, 256)) / Math.log(2);
        return FULL_THRESHOLD * maxBits / 8.0;
    }

    boolean high() {
        return n >= MIN_BYTES && bitsPerByte() >= threshold(n);
    }
}
