package io.dumpguard.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Positional reads that fill a buffer, for the engine's threads that read files themselves. */
final class ChannelReads {
    private ChannelReads() {
    }

    /**
     * Reads from {@code at} until {@code dst} has no room left.
     *
     * @return -1 when {@code dst} was filled, else the file offset at which the file ended
     */
    static long fill(FileChannel ch, ByteBuffer dst, long at) throws IOException {
        long pos = at;
        while (dst.hasRemaining()) {
            int n = ch.read(dst, pos);
            if (n < 0) {
                return pos;
            }
            pos += n;
        }
        return -1;
    }
}
