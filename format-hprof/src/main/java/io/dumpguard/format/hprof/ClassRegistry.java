package io.dumpguard.format.hprof;

import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.error.LimitExceededException;
import io.dumpguard.core.error.MalformedDumpException;

import java.util.Arrays;

/**
 * Every class of the dump: its super class, name id (from LOAD_CLASS), where its instance field descriptors lie,
 * and, computed on first use, its instance layout (total size, where the primitive field runs are). Memory is
 * proportional to the number of classes, bounded by {@code Limits.maxClasses}, never to the number of objects.
 */
final class ClassRegistry {
    private final int idSize;
    private final int maxClasses;
    private final LongIntMap index = new LongIntMap(4096);
    private final LongIntMap nameByClass = new LongIntMap(4096); // class id -> index into nameIds
    private long[] nameIds = new long[1024];
    private int names;
    private long[] classIds = new long[1024];
    private long[] superIds = new long[1024];
    private long[] fieldsOffset = new long[1024];
    private int[] fieldCount = new int[1024];
    private long[] dumpOffset = new long[1024];
    private ClassLayout[] layouts = new ClassLayout[1024];
    private int count;

    ClassRegistry(int idSize, int maxClasses) {
        this.idSize = idSize;
        this.maxClasses = maxClasses;
    }

    int count() {
        return count;
    }

    void loadClass(long classId, long nameId, long recordOffset) throws InputRefusedException {
        if (classId == 0) {
            return;
        }
        if (nameByClass.get(classId) == LongIntMap.MISSING) {
            if (names >= maxClasses) {
                throw new LimitExceededException("maxClasses (LOAD_CLASS at 0x" + Long.toHexString(recordOffset) + ")",
                        names + 1L, maxClasses, "raise Limits.maxClasses");
            }
            if (names == nameIds.length) {
                nameIds = Arrays.copyOf(nameIds, names * 2);
            }
            nameIds[names] = nameId;
            nameByClass.put(classId, names++);
        }
    }

    /**
     * Registers a CLASS_DUMP. The old hprof agent writes several HEAP_DUMP records per file, each dumping the
     * classes again: a repeated class is accepted when its super class and instance field descriptors are the
     * same bytes, since instance layouts depend on them.
     */
    void classDump(long classId, long superId, long recordOffset, long fields, int nFields, HprofInput in)
            throws InputRefusedException {
        if (classId == 0) {
            throw new MalformedDumpException(recordOffset, "CLASS_DUMP", "class id is 0");
        }
        int existing = index.get(classId);
        if (existing != LongIntMap.MISSING) {
            if (superIds[existing] != superId || fieldCount[existing] != nFields
                    || !sameBytes(in, fieldsOffset[existing], fields, (long) nFields * (idSize + 1))) {
                throw new MalformedDumpException(recordOffset, "CLASS_DUMP", "class 0x" + Long.toHexString(classId)
                        + " dumped again with another super class or other fields than at 0x"
                        + Long.toHexString(dumpOffset[existing]));
            }
            return;
        }
        if (count >= maxClasses) {
            throw new LimitExceededException("maxClasses (CLASS_DUMP at 0x" + Long.toHexString(recordOffset) + ")",
                    count + 1L, maxClasses, "raise Limits.maxClasses");
        }
        if (count == classIds.length) {
            int n = count * 2;
            classIds = Arrays.copyOf(classIds, n);
            superIds = Arrays.copyOf(superIds, n);
            fieldsOffset = Arrays.copyOf(fieldsOffset, n);
            fieldCount = Arrays.copyOf(fieldCount, n);
            dumpOffset = Arrays.copyOf(dumpOffset, n);
            layouts = Arrays.copyOf(layouts, n);
        }
        classIds[count] = classId;
        superIds[count] = superId;
        fieldsOffset[count] = fields;
        fieldCount[count] = nFields;
        dumpOffset[count] = recordOffset;
        index.put(classId, count++);
    }

    private static boolean sameBytes(HprofInput in, long a, long b, long len) throws MalformedDumpException {
        for (long i = 0; i < len; i++) {
            if (in.u1(a + i, "CLASS_DUMP fields") != in.u1(b + i, "CLASS_DUMP fields")) {
                return false;
            }
        }
        return true;
    }

    /** Index of the class with this id, or -1. */
    int indexOf(long classId) {
        int i = index.get(classId);
        return i == LongIntMap.MISSING ? -1 : i;
    }

    long classId(int idx) {
        return classIds[idx];
    }

    /** Index of the super class, -1 for none (java.lang.Object) or when the super class is not (yet) dumped. */
    int superIndex(int idx) {
        return superIds[idx] == 0 ? -1 : indexOf(superIds[idx]);
    }

    long superId(int idx) {
        return superIds[idx];
    }

    long dumpOffset(int idx) {
        return dumpOffset[idx];
    }

    long fieldsOffset(int idx) {
        return fieldsOffset[idx];
    }

    int fieldCount(int idx) {
        return fieldCount[idx];
    }

    /** The UTF8 id of the class's name, or 0 when no LOAD_CLASS named it. */
    long nameId(long classId) {
        int n = nameByClass.get(classId);
        return n == LongIntMap.MISSING ? 0 : nameIds[n];
    }

    /**
     * Every super class id resolves to a dumped class and no super chain has a cycle (checked in linear time, so a
     * hostile chain of a million classes costs a million steps, not a trillion).
     */
    void checkSuperClasses() throws MalformedDumpException {
        byte[] state = new byte[count]; // 0 unvisited, 1 on the current path, 2 known to end at a root
        for (int i = 0; i < count; i++) {
            if (superIds[i] != 0 && indexOf(superIds[i]) < 0) {
                throw new MalformedDumpException(dumpOffset[i], "CLASS_DUMP",
                        "super class 0x" + Long.toHexString(superIds[i]) + " has no CLASS_DUMP");
            }
        }
        for (int i = 0; i < count; i++) {
            int c = i;
            while (c >= 0 && state[c] == 0) {
                state[c] = 1;
                c = superIndex(c);
            }
            if (c >= 0 && state[c] == 1) {
                throw new MalformedDumpException(dumpOffset[c], "CLASS_DUMP", "super class chain has a cycle");
            }
            for (c = i; c >= 0 && state[c] == 1; c = superIndex(c)) {
                state[c] = 2;
            }
        }
    }

    /**
     * The instance layout of class {@code idx}, or null while some class of its super chain has not been dumped yet.
     * A cycle in the super chain or a chain longer than the number of classes is malformed.
     */
    ClassLayout layout(int idx, HprofInput in) throws MalformedDumpException {
        ClassLayout l = layouts[idx];
        if (l != null) {
            return l;
        }
        // field types of this class, then its super class, and so on (HPROF instance data order)
        int total = 0;
        int steps = 0;
        for (int c = idx; c >= 0; c = superIndex(c)) {
            if (++steps > count) {
                throw new MalformedDumpException(dumpOffset[idx], "CLASS_DUMP", "super class chain has a cycle");
            }
            total += fieldCount[c];
            if (superIds[c] != 0 && indexOf(superIds[c]) < 0) {
                return null;
            }
        }
        byte[] types = new byte[total];
        int k = 0;
        for (int c = idx; c >= 0; c = superIndex(c)) {
            long p = fieldsOffset[c];
            for (int f = 0; f < fieldCount[c]; f++) {
                types[k++] = (byte) in.u1(p + idSize, "CLASS_DUMP instance field type");
                p += idSize + 1;
            }
        }
        l = ClassLayout.of(types, idSize);
        layouts[idx] = l;
        return l;
    }
}
