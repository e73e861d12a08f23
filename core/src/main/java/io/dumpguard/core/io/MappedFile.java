package io.dumpguard.core.io;

import io.dumpguard.core.error.MalformedDumpException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Bounds-checked random access to a dump of any size with memory independent of its size: typed reads (the
 * parsers' record headers) are served from one read-ahead window of {@link #WINDOW} bytes refilled by positional
 * reads, large copies (region payloads for the detectors) go straight from the file into the caller's array.
 *
 * <p>Why not memory-mapping: mapped pages of a multi-gigabyte dump count towards the process's resident set and
 * cannot be released deterministically before Java 22; positional reads from the page cache cost one copy, which
 * is cheap next to detection, and keep the resident set at the heap's size however large the dump is.
 *
 * <p>Every read is checked against the file size first; a read past the end throws
 * {@link MalformedDumpException} naming the structure being read. Not thread-safe: one reader per instance.
 * (The historical name stays for the plug-ins' sake.)
 */
public final class MappedFile implements AutoCloseable {
    /** Read-ahead window for typed and small reads. */
    static final int WINDOW = 1 << 20;
    /** Reads up to this size are served from the window; larger ones go straight to the caller's array. */
    private static final int SMALL_READ = 64 << 10;
    /** Kept for callers that size their reads by it: the largest read served without a copy loop. */
    public static final int OVERLAP = 1 << 20;

    private final Path path;
    private final FileChannel channel;
    private final long size;
    /** Ranges known to read as zero: filled in, never read (see {@link ZeroRanges}). */
    private final ZeroRanges zeros;
    /** Direct: a read into a heap array goes through a temporary direct buffer and is copied twice. */
    private final ByteBuffer big = ByteBuffer.allocateDirect(WINDOW).order(ByteOrder.BIG_ENDIAN);
    private final ByteBuffer little = big.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    private long windowStart;
    private int windowLength;

    private MappedFile(Path path, FileChannel channel, ZeroRanges zeros) throws IOException {
        this.path = path;
        this.channel = channel;
        this.size = channel.size();
        this.zeros = zeros;
    }

    public static MappedFile open(Path path) throws IOException {
        return open(path, ZeroRanges.NONE);
    }

    /**
     * Opens a file of which {@code zeros} are known to read as zero (a sparse copy's unwritten ranges, which the
     * caller made): reads fill those bytes in instead of reading them.
     */
    public static MappedFile open(Path path, ZeroRanges zeros) throws IOException {
        return new MappedFile(path, FileChannel.open(path, StandardOpenOption.READ), zeros);
    }

    public Path path() {
        return path;
    }

    public long size() {
        return size;
    }

    /** Throws unless {@code [offset, offset+len)} lies inside the file. */
    public void check(long offset, long len, String structure) throws MalformedDumpException {
        if (offset < 0 || len < 0 || offset > size || len > size - offset) {
            throw MalformedDumpException.pastEnd(offset, structure, len, Math.max(0, size - Math.max(0, offset)));
        }
    }

    /** Index into the window of {@code offset}, refilling the window so that {@code len} bytes follow it. */
    private int index(long offset, int len) {
        if (offset < windowStart || offset + len > windowStart + windowLength) {
            long start = Math.max(0, Math.min(offset & ~4095L, size - WINDOW));
            start = Math.min(start, offset);
            int n = (int) Math.min(WINDOW, size - start);
            readParts(start, big, 0, n);
            windowStart = start;
            windowLength = n;
        }
        return (int) (offset - windowStart);
    }

    private void fill(long pos, byte[] dst, int off, int len) {
        readParts(pos, ByteBuffer.wrap(dst), off, len);
    }

    /** Reads {@code [pos, pos + len)} into {@code dst[dstOff..]} (absolute), filling known-zero ranges in. */
    private void readParts(long pos, ByteBuffer dst, int dstOff, int len) {
        if (zeros.isEmpty()) {
            readFully(pos, dst, dstOff, len);
            return;
        }
        zeros.split(pos, len, (at, n, zero) -> {
            int i = dstOff + (int) (at - pos);
            if (zero) {
                ByteBuffer z = dst.duplicate().limit(i + (int) n).position(i);
                while (z.hasRemaining()) {
                    z.put(ZERO_FILL.duplicate().limit(Math.min(ZERO_FILL.capacity(), z.remaining())));
                }
            } else {
                readFully(at, dst, i, (int) n);
            }
        });
    }

    private static final ByteBuffer ZERO_FILL = ByteBuffer.allocateDirect(64 << 10).asReadOnlyBuffer();

    private void readFully(long pos, ByteBuffer dst, int dstOff, int len) {
        ByteBuffer b = dst.duplicate().limit(dstOff + len).position(dstOff);
        try {
            while (b.hasRemaining()) {
                if (channel.read(b, pos + (b.position() - dstOff)) < 0) {
                    throw new IOException("file shrank while reading at offset 0x" + Long.toHexString(pos));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + " at 0x" + Long.toHexString(pos), e);
        }
    }

    public int u1(long offset, String structure) throws MalformedDumpException {
        check(offset, 1, structure);
        return big.get(index(offset, 1)) & 0xff;
    }

    private ByteBuffer ordered(ByteOrder order) {
        return order == ByteOrder.BIG_ENDIAN ? big : little;
    }

    public int i32(long offset, ByteOrder order, String structure) throws MalformedDumpException {
        check(offset, 4, structure);
        return ordered(order).getInt(index(offset, 4));
    }

    public int u16(long offset, ByteOrder order, String structure) throws MalformedDumpException {
        check(offset, 2, structure);
        return ordered(order).getShort(index(offset, 2)) & 0xffff;
    }

    public long u32(long offset, ByteOrder order, String structure) throws MalformedDumpException {
        return i32(offset, order, structure) & 0xffffffffL;
    }

    public long i64(long offset, ByteOrder order, String structure) throws MalformedDumpException {
        check(offset, 8, structure);
        return ordered(order).getLong(index(offset, 8));
    }

    /** Copies {@code len} bytes at {@code offset} into {@code dst[dstOff..]}. */
    public void read(long offset, byte[] dst, int dstOff, int len, String structure) throws MalformedDumpException {
        check(offset, len, structure);
        if (len <= SMALL_READ) {
            big.get(index(offset, len), dst, dstOff, len);
        } else {
            fill(offset, dst, dstOff, len);
        }
    }

    /**
     * Copies {@code len} bytes at {@code offset} into {@code dst[dstOff..]} with a read of exactly those bytes,
     * leaving the read-ahead window where it is: for the odd small read far from the reader's position, which would
     * otherwise refill the whole window for a few bytes.
     */
    public void readExactly(long offset, byte[] dst, int dstOff, int len, String structure)
            throws MalformedDumpException {
        check(offset, len, structure);
        java.util.Objects.checkFromIndexSize(dstOff, len, dst.length);
        fill(offset, dst, dstOff, len);
    }

    /**
     * Copies {@code len} bytes at {@code offset} into {@code dst[dstOff..]}, a buffer of any kind (into a direct
     * buffer the read takes one copy, where a heap array takes two); {@code dst}'s position and limit are unchanged.
     */
    public void read(long offset, ByteBuffer dst, int dstOff, int len, String structure) throws MalformedDumpException {
        check(offset, len, structure);
        java.util.Objects.checkFromIndexSize(dstOff, len, dst.capacity());
        readParts(offset, dst, dstOff, len);
    }

    public byte[] bytes(long offset, int len, String structure) throws MalformedDumpException {
        check(offset, len, structure);
        byte[] b = new byte[len];
        read(offset, b, 0, len, structure);
        return b;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
