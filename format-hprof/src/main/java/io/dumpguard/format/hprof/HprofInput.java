package io.dumpguard.format.hprof;

import io.dumpguard.core.error.MalformedDumpException;
import io.dumpguard.core.io.MappedFile;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A big-endian reader over a {@link MappedFile} that keeps one window of up to {@link MappedFile#OVERLAP} bytes
 * and serves reads from it, so the walk over millions of small records does one bounds check per read against
 * the window and one mapping slice per MiB, and allocates nothing else. Every read outside the file throws
 * {@link MalformedDumpException} naming the structure.
 */
final class HprofInput {
    private final MappedFile file;
    private final long size;
    private ByteBuffer buf;
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

    private void fill(long pos, int n, String structure) throws MalformedDumpException {
        file.check(pos, n, structure);
        int len = (int) Math.min(MappedFile.OVERLAP, size - pos);
        buf = file.view(pos, len, structure).order(ByteOrder.BIG_ENDIAN);
        bufStart = pos;
        bufEnd = pos + len;
    }

    private int index(long pos, int n, String structure) throws MalformedDumpException {
        if (pos < bufStart || pos + n > bufEnd) {
            fill(pos, n, structure);
        }
        return (int) (pos - bufStart);
    }

    int u1(long pos, String structure) throws MalformedDumpException {
        int i = index(pos, 1, structure);
        return buf.get(i) & 0xff;
    }

    int u2(long pos, String structure) throws MalformedDumpException {
        int i = index(pos, 2, structure);
        return buf.getShort(i) & 0xffff;
    }

    int i4(long pos, String structure) throws MalformedDumpException {
        int i = index(pos, 4, structure);
        return buf.getInt(i);
    }

    long u4(long pos, String structure) throws MalformedDumpException {
        return i4(pos, structure) & 0xffffffffL;
    }

    long i8(long pos, String structure) throws MalformedDumpException {
        int i = index(pos, 8, structure);
        return buf.getLong(i);
    }

    /** An identifier of {@code idSize} (4 or 8) bytes, zero-extended. */
    long id(long pos, int idSize, String structure) throws MalformedDumpException {
        return idSize == 8 ? i8(pos, structure) : u4(pos, structure);
    }

    /** Copies {@code len} bytes at {@code pos} into {@code dst[off..]}, crossing windows as needed. */
    void read(long pos, byte[] dst, int off, int len, String structure) throws MalformedDumpException {
        file.check(pos, len, structure);
        while (len > 0) {
            int n = Math.min(len, MappedFile.OVERLAP / 2);
            int i = index(pos, n, structure);
            buf.get(i, dst, off, n);
            pos += n;
            off += n;
            len -= n;
        }
    }
}
