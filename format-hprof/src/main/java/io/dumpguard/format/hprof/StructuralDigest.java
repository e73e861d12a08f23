package io.dumpguard.format.hprof;

import io.dumpguard.core.error.MalformedDumpException;

import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * SHA-256 over every byte of the file except the ranges a sanitizer may overwrite (primitive array payloads and
 * primitive field values of instances). Callers announce the excluded ranges in increasing file order; the bytes
 * between them are gathered into one buffer that is digested when full, so the cost per record is one small copy,
 * not one digest call (a digest call per 26-byte array header cost more than the hashing). The reader is usually the
 * walker's own: the bytes between two excluded ranges are the record headers it has just read, still in its window.
 */
final class StructuralDigest {
    private static final int BUFFER = 1 << 16;
    private final HprofInput in;
    private final MessageDigest sha;
    private final byte[] buf = new byte[BUFFER];
    private int used;
    private long spanStart;

    StructuralDigest(HprofInput reader) {
        this.in = reader;
        this.sha = io.dumpguard.core.digest.Sha256.newDigest();
    }

    /** Leaves {@code [offset, offset+length)} out of the digest; ranges must come in increasing order. */
    void exclude(long offset, long length) throws MalformedDumpException {
        if (length <= 0) {
            return;
        }
        if (offset < spanStart) {
            throw new IllegalStateException("excluded ranges out of order at 0x" + Long.toHexString(offset));
        }
        feed(spanStart, offset);
        spanStart = offset + length;
    }

    /** Digests up to {@code end} (the file size) and returns the hex digest. */
    String finish(long end) throws MalformedDumpException {
        feed(spanStart, end);
        spanStart = end;
        sha.update(buf, 0, used);
        used = 0;
        return HexFormat.of().formatHex(sha.digest());
    }

    private void feed(long from, long to) throws MalformedDumpException {
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
