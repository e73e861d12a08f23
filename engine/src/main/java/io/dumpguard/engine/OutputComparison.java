package io.dumpguard.engine;

import io.dumpguard.core.io.ZeroRanges;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The half of verification that makes re-scanning only the changed blocks enough ({@link ChangedBlocks}): every
 * byte of the sanitized copy outside the changed blocks must be the input's byte. Runs on its own thread beside the
 * copy's re-parse. The copy's holes are skipped: the copy left a block a hole only after reading it as zeros in the
 * input, and a hole reads as zeros (verification's own reads treat them the same way).
 *
 * <p>A difference is a refusal: something other than the redaction wrote to the copy.
 *
 * <p>The copy's digest needs the same bytes, so each piece of the copy read here is offered to it
 * ({@link FileDigest#offer}): the digest then reads by itself only the changed blocks and whatever it reaches before
 * the comparison does, and the copy is read once for both instead of twice. A piece offered stays the digest's until
 * it is hashed, so the copy's pieces come from a pool of {@link #BUFFERS}: a comparison ahead of the digest waits for
 * it, and a digest ahead of the comparison refuses the pieces behind it and reads for itself.
 */
final class OutputComparison {
    private static final int PIECE = 4 << 20;
    /** Buffers for the copy's pieces: one being compared, the rest with the digest (at most 12 MiB ahead of it). */
    private static final int BUFFERS = 4;

    private final Thread thread;
    private volatile boolean stop;
    private Throwable failure;
    private long compared;
    /** Why the copy is not the input outside the changed blocks (a differing byte, a size); a refusal. */
    private String unequal;

    private OutputComparison(Path input, Path copy, ChangedBlocks changed, ZeroRanges holes, FileDigest digest) {
        thread = Thread.ofPlatform().name("dumpguard-compare").daemon().unstarted(() -> {
            try {
                run(input, copy, changed, holes, digest);
            } catch (Throwable e) {
                failure = e;
            }
        });
    }

    /**
     * Starts comparing {@code copy} with {@code input} outside the changed blocks and the holes, offering the copy's
     * pieces to {@code digest}, the copy's digest (null: none).
     */
    static OutputComparison start(Path input, Path copy, ChangedBlocks changed, ZeroRanges holes, FileDigest digest) {
        OutputComparison c = new OutputComparison(input, copy, changed, holes, digest);
        c.thread.start();
        return c;
    }

    private void run(Path input, Path copy, ChangedBlocks changed, ZeroRanges holes, FileDigest digest)
            throws IOException {
        try (FileChannel in = FileChannel.open(input, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(copy, StandardOpenOption.READ)) {
            if (in.size() != changed.fileSize() || out.size() != changed.fileSize()) {
                unequal = "the input (" + in.size() + " bytes) and the sanitized copy (" + out.size()
                        + " bytes) are not both the size the redaction saw (" + changed.fileSize() + ")";
                return;
            }
            ByteBuffer a = ByteBuffer.allocateDirect(PIECE);
            BlockingQueue<ByteBuffer> pool = new ArrayBlockingQueue<>(BUFFERS);
            for (int i = 0; i < (digest == null ? 1 : BUFFERS); i++) {
                pool.add(ByteBuffer.allocateDirect(PIECE));
            }
            changed.forEachUnmarked((from, to) -> holes.split(from, to - from, (off, len, zero) -> {
                if (zero) {
                    return;
                }
                for (long p = off; p < off + len && unequal == null && !stop; p += PIECE) {
                    int n = (int) Math.min(PIECE, off + len - p);
                    ByteBuffer b = take(pool);
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
                    // offered only once compared equal: the digest hashes bytes this comparison has vouched for
                    if (digest == null || !digest.offer(p, b, 0, n, () -> pool.add(b))) {
                        pool.add(b);
                    }
                }
            }));
        }
    }

    /**
     * A free buffer for the copy's next piece, waiting while the digest holds them all: it releases each once hashed,
     * and every one it still holds when it ends, however it ends.
     */
    private static ByteBuffer take(BlockingQueue<ByteBuffer> pool) {
        try {
            return pool.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // a failure, not a stop: a comparison cut short must never read as one that found the bytes equal
            throw new IllegalStateException("interrupted while comparing the sanitized copy", e);
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
