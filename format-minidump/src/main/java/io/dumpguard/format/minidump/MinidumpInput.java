package io.dumpguard.format.minidump;

import io.dumpguard.core.Limits;
import io.dumpguard.core.error.LimitExceededException;
import io.dumpguard.core.error.MalformedDumpException;
import io.dumpguard.core.io.MappedFile;

import java.nio.ByteOrder;

/**
 * Little-endian, bounds-checked reads of minidump structures. Every read names the structure it belongs to so that a
 * malformed file is refused with "malformed MINIDUMP_MODULE #3 at offset 0x...".
 */
final class MinidumpInput {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private final MappedFile file;
    private final Limits limits;

    MinidumpInput(MappedFile file, Limits limits) {
        this.file = file;
        this.limits = limits;
    }

    long size() {
        return file.size();
    }

    Limits limits() {
        return limits;
    }

    MappedFile file() {
        return file;
    }

    int u8(long offset, String structure) throws MalformedDumpException {
        return file.u1(offset, structure);
    }

    int u16(long offset, String structure) throws MalformedDumpException {
        return file.u16(offset, LE, structure);
    }

    long u32(long offset, String structure) throws MalformedDumpException {
        return file.u32(offset, LE, structure);
    }

    int i32(long offset, String structure) throws MalformedDumpException {
        return file.i32(offset, LE, structure);
    }

    long u64(long offset, String structure) throws MalformedDumpException {
        return file.i64(offset, LE, structure);
    }

    /** Throws unless {@code [offset, offset+length)} lies inside the file. */
    void check(long offset, long length, String structure) throws MalformedDumpException {
        file.check(offset, length, structure);
    }

    /**
     * The byte size of {@code count} entries of {@code entrySize} bytes, refused when the count exceeds the
     * {@code maxRegions} limit or the table does not fit in {@code available} bytes. Nothing is allocated before this.
     */
    long tableBytes(long offset, String structure, long count, long entrySize, long available)
            throws MalformedDumpException, LimitExceededException {
        if (count < 0 || count > limits.maxRegions()) {
            throw new LimitExceededException("maxRegions (" + structure + " count at 0x" + Long.toHexString(offset)
                    + ")", count, limits.maxRegions(), "raise Limits.maxRegions");
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(count, entrySize);
        } catch (ArithmeticException e) {
            throw new MalformedDumpException(offset, structure, "count " + count + " overflows");
        }
        if (bytes > available) {
            throw MalformedDumpException.pastEnd(offset, structure, bytes, available);
        }
        return bytes;
    }
}
