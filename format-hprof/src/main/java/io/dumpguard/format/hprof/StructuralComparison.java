package io.dumpguard.format.hprof;

import io.dumpguard.core.error.MalformedDumpException;
import io.dumpguard.core.error.VerificationFailedException;
import io.dumpguard.core.io.MappedFile;
import io.dumpguard.core.spi.OffsetFilter;

import java.util.Arrays;

/**
 * Compares a sanitized copy's structural bytes with its input's, where the redaction wrote ({@code changed}); the
 * caller compares every other byte of the two files. A difference is remembered, not thrown at once: a first walk
 * that meets instances before their class dump cannot exclude those instances' field values, and only the last
 * walk's verdict counts ({@link HprofParser}).
 */
final class StructuralComparison extends StructuralBytes {
    private static final int BUFFER = 1 << 16;
    private final HprofInput copy;
    private final MappedFile input;
    private final OffsetFilter changed;
    private final byte[] a = new byte[BUFFER];
    private final byte[] b = new byte[BUFFER];
    private long firstDifference = -1;

    /**
     * @param copy    the walker's reader over the copy
     * @param input   the input the copy was made from, of the copy's size
     * @param changed where the copy may differ from the input
     */
    StructuralComparison(HprofInput copy, MappedFile input, OffsetFilter changed) {
        this.copy = copy;
        this.input = input;
        this.changed = changed;
    }

    @Override
    void span(long from, long to) throws MalformedDumpException {
        if (firstDifference >= 0 || !changed.meets(from, to)) {
            return;
        }
        while (from < to) {
            int n = (int) Math.min(BUFFER, to - from);
            copy.read(from, a, 0, n, "structural bytes");
            input.read(from, b, 0, n, "the input's structural bytes");
            int i = Arrays.mismatch(a, 0, n, b, 0, n);
            if (i >= 0) {
                firstDifference = from + i;
                return;
            }
            from += n;
        }
    }

    @Override
    String result() throws VerificationFailedException {
        if (firstDifference >= 0) {
            throw new VerificationFailedException(String.format("the sanitized copy's structure differs from the "
                    + "input's: the structural byte at offset 0x%x is not the input's", firstDifference));
        }
        return null;
    }
}
