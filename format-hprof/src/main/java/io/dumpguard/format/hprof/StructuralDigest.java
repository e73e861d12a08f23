package io.dumpguard.format.hprof;

import io.dumpguard.core.error.MalformedDumpException;

import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * SHA-256 over the structural bytes. The spans between excluded ranges are gathered into one buffer that is
 * digested when full, so the cost per record is one small copy, not one digest call (a digest call per 26-byte
 * array header cost more than the hashing). The reader is usually the walker's own: the bytes between two excluded
 * ranges are the record headers it has just read, still in its window.
 */
final class StructuralDigest extends StructuralBytes {
    private static final int BUFFER = 1 << 16;
    private final HprofInput in;
    private final MessageDigest sha;
    private final byte[] buf = new byte[BUFFER];
    private int used;

    StructuralDigest(HprofInput reader) {
        this.in = reader;
        this.sha = io.dumpguard.core.digest.Sha256.newDigest();
    }

    @Override
    String result() {
        sha.update(buf, 0, used);
        used = 0;
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The symbol's id (8 big-endian bytes), then its text: the names digest tells which text has which id. */
    @Override
    void symbol(long id, long from, long to) throws MalformedDumpException {
        if (used > BUFFER - 8) {
            sha.update(buf, 0, used);
            used = 0;
        }
        for (int i = 7; i >= 0; i--) {
            buf[used++] = (byte) (id >>> (8 * i));
        }
        span(from, to);
    }

    @Override
    void span(long from, long to) throws MalformedDumpException {
        while (from < to) {
            int n = (int) Math.min(BUFFER - used, to - from);
            in.read(from, buf, used, n, "structural bytes");
            used += n;
            from += n;
            if (used == BUFFER) {
                sha.update(buf, 0, BUFFER);
                used = 0;
            }
        }
    }
}
