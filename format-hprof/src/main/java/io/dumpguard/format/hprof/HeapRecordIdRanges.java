package io.dumpguard.format.hprof;

import java.util.Arrays;

/**
 * The lowest and highest object id in each HEAP_DUMP / HEAP_DUMP_SEGMENT record, learnt in one walk. HPROF ids are
 * addresses and HotSpot dumps the heap in address order region by region, so a later pass looking for a few ids
 * can skip every record whose range holds none of them. Memory: three longs per heap record. Ids are compared as
 * unsigned, as addresses.
 */
final class HeapRecordIdRanges {
    private long[] offsets = new long[16];
    private long[] min = new long[16];
    private long[] max = new long[16];
    private int count;
    private int current = -1;
    private int cursor;

    void begin(long recordOffset) {
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

    /**
     * Whether the record at {@code recordOffset} may hold one of {@code sortedIds} (sorted as signed longs; HPROF
     * ids of real heaps are below 2^63). Unknown records are entered.
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

    /** Records are asked for in file order, so a moving cursor finds them in constant time. */
    private int find(long recordOffset) {
        for (int n = 0; n < count; n++) {
            int i = (cursor + n) % count;
            if (offsets[i] == recordOffset) {
                cursor = i;
                return i;
            }
        }
        return -1;
    }
}
