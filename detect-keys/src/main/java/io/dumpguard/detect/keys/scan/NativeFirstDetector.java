package io.dumpguard.detect.keys.scan;

import io.dumpguard.core.spi.ByteDetector;
import io.dumpguard.core.spi.FindingSink;
import io.dumpguard.core.spi.ScanChunk;
import io.dumpguard.nativematch.HyperscanLiterals;

import java.util.List;

/**
 * A detector with two matchers that find the same things: a native one (Hyperscan), used for spans and packed
 * batches of at least {@link HyperscanLiterals#MIN_SPAN_BYTES} when it loaded, and the pure-Java reference for the
 * rest and everywhere the native one cannot run.
 */
public abstract class NativeFirstDetector implements ByteDetector {
    /** Whether the native matcher loaded for this instance. */
    protected abstract boolean hasNative();

    /** One chunk by the Java matcher. */
    protected abstract void scanJava(ScanChunk chunk, FindingSink sink);

    /** Chunks packed back to back in one buffer, in one native pass; each match goes to the chunk it starts in. */
    protected abstract void scanNative(List<ScanChunk> chunks, FindingSink sink);

    /** Whether {@link #scanBatch} gives these chunks to the native matcher. */
    protected final boolean usesNative(List<ScanChunk> chunks) {
        return hasNative() && !chunks.isEmpty()
                && chunks.get(chunks.size() - 1).limit() - chunks.get(0).start() >= HyperscanLiterals.MIN_SPAN_BYTES;
    }

    @Override
    public final void scan(ScanChunk chunk, FindingSink sink) {
        scanBatch(List.of(chunk), sink);
    }

    @Override
    public final void scanBatch(List<ScanChunk> chunks, FindingSink sink) {
        if (usesNative(chunks)) {
            scanNative(chunks, sink);
        } else {
            for (ScanChunk c : chunks) {
                scanJava(c, sink);
            }
        }
    }
}
