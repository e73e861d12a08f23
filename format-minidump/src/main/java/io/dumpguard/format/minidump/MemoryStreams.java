package io.dumpguard.format.minidump;

import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.error.MalformedDumpException;

/**
 * MemoryListStream (MINIDUMP_MEMORY_DESCRIPTOR: StartOfMemoryRange, Memory location), Memory64ListStream
 * (full-memory dumps: MINIDUMP_MEMORY_DESCRIPTOR64 {StartOfMemoryRange, DataSize}, the data packed one after the
 * other from BaseRva) and MemoryInfoListStream (MINIDUMP_MEMORY_INFO, used to tell image mappings apart).
 */
final class MemoryStreams {
    static final int DESCRIPTOR_SIZE = 16;
    static final int DESCRIPTOR64_SIZE = 16;
    static final int MEMORY64_HEADER_SIZE = 16;
    static final int MEMORY_INFO_HEADER_SIZE = 16;
    static final int MEMORY_INFO_SIZE = 48;
    /** MINIDUMP_MEMORY_INFO.Type of a range mapped from an executable image. */
    static final long MEM_IMAGE = 0x1000000L;
    /** PAGE_READWRITE | PAGE_WRITECOPY | PAGE_EXECUTE_READWRITE | PAGE_EXECUTE_WRITECOPY: written-to image pages. */
    static final long WRITABLE_PROTECTION = 0x04 | 0x08 | 0x40 | 0x80;

    private MemoryStreams() {
    }

    static void parseMemoryList(ParseContext ctx, ParseContext.Stream s) throws InputRefusedException {
        ParseContext.atLeast(s, 4);
        long count = ctx.in.u32(s.rva(), s.structure());
        long at = ctx.listEntries(s, count, DESCRIPTOR_SIZE);
        ctx.add("memoryRanges", count);
        for (long i = 0; i < count; i++, at += DESCRIPTOR_SIZE) {
            String st = "MINIDUMP_MEMORY_DESCRIPTOR #" + i;
            ctx.layout.structure(at, DESCRIPTOR_SIZE, st);
            long start = ctx.in.u64(at, st);
            long[] loc = ctx.location(at + 8, st);
            ctx.layout.memory(loc[1], loc[0], start, "MemoryList #" + i, st);
        }
    }

    static void parseMemory64List(ParseContext ctx, ParseContext.Stream s) throws InputRefusedException {
        ParseContext.atLeast(s, MEMORY64_HEADER_SIZE);
        String st = "MINIDUMP_MEMORY64_LIST";
        long count = ctx.in.u64(s.rva(), st);
        long baseRva = ctx.in.u64(s.rva() + 8, st + " BaseRva");
        ctx.in.tableBytes(s.rva(), st, count, DESCRIPTOR64_SIZE, s.dataSize() - MEMORY64_HEADER_SIZE);
        if (baseRva < 0 || baseRva > ctx.in.size()) {
            throw MalformedDumpException.pastEnd(s.rva() + 8, st + " BaseRva", baseRva, ctx.in.size());
        }
        ctx.layout.structure(s.rva(), MEMORY64_HEADER_SIZE, st);
        ctx.add("memoryRanges64", count);
        long at = s.rva() + MEMORY64_HEADER_SIZE;
        long rva = baseRva;
        for (long i = 0; i < count; i++, at += DESCRIPTOR64_SIZE) {
            String ds = "MINIDUMP_MEMORY_DESCRIPTOR64 #" + i;
            ctx.layout.structure(at, DESCRIPTOR64_SIZE, ds);
            long start = ctx.in.u64(at, ds);
            long size = ctx.in.u64(at + 8, ds);
            if (size < 0 || size > ctx.in.limits().maxRecordBytes()) {
                throw new io.dumpguard.core.error.LimitExceededException("maxRecordBytes (" + ds + " at 0x"
                        + Long.toHexString(at) + ")", size, ctx.in.limits().maxRecordBytes(),
                        "raise Limits.maxRecordBytes");
            }
            ctx.in.check(rva, size, ds + " data");
            ctx.layout.memory(rva, size, start, "Memory64List #" + i, ds);
            rva += size;
        }
    }

    static void parseMemoryInfoList(ParseContext ctx, ParseContext.Stream s) throws InputRefusedException {
        ParseContext.atLeast(s, MEMORY_INFO_HEADER_SIZE);
        String st = "MINIDUMP_MEMORY_INFO_LIST";
        long header = ctx.in.u32(s.rva(), st);
        long entry = ctx.in.u32(s.rva() + 4, st);
        long count = ctx.in.u64(s.rva() + 8, st);
        SizedList.check(ctx, s, st, header, MEMORY_INFO_HEADER_SIZE, entry, MEMORY_INFO_SIZE, count);
        ctx.add("memoryInfos", count);
        long at = s.rva() + header;
        for (long i = 0; i < count; i++, at += entry) {
            String es = "MINIDUMP_MEMORY_INFO #" + i;
            ctx.layout.structure(at, entry, es);
            long base = ctx.in.u64(at, es);
            long size = ctx.in.u64(at + 24, es);
            long protect = ctx.in.u32(at + 36, es);
            long type = ctx.in.u32(at + 40, es);
            if (type == MEM_IMAGE && (protect & WRITABLE_PROTECTION) == 0) {
                ctx.imageMappings.add(new ParseContext.AddressRange(base, size, "image mapping"));
            }
        }
    }
}
