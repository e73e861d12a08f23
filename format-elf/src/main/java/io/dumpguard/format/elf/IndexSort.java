package io.dumpguard.format.elf;

import java.util.Arrays;

/** Orders indices by a 64-bit key. Cores are nearly always written in order, so that case costs one pass. */
final class IndexSort {
    private IndexSort() {
    }

    /** Indices of {@code keys} in unsigned ascending order (stable). */
    static int[] byUnsigned(long[] keys) {
        int n = keys.length;
        int[] idx = new int[n];
        boolean sorted = true;
        for (int i = 0; i < n; i++) {
            idx[i] = i;
            if (i > 0 && Long.compareUnsigned(keys[i - 1], keys[i]) > 0) {
                sorted = false;
            }
        }
        if (sorted) {
            return idx;
        }
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> Long.compareUnsigned(keys[a], keys[b]));
        for (int i = 0; i < n; i++) {
            idx[i] = boxed[i];
        }
        return idx;
    }
}
