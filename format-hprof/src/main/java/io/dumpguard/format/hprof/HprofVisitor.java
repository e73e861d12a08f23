package io.dumpguard.format.hprof;

import io.dumpguard.core.error.InputRefusedException;

/**
 * Receives what {@link HprofWalker} reads, in file order. Offsets are file offsets; every range handed over has
 * already been checked to lie inside its record. Methods default to doing nothing so each pass implements only
 * what it needs.
 */
interface HprofVisitor {
    /** When true the walker skips the bodies of HEAP_DUMP and HEAP_DUMP_SEGMENT records (name look-ups). */
    default boolean topLevelOnly() {
        return false;
    }

    default void record(int tag, long offset, long bodyLength) throws InputRefusedException {
    }

    /**
     * Whether to walk the sub-records of the HEAP_DUMP or HEAP_DUMP_SEGMENT record at {@code offset}. A pass that
     * knows the record holds nothing it needs skips it by its length (the file has already been validated).
     */
    default boolean enterHeapRecord(long offset, long bodyLength) throws InputRefusedException {
        return true;
    }

    /** A UTF8 record: {@code textLength} bytes of (modified) UTF-8 at {@code textOffset}. */
    default void utf8(long id, long textOffset, long textLength) throws InputRefusedException {
    }

    /**
     * A UTF8 id the structure refers to as a name: class names (LOAD_CLASS), static and instance field names
     * (CLASS_DUMP), method, signature and source file names (STACK_FRAME), thread and group names (START_THREAD),
     * heap names (HEAP_DUMP_INFO). HotSpot also dumps every other symbol of the VM (string literals of loaded
     * classes among them); those UTF8 records are referred to by nothing.
     */
    default void nameReference(long utf8Id) throws InputRefusedException {
    }

    default void loadClass(long classId, long nameId, long recordOffset) throws InputRefusedException {
    }

    /**
     * A CLASS_DUMP sub-record. Its instance field descriptors (id name, u1 type) start at
     * {@code instanceFieldsOffset}; they have been validated.
     */
    default void classDump(long classId, long superId, long recordOffset, long instanceFieldsOffset,
                           int instanceFieldCount) throws InputRefusedException {
    }

    default void instance(long id, long classId, long dataOffset, long dataLength, long recordOffset)
            throws InputRefusedException {
    }

    default void objectArray(long id, long elementClassId, long elementsOffset, long count, long recordOffset)
            throws InputRefusedException {
    }

    /** A primitive array; {@code count} elements of {@code type} ({@link HprofTags#BYTE} ...) at {@code payloadOffset}. */
    default void primitiveArray(long id, int type, long payloadOffset, long count, long recordOffset)
            throws InputRefusedException {
    }
}
