package io.dumpguard.core.io;

import io.dumpguard.core.error.MalformedDumpException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Read-only random access to a file of any size through memory-mapped windows. The Java heap holds only the
 * window objects, so files larger than RAM and over 2 GiB are read with bounded memory; the page cache does the rest.
 *
 * <p>Window {@code k} maps {@code [k*WINDOW, (k+1)*WINDOW + OVERLAP)}, so every read of at most {@link #OVERLAP}
 * bytes is served by one window. Every read is bounds-checked; a read past the end throws
 * {@link MalformedDumpException} naming the structure being read.
 */
public final class MappedFile implements AutoCloseable {
    static final int WINDOW_SHIFT = 30;
    static final long WINDOW = 1L << WINDOW_SHIFT;
    /** Largest read served from one window without copying across windows. */
    public static final int OVERLAP = 1 << 20;

    private final Path path;
    private final FileChannel channel;
    private final long size;
    private final MappedByteBuffer[] windows;

    private MappedFile(Path path, FileChannel channel) throws IOException {
        this.path = path;
        this.channel = channel;
        this.size = channel.size();
        this.windows = new MappedByteBuffer[(int) ((size + WINDOW - 1) >>> WINDOW_SHIFT) + 1];
    }

    public static MappedFile open(Path path) throws IOException {
        return new MappedFile(path, FileChannel.open(path, StandardOpenOption.READ));
    }

    public Path path() {
        return path;
    }

    public long size() {
        return size;
    }

    private MappedByteBuffer window(int k) {
        MappedByteBuffer w = windows[k];
        if (w == null) {
            long start = (long) k << WINDOW_SHIFT;
            long len = Math.min(WINDOW + OVERLAP, size - start);
            try {
                w = channel.map(FileChannel.MapMode.READ_ONLY, start, Math.max(0, len));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot map " + path + " at 0x" + Long.toHexString(start), e);
            }
            windows[k] = w;
        }
        return w;
    }

    /** Throws unless {@code [offset, offset+len)} lies inside the file. */
    public void check(long offset, long len, String structure) throws MalformedDumpException {
        if (offset < 0 || len < 0 || offset > size || len > size - offset) {
            throw MalformedDumpException.pastEnd(offset, structure, len, Math.max(0, size - Math.max(0, offset)));
        }
    }

    /** A buffer positioned at {@code offset} holding at least {@code len <= OVERLAP} readable bytes. */
    private ByteBuffer at(long offset, int len, String structure) throws MalformedDumpException {
        check(offset, len, structure);
        ByteBuffer w = window((int) (offset >>> WINDOW_SHIFT));
        return w.position((int) (offset & (WINDOW - 1)));
    }

    public int u1(long offset, String structure) throws MalformedDumpException {
        check(offset, 1, structure);
        return window((int) (offset >>> WINDOW_SHIFT)).get((int) (offset & (WINDOW - 1))) & 0xff;
    }

    public int i32(long offset, ByteOrder order, String structure) throws MalformedDumpException {
        check(offset, 4, structure);
        return window((int) (offset >>> WINDOW_SHIFT)).order(order).getInt((int) (offset & (WINDOW - 1)));
    }

    public int u16(long offset, ByteOrder order, String structure) throws MalformedDumpException {
        check(offset, 2, structure);
        return window((int) (offset >>> WINDOW_SHIFT)).order(order).getShort((int) (offset & (WINDOW - 1))) & 0xffff;
    }

    public long u32(long offset, ByteOrder order, String structure) throws MalformedDumpException {
        return i32(offset, order, structure) & 0xffffffffL;
    }

    public long i64(long offset, ByteOrder order, String structure) throws MalformedDumpException {
        check(offset, 8, structure);
        return window((int) (offset >>> WINDOW_SHIFT)).order(order).getLong((int) (offset & (WINDOW - 1)));
    }

    /** Copies {@code len} bytes at {@code offset} into {@code dst[dstOff..]}, across windows when needed. */
    public void read(long offset, byte[] dst, int dstOff, int len, String structure) throws MalformedDumpException {
        check(offset, len, structure);
        while (len > 0) {
            int n = (int) Math.min(len, WINDOW - (offset & (WINDOW - 1)));
            window((int) (offset >>> WINDOW_SHIFT)).get((int) (offset & (WINDOW - 1)), dst, dstOff, n);
            offset += n;
            dstOff += n;
            len -= n;
        }
    }

    public byte[] bytes(long offset, int len, String structure) throws MalformedDumpException {
        check(offset, len, structure);
        byte[] b = new byte[len];
        read(offset, b, 0, len, structure);
        return b;
    }

    /** A read-only view of {@code len <= OVERLAP} bytes at {@code offset}; valid while this file is open. */
    public ByteBuffer view(long offset, int len, String structure) throws MalformedDumpException {
        if (len > OVERLAP) {
            throw new IllegalArgumentException("view of " + len + " bytes exceeds " + OVERLAP);
        }
        ByteBuffer b = at(offset, len, structure);
        return b.slice(b.position(), len).asReadOnlyBuffer();
    }

    @Override
    public void close() throws IOException {
        java.util.Arrays.fill(windows, null);
        channel.close();
    }
}
