package io.dumpguard.core.io;

import java.util.Arrays;

/**
 * Byte ranges of a file known to read as zero without reading them: the ranges a sparse copy never wrote (a file
 * extended past them reads zeros there, by POSIX). Reading them instead would make the file system allocate a
 * zero-filled page of page cache for every page of them, which on a JVM core's gigabytes of untouched heap costs
 * more than the rest of the run's I/O. Sorted, disjoint, immutable.
 */
public final class ZeroRanges {
    public static final ZeroRanges NONE = new ZeroRanges(new long[0]);

    /** start0, end0, start1, end1, ...: sorted, disjoint, non-empty, not touching */
    private final long[] bounds;

    private ZeroRanges(long[] bounds) {
        this.bounds = bounds;
    }

    /** Collects ranges in increasing order. */
    public static final class Builder {
        private long[] b = new long[16];
        private int n;

        /** Adds {@code [start, end)}, which must not lie before the end of the range added last. */
        public Builder add(long start, long end) {
            if (start < 0 || end < start || n > 0 && start < b[n - 1]) {
                throw new IllegalArgumentException("zero ranges must come in order: [" + start + ", " + end + ")");
            }
            if (end == start) {
                return this;
            }
            if (n > 0 && b[n - 1] == start) {
                b[n - 1] = end; // touching: one range
                return this;
            }
            if (n + 2 > b.length) {
                b = Arrays.copyOf(b, b.length * 2);
            }
            b[n++] = start;
            b[n++] = end;
            return this;
        }

        public ZeroRanges build() {
            return n == 0 ? NONE : new ZeroRanges(Arrays.copyOf(b, n));
        }
    }

    public boolean isEmpty() {
        return bounds.length == 0;
    }

    /** Total bytes covered. */
    public long bytes() {
        long s = 0;
        for (int i = 0; i < bounds.length; i += 2) {
            s += bounds[i + 1] - bounds[i];
        }
        return s;
    }

    /** Receives the pieces of a span in order: each either to be read or known to be zero. */
    @FunctionalInterface
    public interface PartSink<E extends Exception> {
        void part(long offset, long length, boolean zero) throws E;
    }

    /** Splits {@code [offset, offset + length)} into pieces that are wholly zero or wholly not, in order. */
    public <E extends Exception> void split(long offset, long length, PartSink<E> sink) throws E {
        long end = offset + length;
        long pos = offset;
        if (bounds.length > 0) {
            // the first range that ends after pos
            int lo = 0;
            int hi = bounds.length / 2;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (bounds[2 * mid + 1] <= pos) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            for (int r = lo; r < bounds.length / 2 && pos < end; r++) {
                long zs = Math.max(bounds[2 * r], pos);
                long ze = Math.min(bounds[2 * r + 1], end);
                if (zs >= end) {
                    break;
                }
                if (zs > pos) {
                    sink.part(pos, zs - pos, false);
                }
                sink.part(zs, ze - zs, true);
                pos = ze;
            }
        }
        if (pos < end) {
            sink.part(pos, end - pos, false);
        }
    }

    @Override
    public String toString() {
        return "ZeroRanges(" + bounds.length / 2 + " ranges, " + bytes() + " bytes)";
    }
}
