package io.dumpguard.format.minidump;

import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.error.MalformedDumpException;

/**
 * The newer minidump lists (MemoryInfoList, ThreadInfoList, UnloadedModuleList, HandleData) carry their own header and
 * entry sizes so that they can grow; a reader accepts sizes at least as large as the ones it knows.
 */
final class SizedList {
    private SizedList() {
    }

    static void check(ParseContext ctx, ParseContext.Stream s, String st, long header, long minHeader, long entry,
                      long minEntry, long count) throws InputRefusedException {
        if (header < minHeader || header > s.dataSize()) {
            throw MalformedDumpException.expected(s.rva(), st, "SizeOfHeader in [" + minHeader + ", "
                    + s.dataSize() + "]", header);
        }
        if (entry < minEntry || entry > MinidumpStrings.MAX_STRING_BYTES) {
            throw MalformedDumpException.expected(s.rva() + 4, st, "SizeOfEntry >= " + minEntry, entry);
        }
        ctx.in.tableBytes(s.rva(), st, count, entry, s.dataSize() - header);
        ctx.layout.structure(s.rva(), header, st + " header");
    }
}
