package io.dumpguard.engine;

import io.dumpguard.core.io.ZeroRanges;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The half of verification that makes re-scanning only the changed blocks enough ({@link ChangedBlocks}): every
 * byte of the sanitized copy outside the changed blocks must be the input's byte. Runs on its own thread beside the
 * copy's re-parse. The copy's holes are skipped: the copy left a block a hole only after reading it as zeros in the
 * input, and a hole reads as zeros (verification's own reads treat them the same way).
 *
 * <p>A difference is a refusal: something other than the redaction wrote to the copy.
 */
final class OutputComparison {
    private static final int PIECE = 4 << 20;

    private final Thread thread;
    private volatile boolean stop;
    private Throwable failure;
    private long compared;
    /** Why the copy is not the input outside the changed blocks (a differing byte, a size); a refusal. */
    private String unequal;

    private OutputComparison(Path input, Path copy, ChangedBlocks changed, ZeroRanges holes) {
        thread = Thread.ofPlatform().name("dumpguard-compare").daemon().unstarted(() -> {
            try {
                run(input, copy, changed, holes);
            } catch (Throwable e) {
                failure = e;
            }
        });
    }

    static OutputComparison start(Path input, Path copy, ChangedBlocks changed, ZeroRanges holes) {
        OutputComparison c = new OutputComparison(input, copy, changed, holes);
        c.thread.start();
        return c;
    }

    private void run(Path input, Path copy, ChangedBlocks changed, ZeroRanges holes) throws IOException {
        try (FileChannel in = FileChannel.open(input, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(copy, StandardOpenOption.READ)) {
            if (in.size() != changed.fileSize() || out.size() != changed.fileSize()) {
                unequal = "the input (" + in.size() + " bytes) and the sanitized copy (" + out.size()
                        + " bytes) are not both the size the redaction saw (" + changed.fileSize() + ")";
                return;
            }
            ByteBuffer a = ByteBuffer.allocateDirect(PIECE);
            ByteBuffer b = ByteBuffer.allocateDirect(PIECE);
            changed.forEachUnmarked((from, to) -> holes.split(from, to - from, (off, len, zero) -> {
                if (zero) {
                    return;
                }
                for (long p = off; p < off + len && unequal == null && !stop; p += PIECE) {
                    int n = (int) Math.min(PIECE, off + len - p);
                    if (ChannelReads.fill(in, a.clear().limit(n), p) >= 0
                            || ChannelReads.fill(out, b.clear().limit(n), p) >= 0) {
                        unequal = "the input or the sanitized copy ended before offset 0x" + Long.toHexString(p + n)
                                + " while they were compared";
                        return;
                    }
                    int m = a.flip().mismatch(b.flip());
                    if (m >= 0) {
                        unequal = String.format("the sanitized copy differs from the input at offset 0x%x, outside "
                                + "every range the redaction wrote: something else wrote to the copy", p + m);
                        return;
                    }
                    compared += n;
                }
            }));
        }
    }

    /**
     * Waits for the comparison.
     *
     * @return the bytes compared equal
     * @throws io.dumpguard.core.error.VerificationFailedException at the first byte that differs
     */
    long await() throws IOException, io.dumpguard.core.error.VerificationFailedException {
        join();
        if (failure instanceof IOException e) {
            throw e;
        }
        RegionScanner.rethrow(failure);
        if (unequal != null) {
            throw new io.dumpguard.core.error.VerificationFailedException(unequal);
        }
        return compared;
    }

    /** Stops a comparison whose result nobody needs any more (the run is being refused) and waits for it. */
    void cancel() {
        stop = true;
        join();
    }

    private void join() {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while comparing the sanitized copy", e);
        }
    }
}
