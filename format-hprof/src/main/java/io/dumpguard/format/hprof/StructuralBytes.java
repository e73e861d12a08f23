package io.dumpguard.format.hprof;

import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.error.MalformedDumpException;

/**
 * What a walk does with the file's structural bytes: every byte except the ranges a sanitizer may overwrite
 * (primitive array payloads, primitive field values of instances, symbol texts), which the walk announces in
 * increasing file order. The bytes between two announced ranges are a span handed to {@link #span}: digested
 * ({@link StructuralDigest}), compared with a sanitized copy's input ({@link StructuralComparison}), or left alone
 * ({@link #none()}: a sanitize run's input, whose copy is compared with it instead).
 */
abstract class StructuralBytes {
    private long spanStart;

    /** Leaves {@code [offset, offset+length)} out of the structural bytes; ranges must come in increasing order. */
    final void exclude(long offset, long length) throws MalformedDumpException {
        if (length <= 0) {
            return;
        }
        if (offset < spanStart) {
            throw new IllegalStateException("excluded ranges out of order at 0x" + Long.toHexString(offset));
        }
        span(spanStart, offset);
        spanStart = offset + length;
    }

    /**
     * Ends the structural bytes at {@code end} (the file size). Returns the hex digest, or null when none was kept;
     * throws when a comparison found a structural byte that differs.
     */
    final String finish(long end) throws InputRefusedException {
        span(spanStart, end);
        spanStart = end;
        return result();
    }

    /** The structural bytes {@code [from, to)}, in file order. */
    abstract void span(long from, long to) throws MalformedDumpException;

    /**
     * A referenced symbol: its id and its text {@code [from, to)}, which the main walk left out because which symbols
     * are referenced is known only at its end. The id is a structural byte of the main walk; the text is taken here.
     */
    void symbol(long id, long from, long to) throws MalformedDumpException {
        span(from, to);
    }

    /** The hex digest, or null when none was kept; throws when a comparison found a structural byte that differs. */
    abstract String result() throws InputRefusedException;

    /** Structural bytes that nothing needs: the walk announces its ranges for nothing. */
    static StructuralBytes none() {
        return new StructuralBytes() {
            @Override
            void span(long from, long to) {
            }

            @Override
            String result() {
                return null;
            }
        };
    }
}
