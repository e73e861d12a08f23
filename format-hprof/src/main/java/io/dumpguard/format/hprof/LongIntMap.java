package io.dumpguard.format.hprof;

import java.util.Arrays;

/**
 * Open-addressing map from non-zero long keys (HPROF ids) to ints, with no per-entry objects: the reader keeps
 * facts about classes and tracked objects in it. Zero is the empty key (HPROF id 0 is null); {@link #MISSING} is
 * returned for absent keys. The caller bounds the size.
 */
final class LongIntMap {
    static final int MISSING = Integer.MIN_VALUE;
    private long[] keys;
    private int[] values;
    private int size;
    private int mask;

    LongIntMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[cap];
        values = new int[cap];
        mask = cap - 1;
    }

    int size() {
        return size;
    }

    private static int hash(long k) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    int get(long key) {
        int i = hash(key) & mask;
        while (true) {
            long k = keys[i];
            if (k == key) {
                return values[i];
            }
            if (k == 0) {
                return MISSING;
            }
            i = (i + 1) & mask;
        }
    }

    boolean containsKey(long key) {
        return key != 0 && get(key) != MISSING;
    }

    /** Puts and returns the previous value or {@link #MISSING}. */
    int put(long key, int value) {
        if (key == 0) {
            throw new IllegalArgumentException("id 0 is the null reference");
        }
        int i = hash(key) & mask;
        while (true) {
            long k = keys[i];
            if (k == key) {
                int old = values[i];
                values[i] = value;
                return old;
            }
            if (k == 0) {
                keys[i] = key;
                values[i] = value;
                if (++size * 2 > keys.length) {
                    grow();
                }
                return MISSING;
            }
            i = (i + 1) & mask;
        }
    }

    private void grow() {
        long[] ok = keys;
        int[] ov = values;
        keys = new long[ok.length * 2];
        values = new int[ok.length * 2];
        mask = keys.length - 1;
        size = 0;
        for (int i = 0; i < ok.length; i++) {
            if (ok[i] != 0) {
                put(ok[i], ov[i]);
            }
        }
    }

    /** Calls {@code f} for every entry (order unspecified). */
    void forEach(Entry f) {
        long[] k = keys;
        int[] v = values;
        for (int i = 0; i < k.length; i++) {
            if (k[i] != 0) {
                f.accept(k[i], v[i]);
            }
        }
    }

    void clear() {
        Arrays.fill(keys, 0);
        size = 0;
    }

    @FunctionalInterface
    interface Entry {
        void accept(long key, int value);
    }
}
