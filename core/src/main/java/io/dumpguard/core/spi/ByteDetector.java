package io.dumpguard.core.spi;

import java.util.List;

/**
 * Scans raw bytes. One instance serves one thread for one run. Must validate every candidate (parsing plus
 * arithmetic) before reporting, run in time linear in the chunk, and never allocate from a length read from the
 * data without checking it against {@link io.dumpguard.core.Limits}.
 *
 * <p>No match is longer than {@link #maxMatchBytes()} or made of zero bytes alone (a wiped buffer proves nothing):
 * the engine relies on both to leave long runs of zero pages out of the scan.
 */
public interface ByteDetector {
    /** Longest structure this detector matches; the engine overlaps chunks by at least this many bytes. */
    int maxMatchBytes();

    /** Report every match that starts in {@code [chunk.start, chunk.end)}; bytes up to {@code chunk.limit} may be read. */
    void scan(ScanChunk chunk, FindingSink sink);

    /**
     * Scans the chunks of one batch: pieces of regions packed back to back into one buffer, in increasing buffer
     * position, none overlapping another. The default scans each chunk; a detector with a fixed cost per call (a
     * native matcher) may pass over the batch's bytes once and hand each chunk the hits inside its own bounds.
     */
    default void scanBatch(List<ScanChunk> chunks, FindingSink sink) {
        for (ScanChunk c : chunks) {
            scan(c, sink);
        }
    }

    /**
     * Whether {@link #scanBatch} of these chunks reads {@link ScanChunk#data()}. A detector that reads only
     * {@link ScanChunk#direct()} for them says false, and the engine may then leave the array unfilled: it must not
     * read the array at all, or it sees stale bytes. The default, true, is always safe.
     */
    default boolean needsArray(List<ScanChunk> chunks) {
        return true;
    }

    /** After a run: what was proven and how ("RSA-2048 fp ab12..: 1,048,576 candidates x 3 layouts by division"). */
    default List<String> proof() {
        return List.of();
    }
}
