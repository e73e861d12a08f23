package io.dumpguard.nativematch;

import java.util.Arrays;

/**
 * The hits of one {@link LiteralSet} in one scanned range, in order of start, then id, as a {@link SharedLiteralPass}
 * found them for the detector that owns the set. Bounded: a pass keeps at most {@link SharedLiteralPass#MAX_HITS}
 * hits over all its sets, and leaves a range with more to each detector's own scan.
 */
public final class LiteralHits {
    private int[] ids = new int[256];
    private int[] starts = new int[256];
    private int size;

    void clear() {
        size = 0;
    }

    void add(int id, int start) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
            starts = Arrays.copyOf(starts, size * 2);
        }
        ids[size] = id;
        starts[size] = start;
        size++;
    }

    public int size() {
        return size;
    }

    /** Where hit {@code i} (in order) starts. */
    public int start(int i) {
        java.util.Objects.checkIndex(i, size);
        return starts[i];
    }

    /** Hands every hit on, in order: the literal's id in its own set and the index of its first byte. */
    public void replay(HyperscanLiterals.StartHandler handler) {
        for (int i = 0; i < size; i++) {
            handler.match(ids[i], starts[i]);
        }
    }
}
