package io.dumpguard.core;

/** What a byte range of a dump holds. Reports and policies use it; detectors may weigh it. */
public enum RegionKind {
    /** Payload of a primitive array in a Java heap (byte[], char[], int[], long[] ...). */
    HEAP_ARRAY,
    /** Primitive field values of a Java object. */
    HEAP_FIELDS,
    /** Names and other symbols a heap dump or core keeps (class, field, method names). Never redactable. */
    SYMBOLS,
    /** A thread's stack memory. */
    STACK,
    /** Anonymous or heap memory of a native process. */
    ANON_MEMORY,
    /** Memory backed by a mapped file (a module's image). */
    MODULE_IMAGE,
    /** Register state (general purpose, FP, vector registers). */
    REGISTERS,
    /** A process environment block. */
    ENVIRONMENT,
    /** A process command line. */
    COMMAND_LINE,
    /** Free text (logs, annotations). */
    TEXT,
    /** Bytes whose meaning the format reader does not know; scanned as raw bytes. */
    RAW
}
