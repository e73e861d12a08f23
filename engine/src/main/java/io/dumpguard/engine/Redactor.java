package io.dumpguard.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Writes a same-size copy of the input in which given byte ranges are zeroed, and counts how many bytes actually
 * changed value. Only payload ranges ever reach it; the format decides what is payload.
 *
 * <p>Ranges arrive mostly in file order (findings sorted, policy ranges walked in order), so the copy is edited
 * through one window: read it, zero the ranges that fall in it, write it back when a range falls outside. That
 * keeps memory constant and turns millions of small ranges (paranoid policy) into large sequential I/O.
 */
final class Redactor implements AutoCloseable {
    private static final int WINDOW = 4 << 20;

    private final FileChannel out;
    private final long size;
    private final byte[] window = new byte[WINDOW];
    private long windowStart = -1;
    private int windowLength;
    private boolean dirty;
    private long changed;
    private long overwritten;
    private long firstChange = Long.MAX_VALUE;
    private final ChangedBlocks changedBlocks;

    private Redactor(FileChannel out, long size) {
        this.out = out;
        this.size = size;
        this.changedBlocks = new ChangedBlocks(size);
    }

    /** Redacts {@code copy}, a same-size copy of the input, open for reading and writing; closes it when closed. */
    static Redactor of(FileChannel copy) throws IOException {
        return new Redactor(copy, copy.size());
    }

    /** Every block a range was overwritten in so far (whether or not its bytes were already zero). */
    ChangedBlocks changedBlocks() {
        return changedBlocks;
    }

    /** The offset of the first byte changed so far; {@link Long#MAX_VALUE} when none has. */
    long firstChange() {
        return firstChange;
    }

    /** Zeroes {@code [offset, offset+length)}; ranges may overlap and repeat. */
    void zero(long offset, long length) throws IOException {
        if (offset < 0 || length < 0 || offset > size || length > size - offset) {
            throw new IOException("redaction range 0x" + Long.toHexString(offset) + "+" + length
                    + " outside the file (" + size + " bytes)");
        }
        overwritten += length;
        changedBlocks.mark(offset, length);
        long pos = offset;
        long end = offset + length;
        while (pos < end) {
            if (pos < windowStart || pos >= windowStart + windowLength) {
                load(pos);
            }
            int i = (int) (pos - windowStart);
            int n = (int) Math.min(end - pos, windowLength - i);
            for (int j = i; j < i + n; j++) {
                if (window[j] != 0) {
                    window[j] = 0;
                    changed++;
                    dirty = true;
                    firstChange = Math.min(firstChange, windowStart + j);
                }
            }
            pos += n;
        }
    }

    private void load(long pos) throws IOException {
        flush();
        windowStart = pos;
        windowLength = (int) Math.min(WINDOW, size - pos);
        ByteBuffer b = ByteBuffer.wrap(window, 0, windowLength);
        while (b.hasRemaining()) {
            if (out.read(b, windowStart + b.position()) < 0) {
                throw new IOException("output shrank while redacting at 0x" + Long.toHexString(pos));
            }
        }
    }

    private void flush() throws IOException {
        if (dirty) {
            ByteBuffer b = ByteBuffer.wrap(window, 0, windowLength);
            while (b.hasRemaining()) {
                out.write(b, windowStart + b.position());
            }
            dirty = false;
        }
    }

    long bytesChanged() {
        return changed;
    }

    long bytesOverwritten() {
        return overwritten;
    }

    /** Writes back the last window. Not forced to disk here: the engine does that beside verification. */
    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            out.close();
        }
    }
}
