package io.dumpguard.format.hprof;

import java.util.Arrays;

/**
 * What the parse learns about each HEAP_DUMP / HEAP_DUMP_SEGMENT record so that the key-object passes can skip the
 * records that hold nothing they look for: the lowest and highest object id in it (HPROF ids are addresses and
 * HotSpot dumps the heap in address order, so a pass looking for a few ids skips every record whose range holds
 * none of them), and, per class, which records hold its instances (so the first pass enters only the records that
 * hold instances of key classes instead of walking the whole heap).
 *
 * <p>Memory is bounded independently of the dump's size: at most {@link #MAX_RECORDS} records are indexed (three
 * longs each) and at most {@link #RECORDS_PER_CLASS} record numbers are kept per class (more mark the class as
 * "anywhere"). A record that is not indexed, and a class marked "anywhere", make the passes enter the record, as a
 * walk without the index would: the index only ever skips records it knows to be irrelevant. Ids are compared as
 * unsigned, as addresses.
 */
final class HeapRecordIndex {
    /** Heap records indexed; later ones are always entered. HotSpot writes about one per 1..8 MB of heap. */
    static final int MAX_RECORDS = 1 << 18;
    /** Distinct records remembered per class before it counts as present in every record. */
    static final int RECORDS_PER_CLASS = 4;
    private static final int ANYWHERE = -1;

    private long[] offsets = new long[16];
    private long[] min = new long[16];
    private long[] max = new long[16];
    private int count;
    /** Index of the record being added to, -1 before the first or past {@link #MAX_RECORDS}. */
    private int current = -1;
    /** Per class index: how many record numbers are in {@link #classRecords}, or {@link #ANYWHERE}. */
    private int[] classRecordCount = new int[0];
    private int[] classRecords = new int[0];

    /** A heap record starts at {@code recordOffset}; records arrive in file order. */
    void begin(long recordOffset) {
        if (count == MAX_RECORDS) {
            current = -1;
            return;
        }
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
            min = Arrays.copyOf(min, count * 2);
            max = Arrays.copyOf(max, count * 2);
        }
        offsets[count] = recordOffset;
        min[count] = -1L; // unsigned maximum: empty range
        max[count] = 0;
        current = count++;
    }

    /** An object (instance or array) with this id lies in the current record. */
    void add(long id) {
        if (current < 0) {
            return;
        }
        if (Long.compareUnsigned(id, min[current]) < 0) {
            min[current] = id;
        }
        if (Long.compareUnsigned(id, max[current]) > 0) {
            max[current] = id;
        }
    }

    /** An instance of class {@code classIndex} (its index in the registry) lies in the current record. */
    void addInstanceOf(int classIndex) {
        if (classIndex >= classRecordCount.length) {
            int n = Math.max(classIndex + 1, classRecordCount.length * 2);
            classRecordCount = Arrays.copyOf(classRecordCount, n);
            classRecords = Arrays.copyOf(classRecords, n * RECORDS_PER_CLASS);
        }
        int k = classRecordCount[classIndex];
        if (k == ANYWHERE) {
            return;
        }
        int base = classIndex * RECORDS_PER_CLASS;
        if (k > 0 && classRecords[base + k - 1] == current) {
            return; // instances of a class come in runs within one record
        }
        if (current < 0 || k == RECORDS_PER_CLASS) {
            classRecordCount[classIndex] = ANYWHERE;
            return;
        }
        classRecords[base + k] = current;
        classRecordCount[classIndex] = k + 1;
    }

    /**
     * Whether the record at {@code recordOffset} may hold an instance of one of the classes (registry indexes).
     * Records that are not indexed may.
     */
    boolean mayHoldInstanceOf(long recordOffset, int[] classIndexes) {
        int r = find(recordOffset);
        if (r < 0) {
            return true;
        }
        for (int c : classIndexes) {
            if (c >= classRecordCount.length) {
                continue; // no instance of it anywhere
            }
            int k = classRecordCount[c];
            if (k == ANYWHERE) {
                return true;
            }
            for (int i = 0; i < k; i++) {
                if (classRecords[c * RECORDS_PER_CLASS + i] == r) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether the record at {@code recordOffset} may hold one of {@code sortedIds} (sorted as signed longs; HPROF
     * ids of real heaps are below 2^63). Records that are not indexed may.
     */
    boolean mayHoldAny(long recordOffset, long[] sortedIds) {
        int i = find(recordOffset);
        if (i < 0) {
            return true;
        }
        if (Long.compareUnsigned(min[i], max[i]) > 0) {
            return false; // holds no object
        }
        if (min[i] < 0 || max[i] < 0) {
            return true; // ids with the top bit set: do not reason about order
        }
        int k = Arrays.binarySearch(sortedIds, min[i]);
        if (k >= 0) {
            return true;
        }
        int insertion = -k - 1;
        return insertion < sortedIds.length && sortedIds[insertion] <= max[i];
    }

    /** Number of indexed records (at most {@link #MAX_RECORDS}). */
    int records() {
        return count;
    }

    /** Index of the record at {@code recordOffset}, or -1 when it is not indexed (offsets are in file order). */
    private int find(long recordOffset) {
        int i = Arrays.binarySearch(offsets, 0, count, recordOffset);
        return i >= 0 ? i : -1;
    }
}
