package io.dumpguard.format.minidump;

import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.error.MalformedDumpException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the stream parsers share while one minidump is read. */
final class ParseContext {
    /** One MINIDUMP_DIRECTORY entry. */
    record Stream(int index, int type, long dataSize, long rva) {
        String structure() {
            return StreamType.name(type) + " (stream #" + index + ")";
        }
    }

    /** An address range [base, base+size) with a name, for classifying memory. */
    record AddressRange(long base, long size, String name) {
        boolean contains(long address, long length) {
            long offset = address - base;
            return Long.compareUnsigned(offset, size) < 0 && Long.compareUnsigned(length, size - offset) <= 0;
        }
    }

    final MinidumpInput in;
    final FileLayout layout;
    final MinidumpStrings strings;
    final Map<String, Long> counts = new TreeMap<>();
    final List<String> notes = new ArrayList<>();
    final List<AddressRange> modules = new ArrayList<>();
    final List<AddressRange> imageMappings = new ArrayList<>();
    int architecture = SystemInfo.ARCH_UNKNOWN;

    ParseContext(MinidumpInput in) {
        this.in = in;
        this.layout = new FileLayout(in);
        this.strings = new MinidumpStrings(in, layout);
    }

    void add(String counter, long n) {
        counts.merge(counter, n, Long::sum);
    }

    /**
     * Where a list's entries start. Some Breakpad writers put 4 bytes of padding after a 32-bit count so that the
     * 64-bit fields that follow are aligned; they are recognised by the stream being exactly 4 bytes longer.
     */
    long listEntries(Stream s, long count, long entrySize) throws InputRefusedException {
        long table = in.tableBytes(s.rva(), s.structure(), count, entrySize, s.dataSize() - 4);
        boolean padded = s.dataSize() == 8 + table;
        layout.structure(s.rva(), padded ? 8 : 4, s.structure() + " count");
        return s.rva() + (padded ? 8 : 4);
    }

    /** A MINIDUMP_LOCATION_DESCRIPTOR at {@code at}: returns {DataSize, Rva} checked against the file. */
    long[] location(long at, String structure) throws MalformedDumpException {
        long size = in.u32(at, structure);
        long rva = in.u32(at + 4, structure);
        if (size > 0) {
            in.check(rva, size, structure);
        }
        return new long[]{size, rva};
    }

    /** The stream must hold at least {@code min} bytes. */
    static void atLeast(Stream s, long min) throws MalformedDumpException {
        if (s.dataSize() < min) {
            throw MalformedDumpException.expected(s.rva(), s.structure(), "at least " + min + " bytes", s.dataSize());
        }
    }
}
