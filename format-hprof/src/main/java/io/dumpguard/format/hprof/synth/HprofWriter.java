package io.dumpguard.format.hprof.synth;

import io.dumpguard.format.hprof.HprofTags;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes HPROF files record by record, for tests and benchmarks. Heap sub-records go into a buffer that is emitted
 * as one HEAP_DUMP_SEGMENT when it passes {@link #SEGMENT_BYTES} (and a final HEAP_DUMP_END), or, for
 * {@code JAVA PROFILE 1.0.1} style files, as one HEAP_DUMP record at the end. It writes what it is told: callers
 * can produce malformed files on purpose.
 */
public final class HprofWriter implements AutoCloseable {
    /** Heap bytes per HEAP_DUMP_SEGMENT (HotSpot uses up to 1 GiB; smaller segments exercise the boundaries). */
    public static final int SEGMENT_BYTES = 8 << 20;
    private static final int SINGLE_HEAP_DUMP_MAX = 256 << 20;

    private final OutputStream out;
    private final int idSize;
    private final boolean segments;
    private byte[] heap = new byte[1 << 16];
    private int heapLen;
    private final byte[] header = new byte[9];
    private long written;

    /**
     * @param version  "1.0.1", "1.0.2" or "1.0.3"
     * @param idSize   4 or 8 (any value is written as given)
     * @param segments true: HEAP_DUMP_SEGMENT records and HEAP_DUMP_END; false: one HEAP_DUMP record
     */
    public HprofWriter(Path file, String version, int idSize, boolean segments) throws IOException {
        this.out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
        this.idSize = idSize;
        this.segments = segments;
        byte[] magic = ("JAVA PROFILE " + version).getBytes(StandardCharsets.US_ASCII);
        out.write(magic);
        out.write(0);
        byte[] h = new byte[12];
        putInt(h, 0, idSize);
        long now = 1_700_000_000_000L;
        putInt(h, 4, (int) (now >>> 32));
        putInt(h, 8, (int) now);
        out.write(h);
        written = magic.length + 13;
    }

    public int idSize() {
        return idSize;
    }

    /** Bytes written to the file so far (heap bytes still buffered not counted). */
    public long written() {
        return written;
    }

    /** Bytes written plus heap bytes buffered. */
    public long size() {
        return written + heapLen;
    }

    // ---------------------------------------------------------------- top-level records

    private void recordHeader(int tag, long len) throws IOException {
        header[0] = (byte) tag;
        putInt(header, 1, 0);
        putInt(header, 5, (int) len);
        out.write(header);
        written += 9;
    }

    /** Any top-level record with the given body (also unknown tags, for tests). */
    public void record(int tag, byte[] body) throws IOException {
        recordHeader(tag, body.length);
        out.write(body);
        written += body.length;
    }

    public void utf8(long id, String text) throws IOException {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[idSize + t.length];
        putId(b, 0, id);
        System.arraycopy(t, 0, b, idSize, t.length);
        record(HprofTags.UTF8, b);
    }

    public void loadClass(int serial, long classId, long nameId) throws IOException {
        byte[] b = new byte[8 + 2 * idSize];
        putInt(b, 0, serial);
        putId(b, 4, classId);
        putInt(b, 4 + idSize, 1);
        putId(b, 8 + idSize, nameId);
        record(HprofTags.LOAD_CLASS, b);
    }

    /** An empty STACK_TRACE (serial 1, thread 0), as HotSpot writes for dumps without allocation sites. */
    public void emptyStackTrace(int serial) throws IOException {
        byte[] b = new byte[12];
        putInt(b, 0, serial);
        record(HprofTags.STACK_TRACE, b);
    }

    // ---------------------------------------------------------------- heap sub-records

    private void ensure(int n) throws IOException {
        if (segments && heapLen > 0 && heapLen + n > SEGMENT_BYTES) {
            flushSegment();
        }
        if (heapLen + n > heap.length) {
            long want = Math.max((long) heap.length * 2, (long) heapLen + n);
            if (!segments && want > SINGLE_HEAP_DUMP_MAX) {
                throw new IOException("single HEAP_DUMP record over " + SINGLE_HEAP_DUMP_MAX + " bytes; use segments");
            }
            heap = Arrays.copyOf(heap, (int) Math.min(Integer.MAX_VALUE - 8, want));
        }
    }

    private void flushSegment() throws IOException {
        if (heapLen == 0) {
            return;
        }
        recordHeader(segments ? HprofTags.HEAP_DUMP_SEGMENT : HprofTags.HEAP_DUMP, heapLen);
        out.write(heap, 0, heapLen);
        written += heapLen;
        heapLen = 0;
        if (heap.length > SEGMENT_BYTES * 2) {
            heap = new byte[SEGMENT_BYTES];
        }
    }

    public HprofWriter u1(int v) {
        heap[heapLen++] = (byte) v;
        return this;
    }

    public HprofWriter u2(int v) {
        heap[heapLen++] = (byte) (v >>> 8);
        heap[heapLen++] = (byte) v;
        return this;
    }

    public HprofWriter i4(int v) {
        putInt(heap, heapLen, v);
        heapLen += 4;
        return this;
    }

    public HprofWriter i8(long v) {
        putInt(heap, heapLen, (int) (v >>> 32));
        putInt(heap, heapLen + 4, (int) v);
        heapLen += 8;
        return this;
    }

    public HprofWriter id(long v) {
        putId(heap, heapLen, v);
        heapLen += idSize;
        return this;
    }

    public HprofWriter bytes(byte[] b, int off, int len) {
        System.arraycopy(b, off, heap, heapLen, len);
        heapLen += len;
        return this;
    }

    /** Room for a sub-record of {@code n} bytes (ends the current segment first when it would overflow). */
    public HprofWriter reserve(int n) throws IOException {
        ensure(n);
        return this;
    }

    public void rootStickyClass(long id) throws IOException {
        ensure(1 + idSize);
        u1(HprofTags.ROOT_STICKY_CLASS).id(id);
    }

    public void rootUnknown(long id) throws IOException {
        ensure(1 + idSize);
        u1(HprofTags.ROOT_UNKNOWN).id(id);
    }

    /** A CLASS_DUMP with no constant pool and no statics. */
    public void classDump(long classId, long superId, int instanceSize, long[] fieldNameIds, int[] fieldTypes)
            throws IOException {
        ensure(1 + 7 * idSize + 8 + 6 + fieldNameIds.length * (idSize + 1));
        u1(HprofTags.CLASS_DUMP).id(classId).i4(1).id(superId).id(0).id(0).id(0).id(0).id(0).i4(instanceSize);
        u2(0).u2(0).u2(fieldNameIds.length);
        for (int i = 0; i < fieldNameIds.length; i++) {
            id(fieldNameIds[i]).u1(fieldTypes[i]);
        }
    }

    /** Starts an INSTANCE_DUMP whose {@code dataLength} field bytes the caller writes next (id, i4, i8 ...). */
    public HprofWriter beginInstance(long id, long classId, int dataLength) throws IOException {
        ensure(1 + 2 * idSize + 8 + dataLength);
        return u1(HprofTags.INSTANCE_DUMP).id(id).i4(1).id(classId).i4(dataLength);
    }

    public void objectArray(long id, long elementClassId, long... elements) throws IOException {
        ensure(1 + 2 * idSize + 8 + elements.length * idSize);
        u1(HprofTags.OBJECT_ARRAY_DUMP).id(id).i4(1).i4(elements.length).id(elementClassId);
        for (long e : elements) {
            id(e);
        }
    }

    /** A PRIMITIVE_ARRAY_DUMP of {@code len} payload bytes (a multiple of the element size). */
    public void primitiveArray(long id, int type, byte[] payload, int off, int len) throws IOException {
        int elem = HprofTags.typeSize(type, idSize);
        ensure(1 + idSize + 9 + len);
        u1(HprofTags.PRIMITIVE_ARRAY_DUMP).id(id).i4(1).i4(len / elem).u1(type).bytes(payload, off, len);
    }

    /** Ends the heap dump (last segment and HEAP_DUMP_END, or the single HEAP_DUMP) and closes the file. */
    @Override
    public void close() throws IOException {
        flushSegment();
        if (segments) {
            recordHeader(HprofTags.HEAP_DUMP_END, 0);
        }
        out.close();
    }

    // ---------------------------------------------------------------- encoding

    static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    private void putId(byte[] b, int off, long v) {
        if (idSize == 8) {
            putInt(b, off, (int) (v >>> 32));
            putInt(b, off + 4, (int) v);
        } else {
            putInt(b, off, (int) v);
        }
    }
}
