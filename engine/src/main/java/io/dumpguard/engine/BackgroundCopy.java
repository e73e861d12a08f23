package io.dumpguard.engine;

import io.dumpguard.core.io.ZeroRanges;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The same-size copy a sanitize redacts, made on its own thread from the start of the run. It depends on nothing the
 * analysis finds, and a kernel copy of a multi-gigabyte dump takes from 0.4 to 2 s per GiB here (page allocation,
 * not reading), so it overlaps with parsing, which leaves the other core idle, instead of following the analysis.
 * The copy lands where the redacted output is staged (owner-only, never the final name), exactly as before.
 *
 * <p>The copy is sparse: an aligned {@link #BLOCK} of zero bytes is not written, and the file's size is set past it,
 * so it reads as zeros. Most of a JVM core is committed but untouched heap: a dense copy of it allocated gigabytes of
 * page cache and then wrote them to disk before the final fsync. {@link #holes()} tells verification which ranges
 * it need not read (reading a hole allocates a zeroed page for it). A block that is not zero costs one 4 KiB probe
 * when its first page already shows data, and is copied by the kernel with its neighbours.
 */
final class BackgroundCopy implements AutoCloseable {
    /** Unit of the sparse copy: a block of zeros this size, at a multiple of it, is left a hole. */
    static final int BLOCK = 1 << 20;
    private static final int PROBE = 4096;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(BLOCK).asReadOnlyBuffer();

    private final Thread thread;
    private FileChannel copy; // guarded by this until handed over
    private ZeroRanges holes = ZeroRanges.NONE; // guarded by this
    private Throwable failure;
    private boolean handedOver;

    private BackgroundCopy(Path input, Path output) {
        thread = Thread.ofPlatform().name("dumpguard-copy").daemon().unstarted(() -> run(input, output));
    }

    /** Starts copying {@code input} to {@code output}, which must not exist. */
    static BackgroundCopy start(Path input, Path output) {
        BackgroundCopy c = new BackgroundCopy(input, output);
        c.thread.start();
        return c;
    }

    private void run(Path input, Path output) {
        FileChannel out = null;
        try (FileChannel in = FileChannel.open(input, StandardOpenOption.READ)) {
            out = FileChannel.open(output, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            long size = in.size();
            ZeroRanges.Builder zeros = new ZeroRanges.Builder();
            ByteBuffer block = ByteBuffer.allocateDirect(BLOCK);
            long dataStart = 0;
            for (long pos = 0; pos + BLOCK <= size; pos += BLOCK) {
                if (isZero(in, pos, block)) {
                    transfer(in, out, dataStart, pos, input);
                    zeros.add(pos, pos + BLOCK);
                    dataStart = pos + BLOCK;
                }
            }
            transfer(in, out, dataStart, size, input);
            if (out.size() < size) { // the file ends in a hole: set its size with its last (zero) byte
                out.write(ByteBuffer.allocate(1), size - 1);
            }
            synchronized (this) {
                copy = out;
                holes = zeros.build();
                out = null;
            }
        } catch (Throwable e) { // reported to whoever awaits the copy
            synchronized (this) {
                failure = e;
            }
        } finally {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException ignored) {
                    // the failure above is what counts
                }
            }
        }
    }

    /** Whether the block at {@code pos} is all zero: a probe of its first page, then the whole block if need be. */
    private static boolean isZero(FileChannel in, long pos, ByteBuffer block) throws IOException {
        readFully(in, block.clear().limit(PROBE), pos);
        if (block.flip().mismatch(ZEROS.duplicate().limit(PROBE)) >= 0) {
            return false;
        }
        readFully(in, block.clear(), pos);
        return block.flip().mismatch(ZEROS.duplicate()) < 0;
    }

    private static void readFully(FileChannel in, ByteBuffer b, long pos) throws IOException {
        long end = ChannelReads.fill(in, b, pos);
        if (end >= 0) {
            throw new IOException("the input shrank while it was copied, at offset 0x" + Long.toHexString(end));
        }
    }

    /** Copies {@code [from, to)} in the kernel. */
    private static void transfer(FileChannel in, FileChannel out, long from, long to, Path input) throws IOException {
        long pos = from;
        while (pos < to) {
            long n = in.transferTo(pos, to - pos, out.position(pos));
            if (n <= 0) {
                throw new IOException("copy of " + input + " stalled at offset 0x" + Long.toHexString(pos));
            }
            pos += n;
        }
    }

    /** The ranges the copy left as holes (they read as zeros); valid once {@link #await} has returned. */
    synchronized ZeroRanges holes() {
        return holes;
    }

    /** Waits for the copy; the caller then owns the open channel and must close it. */
    FileChannel await() throws IOException {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while copying the dump");
        }
        synchronized (this) {
            if (failure instanceof IOException e) {
                throw e;
            }
            if (failure != null) {
                throw new IOException("copying the dump failed", failure);
            }
            handedOver = true;
            return copy;
        }
    }

    /** Stops a copy nobody took (the run was refused): interrupts it, waits for it, closes what it made. */
    @Override
    public void close() throws IOException {
        thread.interrupt(); // transferTo on an interruptible channel stops and closes it
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (!handedOver && copy != null) {
                copy.close();
            }
        }
    }
}
