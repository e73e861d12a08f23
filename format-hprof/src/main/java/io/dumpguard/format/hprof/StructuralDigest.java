package io.dumpguard.format.hprof;

import io.dumpguard.core.error.MalformedDumpException;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 over every byte of the file except the ranges a sanitizer may overwrite (primitive array payloads and
 * primitive field values of instances). Callers announce the excluded ranges in increasing file order; the bytes
 * between them are digested in large contiguous spans through a private reader, so the cost per record is one
 * comparison, not one digest call.
 */
final class StructuralDigest {
    private static final int BUFFER = 1 << 16;
    private final HprofInput in;
    private final MessageDigest sha;
    private final byte[] buf = new byte[BUFFER];
    private long spanStart;

    StructuralDigest(HprofInput privateReader) {
        this.in = privateReader;
        try {
            this.sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
        return HexFormat.of().formatHex(sha.digest());
    }

    private void feed(long from, long to) throws MalformedDumpException {
        while (from < to) {
            int n = (int) Math.min(BUFFER, to - from);
            in.read(from, buf, 0, n, "structural bytes");
            sha.update(buf, 0, n);
            from += n;
        }
    }
}
