package io.dumpguard.engine;

import java.util.BitSet;

/**
 * The blocks of a sanitized copy that the redaction may have changed: every range it overwrote marks each
 * {@link #BLOCK}-byte block it touches. Verification uses them to re-scan only where something changed, with the
 * same verdict as a full re-scan:
 * <ul>
 *   <li>every piece the scanner reads whose window (its own part plus the overlap after it) meets a marked block is
 *       re-scanned by every detector, with the input's secrets for propagation;</li>
 *   <li>every other byte of the copy is compared with the input, byte for byte ({@link OutputComparison});</li>
 *   <li>so a piece that is not re-scanned holds exactly the bytes the input's scan read in that piece, in the same
 *       region (the re-parse proves the structure, hence the regions, the same). Detectors are functions of a
 *       piece's bytes and region, so they find there what they found in the input: nothing, because each input
 *       finding, and each copy of each input secret (the input's propagation pass searched every piece), was
 *       overwritten and so marks a block inside the window of the piece it starts in.</li>
 * </ul>
 * One bit per 64 KiB: 2 MB for a 1 TiB dump, whatever the policy overwrites.
 */
final class ChangedBlocks implements io.dumpguard.core.spi.OffsetFilter {
    static final int BLOCK_SHIFT = 16;
    static final int BLOCK = 1 << BLOCK_SHIFT;
    /** Largest file the bit set can describe: 2^31 blocks (128 TiB). */
    static final long MAX_FILE_BYTES = (long) Integer.MAX_VALUE << BLOCK_SHIFT;

    private final BitSet marked = new BitSet();
    private final long size;

    ChangedBlocks(long fileSize) {
        if (fileSize < 0 || fileSize > MAX_FILE_BYTES) {
            throw new IllegalArgumentException("file of " + fileSize + " bytes: beyond the changed-block map's "
                    + MAX_FILE_BYTES);
        }
        this.size = fileSize;
    }

    long fileSize() {
        return size;
    }

    /** Marks the blocks {@code [offset, offset + length)} touches. */
    void mark(long offset, long length) {
        if (length <= 0) {
            return;
        }
        if (offset < 0 || offset + length > size) {
            throw new IllegalArgumentException("range 0x" + Long.toHexString(offset) + "+" + length
                    + " outside the file (" + size + " bytes)");
        }
        marked.set((int) (offset >>> BLOCK_SHIFT), (int) ((offset + length - 1) >>> BLOCK_SHIFT) + 1);
    }

    /** Whether {@code [from, to)} meets a marked block. */
    @Override
    public boolean meets(long from, long to) {
        if (to <= from) {
            return false;
        }
        int first = (int) (from >>> BLOCK_SHIFT);
        int next = marked.nextSetBit(first);
        return next >= 0 && next <= (int) ((to - 1) >>> BLOCK_SHIFT);
    }

    boolean isEmpty() {
        return marked.isEmpty();
    }

    int markedBlocks() {
        return marked.cardinality();
    }

    /** Bytes in marked blocks (the last block counted up to the end of the file). */
    long markedBytes() {
        long n = (long) marked.cardinality() << BLOCK_SHIFT;
        int last = marked.length() - 1;
        if (last >= 0 && ((long) (last + 1) << BLOCK_SHIFT) > size) {
            n -= ((long) (last + 1) << BLOCK_SHIFT) - size;
        }
        return n;
    }

    /** Receives the maximal runs of unmarked blocks, in file order, clipped to the file. */
    interface SpanSink {
        void span(long from, long to) throws java.io.IOException;
    }

    void forEachUnmarked(SpanSink sink) throws java.io.IOException {
        long blocks = (size + BLOCK - 1) >>> BLOCK_SHIFT;
        int b = marked.nextClearBit(0);
        while (b < blocks) {
            int end = marked.nextSetBit(b);
            long to = end < 0 ? size : Math.min(size, (long) end << BLOCK_SHIFT);
            sink.span((long) b << BLOCK_SHIFT, to);
            if (end < 0) {
                return;
            }
            b = marked.nextClearBit(end);
        }
    }

}
