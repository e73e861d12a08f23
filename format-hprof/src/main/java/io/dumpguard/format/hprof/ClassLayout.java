package io.dumpguard.format.hprof;

import java.util.Arrays;

/**
 * Where the values of an instance of one class lie in its INSTANCE_DUMP data: total size, and the runs of
 * primitive (non-reference) field values, merged where adjacent. The structural digest skips those runs (the
 * paranoid policy overwrites them) and covers the references between them.
 *
 * @param size          bytes of field data every instance of the class must have
 * @param primitiveRuns pairs (offset, length) of primitive value runs, in order
 */
record ClassLayout(int size, int[] primitiveRuns) {
    static ClassLayout of(byte[] types, int idSize) {
        int[] runs = new int[8];
        int n = 0;
        int off = 0;
        for (byte t : types) {
            int s = HprofTags.typeSize(t, idSize);
            if (t != HprofTags.OBJECT) {
                if (n > 0 && runs[n - 2] + runs[n - 1] == off) {
                    runs[n - 1] += s;
                } else {
                    if (n + 2 > runs.length) {
                        runs = Arrays.copyOf(runs, runs.length * 2);
                    }
                    runs[n++] = off;
                    runs[n++] = s;
                }
            }
            off += s;
        }
        return new ClassLayout(off, Arrays.copyOf(runs, n));
    }
}
