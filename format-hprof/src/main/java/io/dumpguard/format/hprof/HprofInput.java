package io.dumpguard.format.hprof;

import io.dumpguard.core.error.MalformedDumpException;
import io.dumpguard.core.io.MappedFile;

import java.nio.ByteBuffer;

/**
 * A big-endian reader over a {@link MappedFile} that reads windows of up to {@link #WINDOW} bytes into a direct
 * buffer (one copy from the page cache per window, through MappedFile's absolute, thread-safe reads: a heap array
 * took two, the second a tenth of a heap dump parse's time) and decodes from there. The
 * walk over millions of small records thus does one bounds check per read against the window and allocates
 * nothing; each reader belongs to one thread. Every read outside the file throws {@link MalformedDumpException}
 * naming the structure.
 */
final class HprofInput {
    /** Bytes copied per refill. Large enough that refills are rare, small enough to stay in cache. */
    static final int WINDOW = 1 << 18;

    private final MappedFile file;
    private final long size;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(WINDOW); // big-endian
    private long bufStart;
    private long bufEnd;

    HprofInput(MappedFile file) {
        this.file = file;
        this.size = file.size();
    }

    long size() {
        return size;
    }

    MappedFile file() {
        return file;
    }

    private int index(long pos, int n, String structure) throws MalformedDumpException {
        if (pos < bufStart || pos + n > bufEnd) {
            file.check(pos, n, structure);
            int len = (int) Math.min(WINDOW, size - pos);
            file.read(pos, buf, 0, len, structure);
            bufStart = pos;
            bufEnd = pos + len;
        }
        return (int) (pos - bufStart);
    }

    /**
     * Makes {@code n} bytes at {@code pos} (at most {@link #WINDOW}; checked to lie in the file) readable from
     * {@link #buffer()} and returns the index of {@code pos} there, so that a fixed-size header is decoded with one
     * bounds check. The buffer and index hold until the next read through this reader.
     */
    int window(long pos, int n, String structure) throws MalformedDumpException {
        return index(pos, n, structure);
    }

    /** The window buffer of {@link #window} (absolute indexes; its position and limit mean nothing). */
    ByteBuffer buffer() {
        return buf;
    }

    static int u1(ByteBuffer b, int i) {
        return b.get(i) & 0xff;
    }

    static long u4(ByteBuffer b, int i) {
        return b.getInt(i) & 0xffffffffL;
    }

    static long id(ByteBuffer b, int i, int idSize) {
        return idSize == 8 ? b.getLong(i) : b.getInt(i) & 0xffffffffL;
    }

    int u1(long pos, String structure) throws MalformedDumpException {
        return buf.get(index(pos, 1, structure)) & 0xff;
    }

    int u2(long pos, String structure) throws MalformedDumpException {
        return buf.getShort(index(pos, 2, structure)) & 0xffff;
    }

    int i4(long pos, String structure) throws MalformedDumpException {
        return buf.getInt(index(pos, 4, structure));
    }

    long u4(long pos, String structure) throws MalformedDumpException {
        return i4(pos, structure) & 0xffffffffL;
    }

    long i8(long pos, String structure) throws MalformedDumpException {
        return buf.getLong(index(pos, 8, structure));
    }

    /** An identifier of {@code idSize} (4 or 8) bytes, zero-extended. */
    long id(long pos, int idSize, String structure) throws MalformedDumpException {
        return idSize == 8 ? i8(pos, structure) : u4(pos, structure);
    }

    /**
     * Copies {@code len} bytes at {@code pos} into {@code dst[off..]}: from the window, or else with a read of just
     * those bytes. (The structural digest asks for a record's bytes the walker skipped without reading them, such as
     * an instance's fields past the window's end: a few hundred reads of some 70 bytes in a 1 GiB dump, which through
     * the file's read-ahead window read 280 MiB.)
     */
    void read(long pos, byte[] dst, int off, int len, String structure) throws MalformedDumpException {
        if (pos >= bufStart && pos + len <= bufEnd) {
            buf.get((int) (pos - bufStart), dst, off, len);
        } else {
            file.readExactly(pos, dst, off, len, structure);
        }
    }
}
