package io.dumpguard.engine;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The same-size copy a sanitize redacts, made on its own thread from the start of the run. It depends on nothing the
 * analysis finds, and a kernel copy of a multi-gigabyte dump takes from 0.4 to 2 s per GiB here (page allocation,
 * not reading), so it overlaps with parsing, which leaves the other core idle, instead of following the analysis.
 * The copy lands where the redacted output is staged (owner-only, never the final name), exactly as before.
 */
final class BackgroundCopy implements AutoCloseable {
    private final Thread thread;
    private FileChannel copy; // guarded by this until handed over
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
            long pos = 0;
            while (pos < size) {
                long n = in.transferTo(pos, size - pos, out);
                if (n <= 0) {
                    throw new IOException("copy of " + input + " stalled at offset 0x" + Long.toHexString(pos));
                }
                pos += n;
            }
            synchronized (this) {
                copy = out;
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
