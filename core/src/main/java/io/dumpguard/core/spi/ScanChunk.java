package io.dumpguard.core.spi;

import io.dumpguard.core.Finding;
import io.dumpguard.core.Region;
import io.dumpguard.core.SecretValue;

import java.util.List;

/**
 * A window of one region handed to detectors. Matches must start in {@code [start, end)}; bytes up to
 * {@code limit} (the overlap with the next chunk of the same region) may be read to complete a match. Bytes of
 * {@link #data()} outside {@code [start, limit)} belong to other regions and must not be read: the engine packs
 * many small regions into one buffer.
 */
public final class ScanChunk {
    private final byte[] data;
    private final int start;
    private final int end;
    private final int limit;
    private final long fileOffset;
    private final Region region;
    private final java.nio.ByteBuffer direct;

    /**
     * @param data       buffer; data[0] is at file offset {@code fileOffset}
     * @param fileOffset file offset of {@code data[0]}
     */
    public ScanChunk(byte[] data, int start, int end, int limit, long fileOffset, Region region) {
        this(data, start, end, limit, fileOffset, region, null);
    }

    /**
     * @param direct a direct buffer holding the same bytes as {@code data} at the same indexes, at least up to
     *               {@code limit} (native matchers scan it without a copy); or null
     */
    public ScanChunk(byte[] data, int start, int end, int limit, long fileOffset, Region region,
                     java.nio.ByteBuffer direct) {
        if (start < 0 || end < start || limit < end || limit > data.length) {
            throw new IllegalArgumentException("bad chunk bounds " + start + "/" + end + "/" + limit);
        }
        if (direct != null && (!direct.isDirect() || direct.capacity() < limit)) {
            throw new IllegalArgumentException("the direct view must be a direct buffer covering the chunk");
        }
        this.direct = direct;
        this.data = data;
        this.start = start;
        this.end = end;
        this.limit = limit;
        this.fileOffset = fileOffset;
        this.region = region;
    }

    /** A whole byte array as one raw region at offset 0 (examples, tests). */
    public static ScanChunk of(byte[] data) {
        return new ScanChunk(data, 0, data.length, data.length, 0, Region.raw(0, data.length));
    }

    public byte[] data() {
        return data;
    }

    /**
     * The same bytes as {@link #data()} at the same indexes in a direct buffer, for native matchers; or null (then
     * they copy what they scan). Read-only by contract, like {@code data}.
     */
    public java.nio.ByteBuffer direct() {
        return direct;
    }

    public int start() {
        return start;
    }

    public int end() {
        return end;
    }

    public int limit() {
        return limit;
    }

    public Region region() {
        return region;
    }

    public long fileOffset(int pos) {
        return fileOffset + pos;
    }

    /** The alignment-relevant address of {@code data[pos]} (virtual address in native memory). */
    public long alignAddress(int pos) {
        return region.alignBase() + (fileOffset + pos - region.offset());
    }

    /** First position {@code >= start} whose {@link #alignAddress} is a multiple of {@code align} (a power of two). */
    public int firstAligned(int align) {
        long a = alignAddress(start);
        int skip = (int) ((align - (a & (align - 1))) & (align - 1));
        return start + skip;
    }

    /** A finding for {@code data[pos, pos+len)}, placed in this chunk's region. */
    public Finding finding(String detector, int pos, int len, String encoding, String description,
                           List<SecretValue> secrets) {
        return Finding.in(region, detector, fileOffset + pos, len, encoding, description, secrets);
    }
}
