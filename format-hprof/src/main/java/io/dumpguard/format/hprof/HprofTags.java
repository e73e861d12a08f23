package io.dumpguard.format.hprof;

/**
 * The tags of the HPROF binary format, named as in the format's description shipped with the JDK
 * ({@code heapDumper.cpp}) and in Eclipse MAT's {@code AbstractParser}. Android's {@code JAVA PROFILE 1.0.3}
 * adds sub-record tags; they are accepted only in files that declare that version.
 */
public final class HprofTags {
    private HprofTags() {
    }

    // ---- top-level records: u1 tag, u4 microseconds since header, u4 length of the body ----
    public static final int UTF8 = 0x01;
    public static final int LOAD_CLASS = 0x02;
    public static final int UNLOAD_CLASS = 0x03;
    public static final int STACK_FRAME = 0x04;
    public static final int STACK_TRACE = 0x05;
    public static final int ALLOC_SITES = 0x06;
    public static final int HEAP_SUMMARY = 0x07;
    public static final int START_THREAD = 0x0a;
    public static final int END_THREAD = 0x0b;
    public static final int HEAP_DUMP = 0x0c;
    public static final int CPU_SAMPLES = 0x0d;
    public static final int CONTROL_SETTINGS = 0x0e;
    public static final int HEAP_DUMP_SEGMENT = 0x1c;
    public static final int HEAP_DUMP_END = 0x2c;

    // ---- heap dump sub-records (inside HEAP_DUMP and HEAP_DUMP_SEGMENT) ----
    public static final int ROOT_UNKNOWN = 0xff;
    public static final int ROOT_JNI_GLOBAL = 0x01;
    public static final int ROOT_JNI_LOCAL = 0x02;
    public static final int ROOT_JAVA_FRAME = 0x03;
    public static final int ROOT_NATIVE_STACK = 0x04;
    public static final int ROOT_STICKY_CLASS = 0x05;
    public static final int ROOT_THREAD_BLOCK = 0x06;
    public static final int ROOT_MONITOR_USED = 0x07;
    public static final int ROOT_THREAD_OBJECT = 0x08;
    public static final int CLASS_DUMP = 0x20;
    public static final int INSTANCE_DUMP = 0x21;
    public static final int OBJECT_ARRAY_DUMP = 0x22;
    public static final int PRIMITIVE_ARRAY_DUMP = 0x23;

    // ---- Android (JAVA PROFILE 1.0.3) sub-records ----
    public static final int ROOT_INTERNED_STRING = 0x89;
    public static final int ROOT_FINALIZING = 0x8a;
    public static final int ROOT_DEBUGGER = 0x8b;
    public static final int ROOT_REFERENCE_CLEANUP = 0x8d;
    public static final int ROOT_VM_INTERNAL = 0x8e;
    public static final int ROOT_JNI_MONITOR = 0x8f;
    public static final int UNREACHABLE = 0x90;
    public static final int PRIMITIVE_ARRAY_NODATA = 0xc3;
    public static final int HEAP_DUMP_INFO = 0xfe;

    // ---- basic types (field types, array element types) ----
    public static final int OBJECT = 2;
    public static final int BOOLEAN = 4;
    public static final int CHAR = 5;
    public static final int FLOAT = 6;
    public static final int DOUBLE = 7;
    public static final int BYTE = 8;
    public static final int SHORT = 9;
    public static final int INT = 10;
    public static final int LONG = 11;

    /** Name of a top-level record tag for messages and counts ("HEAP_DUMP_SEGMENT", "tag 0x42"). */
    public static String recordName(int tag) {
        return switch (tag) {
            case UTF8 -> "UTF8";
            case LOAD_CLASS -> "LOAD_CLASS";
            case UNLOAD_CLASS -> "UNLOAD_CLASS";
            case STACK_FRAME -> "STACK_FRAME";
            case STACK_TRACE -> "STACK_TRACE";
            case ALLOC_SITES -> "ALLOC_SITES";
            case HEAP_SUMMARY -> "HEAP_SUMMARY";
            case START_THREAD -> "START_THREAD";
            case END_THREAD -> "END_THREAD";
            case HEAP_DUMP -> "HEAP_DUMP";
            case CPU_SAMPLES -> "CPU_SAMPLES";
            case CONTROL_SETTINGS -> "CONTROL_SETTINGS";
            case HEAP_DUMP_SEGMENT -> "HEAP_DUMP_SEGMENT";
            case HEAP_DUMP_END -> "HEAP_DUMP_END";
            default -> String.format("record tag 0x%02x", tag);
        };
    }

    /** Name of a heap dump sub-record tag. */
    public static String subRecordName(int tag) {
        return switch (tag) {
            case ROOT_UNKNOWN -> "ROOT_UNKNOWN";
            case ROOT_JNI_GLOBAL -> "ROOT_JNI_GLOBAL";
            case ROOT_JNI_LOCAL -> "ROOT_JNI_LOCAL";
            case ROOT_JAVA_FRAME -> "ROOT_JAVA_FRAME";
            case ROOT_NATIVE_STACK -> "ROOT_NATIVE_STACK";
            case ROOT_STICKY_CLASS -> "ROOT_STICKY_CLASS";
            case ROOT_THREAD_BLOCK -> "ROOT_THREAD_BLOCK";
            case ROOT_MONITOR_USED -> "ROOT_MONITOR_USED";
            case ROOT_THREAD_OBJECT -> "ROOT_THREAD_OBJECT";
            case CLASS_DUMP -> "CLASS_DUMP";
            case INSTANCE_DUMP -> "INSTANCE_DUMP";
            case OBJECT_ARRAY_DUMP -> "OBJECT_ARRAY_DUMP";
            case PRIMITIVE_ARRAY_DUMP -> "PRIMITIVE_ARRAY_DUMP";
            case ROOT_INTERNED_STRING -> "ROOT_INTERNED_STRING";
            case ROOT_FINALIZING -> "ROOT_FINALIZING";
            case ROOT_DEBUGGER -> "ROOT_DEBUGGER";
            case ROOT_REFERENCE_CLEANUP -> "ROOT_REFERENCE_CLEANUP";
            case ROOT_VM_INTERNAL -> "ROOT_VM_INTERNAL";
            case ROOT_JNI_MONITOR -> "ROOT_JNI_MONITOR";
            case UNREACHABLE -> "UNREACHABLE";
            case PRIMITIVE_ARRAY_NODATA -> "PRIMITIVE_ARRAY_NODATA";
            case HEAP_DUMP_INFO -> "HEAP_DUMP_INFO";
            default -> String.format("sub-record tag 0x%02x", tag);
        };
    }

    /** Size in bytes of a value of basic type {@code type}, or -1 when the type is not a valid basic type. */
    public static int typeSize(int type, int idSize) {
        return switch (type) {
            case OBJECT -> idSize;
            case BOOLEAN, BYTE -> 1;
            case CHAR, SHORT -> 2;
            case FLOAT, INT -> 4;
            case DOUBLE, LONG -> 8;
            default -> -1;
        };
    }

    /** Java name of a primitive type ("int"), or "type N" when invalid. */
    public static String typeName(int type) {
        return switch (type) {
            case OBJECT -> "object";
            case BOOLEAN -> "boolean";
            case CHAR -> "char";
            case FLOAT -> "float";
            case DOUBLE -> "double";
            case BYTE -> "byte";
            case SHORT -> "short";
            case INT -> "int";
            case LONG -> "long";
            default -> "type " + type;
        };
    }
}
