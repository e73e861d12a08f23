package io.dumpguard.nativematch;

import io.dumpguard.core.spi.ByteDetector;
import io.dumpguard.core.spi.FindingSink;
import io.dumpguard.core.spi.ScanChunk;

import java.util.List;

/**
 * A detector whose native first stage is a set of literals that a scanner may look for together with other
 * detectors' sets, in one {@link SharedLiteralPass} per batch instead of one pass each.
 */
public interface SharedLiteralDetector extends ByteDetector {
    /**
     * The literals its native first stage looks for, or null when it has none here (then it scans on its own). The
     * same object for every detector of one family or rule pack, so that a union is compiled once.
     */
    LiteralSet sharedLiterals();

    /**
     * As {@link #scanBatch(List, FindingSink)}, with the hits of {@link #sharedLiterals()} over
     * {@code [chunks.get(0).start(), chunks.get(last).limit())}, in order of start then id, already found: the same
     * hits, in the same order, as its own native first stage would find over that range.
     */
    void scanBatch(List<ScanChunk> chunks, LiteralHits hits, FindingSink sink);
}
