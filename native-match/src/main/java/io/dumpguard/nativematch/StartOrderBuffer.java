package io.dumpguard.nativematch;

import java.util.Arrays;

/**
 * Hits found slightly out of order (by their end, or by a sample inside them), handed on in order of start, then
 * id: the order a left-to-right matcher reports in. A hit can only be overtaken by one starting less than a
 * matcher-specific distance before it, so the caller hands on everything that starts before that point whenever it
 * likes, and the buffer holds only a window of hits. Not thread-safe.
 */
public final class StartOrderBuffer {
    private long[] hits;
    private int count;

    public StartOrderBuffer(int initialCapacity) {
        hits = new long[Math.max(1, initialCapacity)];
    }

    public void clear() {
        count = 0;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    public boolean isFull() {
        return count == hits.length;
    }

    /** The start of the first hit kept by the last {@link #handOn} (the earliest of those), or of the first added. */
    public int firstStart() {
        return (int) (hits[0] >>> 32);
    }

    /** Adds a hit; grows when full (the window of hits that may still be overtaken is bounded by the caller). */
    public void add(int start, int id) {
        if (count == hits.length) {
            hits = Arrays.copyOf(hits, hits.length * 2);
        }
        hits[count++] = (long) start << 32 | id;
    }

    /** Hands on, in order, every hit that starts before {@code before}; keeps the rest, sorted. */
    public void handOn(int before, HyperscanLiterals.StartHandler handler) {
        if (count > 1) {
            Arrays.sort(hits, 0, count); // starts are array indexes (non-negative): signed order is start order
        }
        int kept = 0;
        for (int i = 0; i < count; i++) {
            long h = hits[i];
            int start = (int) (h >>> 32);
            if (start < before) {
                handler.match((int) h, start);
            } else {
                hits[kept++] = h;
            }
        }
        count = kept;
    }
}
