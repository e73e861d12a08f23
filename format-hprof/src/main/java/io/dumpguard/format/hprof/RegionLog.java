package io.dumpguard.format.hprof;

import io.dumpguard.core.error.InputRefusedException;

import java.lang.ref.SoftReference;
import java.util.ArrayList;
import java.util.List;

/**
 * The regions of a dump, logged compactly during the parse so that {@link HprofParsedDump#regions} replays them
 * instead of walking the whole file again (the engine asks for the regions once per detection pass). An entry is a
 * kind byte (the array's basic type, {@link #UTF8} or {@link #UNKNOWN_RECORD}), the gap since the previous region's
 * end and the length as unsigned LEB128 varints, then the UTF8 id or the record tag: about four bytes per heap
 * array, where a walk decodes a sub-record header of 18 to 26 bytes and reads every byte of the file to find them.
 *
 * <p>Memory is bounded independently of the dump's size: at most {@link #MAX_BYTES} in chunks of {@link #CHUNK}
 * bytes, held through a soft reference so that the collector may take them back under pressure. A dump whose log
 * would grow past the bound keeps the entries of the top-level records before the one that did not fit, and
 * {@link #resumeOffset()} says where a walk takes over after the replay; a log the collector took back is not
 * replayed at all (the caller walks the whole file, as without a log).
 *
 * <p>Every {@link #STRETCH} entries the log notes where the next entry starts and the file offset the previous
 * region ended at, so that a replay for a pass that wants only some of the file (a verification re-scanning where
 * the redaction wrote) decodes only the stretches that meet it: a few thousand entries instead of millions.
 */
final class RegionLog implements RegionWalk.Sink {
    /** Most bytes the log of one dump may hold: about 8 million heap arrays, a 2..3 GB HotSpot heap dump. */
    static final int MAX_BYTES = 32 << 20;
    /** Bytes per chunk of the log (allocated as needed). */
    static final int CHUNK = 1 << 20;
    private static final int UTF8 = 16;
    private static final int UNKNOWN_RECORD = 17;
    private static final int CHUNK_END = 0xff;
    /** Kind byte, three varints of at most ten bytes; an entry never straddles two chunks. */
    private static final int MAX_ENTRY = 1 + 3 * 10;

    private final int maxChunks;
    private final int chunkBytes;
    private List<byte[]> chunks = new ArrayList<>();
    private byte[] current;
    private int pos;
    private long prevEnd;
    /** Where the top-level record being logged starts, in the log and in the file. */
    private int markChunks;
    private int markPos;
    private long markPrevEnd;
    private long markOffset;
    private long resumeOffset = -1;
    private boolean full;
    private SoftReference<List<byte[]>> sealed;
    private int sealedEnd;
    /** Entries per stretch of the index. */
    static final int STRETCH = 1024;
    private int entries;
    /** Per stretch: chunk number, position in it, and the file offset the region before it ended at. */
    private int[] stretchChunk = new int[64];
    private int[] stretchPos = new int[64];
    private long[] stretchPrevEnd = new long[64];
    private int stretches;

    RegionLog() {
        this(MAX_BYTES, CHUNK);
    }

    /** @param maxBytes the bound; tests use small bounds and chunks to exercise the partial log and chunk ends */
    RegionLog(int maxBytes, int chunkBytes) {
        if (chunkBytes < 2 * MAX_ENTRY) {
            throw new IllegalArgumentException("chunks of at least " + 2 * MAX_ENTRY + " bytes");
        }
        this.chunkBytes = chunkBytes;
        this.maxChunks = Math.max(1, maxBytes / chunkBytes);
    }

    @Override
    public void recordStart(long offset) {
        if (full) {
            return;
        }
        markChunks = chunks.size();
        markPos = pos;
        markPrevEnd = prevEnd;
        markOffset = offset;
    }

    @Override
    public void unknownRecord(int tag, long bodyOffset, long bodyLength) {
        if (room()) {
            entry(UNKNOWN_RECORD, bodyOffset, bodyLength);
            current[pos++] = (byte) tag;
        }
    }

    @Override
    public void utf8(long id, long textOffset, long textLength) {
        if (room()) {
            entry(UTF8, textOffset, textLength);
            varint(id);
        }
    }

    @Override
    public void array(int type, long payloadOffset, long payloadLength) {
        if (room()) {
            entry(type, payloadOffset, payloadLength);
        }
    }

    private void entry(int kind, long offset, long length) {
        if (entries++ % STRETCH == 0) {
            if (stretches == stretchChunk.length) {
                stretchChunk = java.util.Arrays.copyOf(stretchChunk, stretches * 2);
                stretchPos = java.util.Arrays.copyOf(stretchPos, stretches * 2);
                stretchPrevEnd = java.util.Arrays.copyOf(stretchPrevEnd, stretches * 2);
            }
            stretchChunk[stretches] = chunks.size() - 1;
            stretchPos[stretches] = pos;
            stretchPrevEnd[stretches] = prevEnd;
            stretches++;
        }
        current[pos++] = (byte) kind;
        varint(offset - prevEnd);
        varint(length);
        prevEnd = offset + length;
    }

    private void varint(long v) {
        while ((v & ~0x7fL) != 0) {
            current[pos++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        current[pos++] = (byte) v;
    }

    /** Whether an entry can be written; starts a new chunk or gives up at the bound. */
    private boolean room() {
        if (full) {
            return false;
        }
        if (current != null && pos + MAX_ENTRY <= chunkBytes) {
            return true;
        }
        if (chunks.size() == maxChunks) {
            overflow();
            return false;
        }
        if (current != null) {
            current[pos] = (byte) CHUNK_END;
        }
        current = new byte[chunkBytes];
        chunks.add(current);
        pos = 0;
        return true;
    }

    /** Keeps the records logged completely; a walk resumes at the record that did not fit. */
    private void overflow() {
        full = true;
        resumeOffset = markOffset;
        chunks = new ArrayList<>(chunks.subList(0, markChunks));
        current = chunks.isEmpty() ? null : chunks.get(chunks.size() - 1);
        pos = markPos;
        prevEnd = markPrevEnd;
        // stretches that start in what was given back go too
        while (stretches > 0 && (stretchChunk[stretches - 1] > markChunks - 1
                || (stretchChunk[stretches - 1] == markChunks - 1 && stretchPos[stretches - 1] >= markPos))) {
            stretches--;
        }
    }

    /** Ends the log (after the parse's walk): from now on it is only replayed. */
    void seal() {
        if (current != null && pos < chunkBytes) {
            current[pos] = (byte) CHUNK_END;
        }
        sealedEnd = pos;
        sealed = new SoftReference<>(chunks);
        chunks = null;
        current = null;
        full = true;
    }

    /** File offset of the top-level record where a walk must take over after {@link #replay}, or -1. */
    long resumeOffset() {
        return resumeOffset;
    }

    /** Approximate bytes held (0 once the collector took the log back). */
    long bytes() {
        List<byte[]> c = sealed == null ? chunks : sealed.get();
        return c == null ? 0 : (long) c.size() * chunkBytes;
    }

    /** Gives the log up (as the collector may): {@link #replay} then hands over nothing. */
    void release() {
        if (sealed != null) {
            sealed.clear();
        }
    }

    /**
     * Hands every logged region to {@code sink} in file order, leaving out the stretches of the log whose regions
     * all lie in spans {@code only} does not meet (null: none left out). Returns false, having handed over nothing,
     * when the collector has taken the log back.
     */
    boolean replay(RegionWalk.Sink sink, io.dumpguard.core.spi.OffsetFilter only) throws InputRefusedException {
        List<byte[]> c = sealed == null ? null : sealed.get();
        if (c == null) {
            return false;
        }
        if (only == null || stretches == 0) {
            decode(c, 0, 0, 0, Integer.MAX_VALUE, sink);
            return true;
        }
        for (int s = 0; s < stretches; s++) {
            // every region of the stretch lies after the previous region's end and before the next stretch's
            long from = stretchPrevEnd[s];
            long to = s + 1 < stretches ? stretchPrevEnd[s + 1] : Long.MAX_VALUE;
            if (only.meets(from, to)) {
                decode(c, stretchChunk[s], stretchPos[s], from, STRETCH, sink);
            }
        }
        return true;
    }

    /** Decodes up to {@code max} entries from chunk {@code k0} at {@code p0}, the region before ending at prev. */
    private void decode(List<byte[]> c, int k0, int p0, long prev, int max, RegionWalk.Sink sink)
            throws InputRefusedException {
        long[] cursor = new long[1];
        int left = max;
        int p = p0;
        for (int k = k0; k < c.size() && left > 0; k++, p = 0) {
            byte[] b = c.get(k);
            int limit = k == c.size() - 1 ? sealedEnd : chunkBytes;
            while (p < limit && left > 0) {
                int kind = b[p++] & 0xff;
                if (kind == CHUNK_END) {
                    break;
                }
                left--;
                cursor[0] = p;
                long offset = prev + readVarint(b, cursor);
                long length = readVarint(b, cursor);
                p = (int) cursor[0];
                switch (kind) {
                    case UTF8 -> {
                        long id = readVarint(b, cursor);
                        p = (int) cursor[0];
                        sink.utf8(id, offset, length);
                    }
                    case UNKNOWN_RECORD -> sink.unknownRecord(b[p++] & 0xff, offset, length);
                    default -> sink.array(kind, offset, length);
                }
                prev = offset + length;
            }
        }
    }

    private static long readVarint(byte[] b, long[] cursor) {
        int p = (int) cursor[0];
        long v = 0;
        int shift = 0;
        while (true) {
            byte x = b[p++];
            v |= (long) (x & 0x7f) << shift;
            if (x >= 0) {
                break;
            }
            shift += 7;
        }
        cursor[0] = p;
        return v;
    }
}
