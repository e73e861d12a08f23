package io.dumpguard.engine;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a same-size copy of the input in which given byte ranges are zeroed. Only payload ranges ever reach it;
 * the format decides what is payload. Counts how many bytes actually changed value.
 */
final class Redactor implements AutoCloseable {
    private static final int WINDOW_SHIFT = 30;
    private static final long WINDOW = 1L << WINDOW_SHIFT;

    private final FileChannel out;
    private final long size;
    private final MappedByteBuffer[] windows;
    private long changed;
    private long overwritten;

    private Redactor(FileChannel out, long size) {
        this.out = out;
        this.size = size;
        this.windows = new MappedByteBuffer[(int) ((size + WINDOW - 1) >>> WINDOW_SHIFT) + 1];
    }

    /** Copies {@code input} to {@code output} (created new) and opens the copy for redaction. */
    static Redactor copy(Path input, Path output) throws IOException {
        try (FileChannel in = FileChannel.open(input, StandardOpenOption.READ)) {
            FileChannel out = FileChannel.open(output, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            long size = in.size();
            long pos = 0;
            while (pos < size) {
                long n = in.transferTo(pos, size - pos, out);
                if (n <= 0) {
                    out.close();
                    throw new IOException("copy of " + input + " stalled at offset " + pos);
                }
                pos += n;
            }
            return new Redactor(out, size);
        }
    }

    private MappedByteBuffer window(int k) throws IOException {
        MappedByteBuffer w = windows[k];
        if (w == null) {
            long start = (long) k << WINDOW_SHIFT;
            w = out.map(FileChannel.MapMode.READ_WRITE, start, Math.min(WINDOW, size - start));
            windows[k] = w;
        }
        return w;
    }

    /** Zeroes {@code [offset, offset+length)}; ranges may overlap and repeat. */
    void zero(long offset, long length) throws IOException {
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new IOException("redaction range 0x" + Long.toHexString(offset) + "+" + length
                    + " outside the file (" + size + " bytes)");
        }
        overwritten += length;
        long pos = offset;
        long end = offset + length;
        while (pos < end) {
            MappedByteBuffer w = window((int) (pos >>> WINDOW_SHIFT));
            int i = (int) (pos & (WINDOW - 1));
            int n = (int) Math.min(end - pos, WINDOW - i);
            for (int j = i; j < i + n; j++) {
                if (w.get(j) != 0) {
                    w.put(j, (byte) 0);
                    changed++;
                }
            }
            pos += n;
        }
    }

    long bytesChanged() {
        return changed;
    }

    long bytesOverwritten() {
        return overwritten;
    }

    @Override
    public void close() throws IOException {
        try {
            for (MappedByteBuffer w : windows) {
                if (w != null) {
                    w.force();
                }
            }
            out.force(true);
        } finally {
            java.util.Arrays.fill(windows, null);
            out.close();
        }
    }
}
