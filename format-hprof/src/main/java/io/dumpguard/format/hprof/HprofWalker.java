package io.dumpguard.format.hprof;

import io.dumpguard.core.Limits;
import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.error.LimitExceededException;
import io.dumpguard.core.error.MalformedDumpException;

import static io.dumpguard.format.hprof.HprofTags.*;

/**
 * Walks every record and heap dump sub-record of an HPROF file once, in file order, validating as it goes: every
 * length is checked against what remains in its record and in the file, every tag and basic type must be known
 * (an unknown heap sub-record is fatal because its length cannot be known; an unknown top-level record is skipped
 * by its length and counted). It allocates nothing per record, so a walk runs at the speed of touching the
 * headers' pages.
 */
final class HprofWalker {
    /** Size of a top-level record header: u1 tag, u4 time, u4 length. */
    static final int RECORD_HEADER = 9;
    /** Bytes per ALLOC_SITES entry: u1 array flag, six u4. */
    static final int ALLOC_SITE_BYTES = 25;
    /** Longest fixed part of a heap dump sub-record: tag, two 8-byte ids, two u4 (INSTANCE_DUMP, OBJECT_ARRAY_DUMP). */
    static final int MAX_FIXED_SUB_RECORD = 1 + 2 * 8 + 8;

    private final HprofInput in;
    private final HprofHeader header;
    private final int idSize;
    private final Limits limits;
    private final long size;

    // counts of the last walk
    final long[] recordCounts = new long[256];
    final long[] subRecordCounts = new long[256];
    final long[] primitiveArrays = new long[12];
    final long[] primitiveElements = new long[12];
    long objectArrayElements;
    long unknownRecords;
    long firstUnknownRecordOffset = -1;

    HprofWalker(HprofInput in, HprofHeader header, Limits limits) {
        this.in = in;
        this.header = header;
        this.idSize = header.idSize();
        this.limits = limits;
        this.size = in.size();
    }

    HprofHeader header() {
        return header;
    }

    void walk(HprofVisitor v) throws InputRefusedException {
        walk(v, header.length());
    }

    /**
     * Walks from the top-level record at {@code from} (a record boundary of a file already parsed: the counts are
     * then those of the records from there on).
     */
    void walk(HprofVisitor v, long from) throws InputRefusedException {
        java.util.Arrays.fill(recordCounts, 0);
        java.util.Arrays.fill(subRecordCounts, 0);
        java.util.Arrays.fill(primitiveArrays, 0);
        java.util.Arrays.fill(primitiveElements, 0);
        objectArrayElements = 0;
        unknownRecords = 0;
        firstUnknownRecordOffset = -1;
        boolean topOnly = v.topLevelOnly();
        long openSegment = -1;
        long pos = from;
        while (pos < size) {
            if (size - pos < RECORD_HEADER) {
                throw new MalformedDumpException(pos, "record header",
                        "truncated: " + RECORD_HEADER + " bytes needed, " + (size - pos) + " remain");
            }
            int tag = in.u1(pos, "record header");
            long len = in.u4(pos + 5, "record header");
            long body = pos + RECORD_HEADER;
            if (len > size - body) {
                throw MalformedDumpException.pastEnd(pos, recordName(tag), len, size - body);
            }
            if (len > limits.maxRecordBytes()) {
                throw new LimitExceededException("maxRecordBytes (" + recordName(tag) + " at 0x" + Long.toHexString(pos) + ")",
                        len, limits.maxRecordBytes(), "raise Limits.maxRecordBytes");
            }
            recordCounts[tag]++;
            v.record(tag, pos, len);
            switch (tag) {
                case UTF8 -> {
                    atLeast(pos, tag, len, idSize);
                    v.utf8(in.id(body, idSize, "UTF8 id"), body + idSize, len - idSize);
                }
                case LOAD_CLASS -> {
                    exactly(pos, tag, len, 8 + 2L * idSize);
                    long nameId = in.id(body + 8 + idSize, idSize, "LOAD_CLASS name id");
                    v.nameReference(nameId);
                    v.loadClass(in.id(body + 4, idSize, "LOAD_CLASS class id"), nameId, pos);
                }
                case UNLOAD_CLASS, END_THREAD -> exactly(pos, tag, len, 4);
                case STACK_FRAME -> {
                    exactly(pos, tag, len, 4L * idSize + 8);
                    for (int k = 1; k <= 3; k++) { // method name, signature, source file
                        v.nameReference(in.id(body + (long) k * idSize, idSize, "STACK_FRAME name id"));
                    }
                }
                case STACK_TRACE -> {
                    atLeast(pos, tag, len, 12);
                    exactly(pos, tag, len, 12 + in.u4(body + 8, "STACK_TRACE frame count") * idSize);
                }
                case ALLOC_SITES -> {
                    atLeast(pos, tag, len, 34);
                    exactly(pos, tag, len, 34 + in.u4(body + 30, "ALLOC_SITES count") * ALLOC_SITE_BYTES);
                }
                case HEAP_SUMMARY -> exactly(pos, tag, len, 24);
                case START_THREAD -> {
                    exactly(pos, tag, len, 8 + 4L * idSize);
                    for (int k = 0; k < 3; k++) { // thread, group and parent group names
                        v.nameReference(in.id(body + 8 + (1L + k) * idSize, idSize, "START_THREAD name id"));
                    }
                }
                case CPU_SAMPLES -> {
                    atLeast(pos, tag, len, 8);
                    exactly(pos, tag, len, 8 + in.u4(body + 4, "CPU_SAMPLES count") * 8);
                }
                case CONTROL_SETTINGS -> exactly(pos, tag, len, 6);
                case HEAP_DUMP, HEAP_DUMP_SEGMENT -> {
                    if (tag == HEAP_DUMP_SEGMENT) {
                        openSegment = pos;
                    }
                    if (!topOnly && v.enterHeapRecord(pos, len)) {
                        heap(body, body + len, tag, v);
                    }
                }
                case HEAP_DUMP_END -> {
                    exactly(pos, tag, len, 0);
                    openSegment = -1;
                }
                default -> {
                    unknownRecords++;
                    if (firstUnknownRecordOffset < 0) {
                        firstUnknownRecordOffset = pos;
                    }
                }
            }
            pos = body + len;
        }
        if (openSegment >= 0) {
            throw new MalformedDumpException(size, "HEAP_DUMP_END",
                    "missing after the HEAP_DUMP_SEGMENT at 0x" + Long.toHexString(openSegment) + " (file truncated?)");
        }
    }

    private static void exactly(long pos, int tag, long len, long expected) throws MalformedDumpException {
        if (len != expected) {
            throw MalformedDumpException.expected(pos, recordName(tag), "body length " + expected, len);
        }
    }

    private static void atLeast(long pos, int tag, long len, long min) throws MalformedDumpException {
        if (len < min) {
            throw MalformedDumpException.expected(pos, recordName(tag), "body length >= " + min, len);
        }
    }

    /** Throws unless {@code n} bytes at {@code p} lie inside the heap dump record ending at {@code end}. */
    private static void need(long p, long n, long end, int sub, int recordTag) throws MalformedDumpException {
        if (n > end - p) {
            throw MalformedDumpException.pastEnd(p, subRecordName(sub) + " in " + recordName(recordTag), n,
                    Math.max(0, end - p));
        }
    }

    private void heap(long start, long end, int recordTag, HprofVisitor v) throws InputRefusedException {
        final int id = idSize;
        final boolean android = header.android();
        long p = start;
        while (p < end) {
            // the longest fixed part of a sub-record (tag, two ids, two u4) in one window read; each case checks
            // its own length against the record's end before decoding from the window
            int w = in.window(p, (int) Math.min(MAX_FIXED_SUB_RECORD, end - p), "heap dump sub-record");
            java.nio.ByteBuffer b = in.buffer();
            int sub = HprofInput.u1(b, w);
            subRecordCounts[sub]++;
            long q = p + 1;
            switch (sub) {
                case ROOT_UNKNOWN, ROOT_STICKY_CLASS, ROOT_MONITOR_USED -> {
                    need(q, id, end, sub, recordTag);
                    p = q + id;
                }
                case ROOT_JNI_GLOBAL -> {
                    need(q, 2L * id, end, sub, recordTag);
                    p = q + 2L * id;
                }
                case ROOT_JNI_LOCAL, ROOT_JAVA_FRAME, ROOT_THREAD_OBJECT -> {
                    need(q, id + 8L, end, sub, recordTag);
                    p = q + id + 8;
                }
                case ROOT_NATIVE_STACK, ROOT_THREAD_BLOCK -> {
                    need(q, id + 4L, end, sub, recordTag);
                    p = q + id + 4;
                }
                case CLASS_DUMP -> p = classDump(p, end, recordTag, v);
                case INSTANCE_DUMP -> {
                    need(q, 2L * id + 8, end, sub, recordTag);
                    long objId = HprofInput.id(b, w + 1, id);
                    long classId = HprofInput.id(b, w + 1 + id + 4, id);
                    long len = HprofInput.u4(b, w + 1 + 2 * id + 4);
                    long data = q + 2L * id + 8;
                    need(data, len, end, sub, recordTag);
                    v.instance(objId, classId, data, len, p);
                    p = data + len;
                }
                case OBJECT_ARRAY_DUMP -> {
                    need(q, 2L * id + 8, end, sub, recordTag);
                    long objId = HprofInput.id(b, w + 1, id);
                    long count = HprofInput.u4(b, w + 1 + id + 4);
                    long classId = HprofInput.id(b, w + 1 + id + 8, id);
                    long elems = q + 2L * id + 8;
                    need(elems, count * id, end, sub, recordTag);
                    objectArrayElements += count;
                    v.objectArray(objId, classId, elems, count, p);
                    p = elems + count * id;
                }
                case PRIMITIVE_ARRAY_DUMP, PRIMITIVE_ARRAY_NODATA -> {
                    if (sub == PRIMITIVE_ARRAY_NODATA && !android) {
                        throw unknownSub(p, sub, recordTag);
                    }
                    need(q, id + 9L, end, sub, recordTag);
                    long objId = HprofInput.id(b, w + 1, id);
                    long count = HprofInput.u4(b, w + 1 + id + 4);
                    int type = HprofInput.u1(b, w + 1 + id + 8);
                    int elemSize = typeSize(type, id);
                    if (elemSize < 0 || type == OBJECT) {
                        throw MalformedDumpException.expected(q + id + 8, subRecordName(sub) + " element type",
                                "a primitive type 4..11", type);
                    }
                    long payload = q + id + 9;
                    primitiveArrays[type]++;
                    primitiveElements[type] += count;
                    if (sub == PRIMITIVE_ARRAY_NODATA) {
                        p = payload;
                    } else {
                        need(payload, count * elemSize, end, sub, recordTag);
                        v.primitiveArray(objId, type, payload, count, p);
                        p = payload + count * elemSize;
                    }
                }
                case ROOT_INTERNED_STRING, ROOT_FINALIZING, ROOT_DEBUGGER, ROOT_REFERENCE_CLEANUP, ROOT_VM_INTERNAL,
                     UNREACHABLE -> {
                    if (!android) {
                        throw unknownSub(p, sub, recordTag);
                    }
                    need(q, id, end, sub, recordTag);
                    p = q + id;
                }
                case ROOT_JNI_MONITOR -> {
                    if (!android) {
                        throw unknownSub(p, sub, recordTag);
                    }
                    need(q, id + 8L, end, sub, recordTag);
                    p = q + id + 8;
                }
                case HEAP_DUMP_INFO -> {
                    if (!android) {
                        throw unknownSub(p, sub, recordTag);
                    }
                    need(q, 4L + id, end, sub, recordTag);
                    v.nameReference(in.id(q + 4, id, "HEAP_DUMP_INFO name id"));
                    p = q + 4 + id;
                }
                default -> throw unknownSub(p, sub, recordTag);
            }
        }
    }

    private MalformedDumpException unknownSub(long p, int sub, int recordTag) {
        return new MalformedDumpException(p, "heap dump sub-record in " + recordName(recordTag),
                String.format("unknown tag 0x%02x in a JAVA PROFILE %s file (its length cannot be known)", sub,
                        header.version()));
    }

    private long classDump(long p, long end, int recordTag, HprofVisitor v) throws InputRefusedException {
        final int id = idSize;
        final int sub = CLASS_DUMP;
        long q = p + 1;
        need(q, 7L * id + 8 + 2, end, sub, recordTag);
        long classId = in.id(q, id, "CLASS_DUMP");
        long superId = in.id(q + id + 4, id, "CLASS_DUMP super id");
        q += 7L * id + 8; // class id, stack serial, super, loader, signers, domain, 2 reserved, instance size
        int cpCount = in.u2(q, "CLASS_DUMP constant pool count");
        q += 2;
        for (int i = 0; i < cpCount; i++) {
            need(q, 3, end, sub, recordTag);
            int size = valueSize(in.u1(q + 2, "CLASS_DUMP constant pool type"), q + 2);
            need(q + 3, size, end, sub, recordTag);
            q += 3 + size;
        }
        need(q, 2, end, sub, recordTag);
        int staticCount = in.u2(q, "CLASS_DUMP static field count");
        q += 2;
        for (int i = 0; i < staticCount; i++) {
            need(q, id + 1L, end, sub, recordTag);
            v.nameReference(in.id(q, id, "CLASS_DUMP static field name"));
            int size = valueSize(in.u1(q + id, "CLASS_DUMP static field type"), q + id);
            need(q + id + 1, size, end, sub, recordTag);
            q += id + 1 + size;
        }
        need(q, 2, end, sub, recordTag);
        int fieldCount = in.u2(q, "CLASS_DUMP instance field count");
        q += 2;
        long fields = q;
        need(q, (long) fieldCount * (id + 1), end, sub, recordTag);
        for (int i = 0; i < fieldCount; i++) {
            v.nameReference(in.id(q, id, "CLASS_DUMP instance field name"));
            valueSize(in.u1(q + id, "CLASS_DUMP instance field type"), q + id);
            q += id + 1;
        }
        v.classDump(classId, superId, p, fields, fieldCount);
        return q;
    }

    private int valueSize(int type, long at) throws MalformedDumpException {
        int s = typeSize(type, idSize);
        if (s < 0) {
            throw MalformedDumpException.expected(at, "CLASS_DUMP field type", "a basic type 2 or 4..11", type);
        }
        return s;
    }
}
