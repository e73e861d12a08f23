package io.dumpguard.format.minidump;

import io.dumpguard.core.Region;
import io.dumpguard.core.RegionKind;
import io.dumpguard.core.error.InputRefusedException;

/**
 * The fixed-layout information streams: ExceptionStream, MiscInfoStream, ThreadInfoListStream, HandleDataStream,
 * ThreadNamesStream and the comment streams. Their fixed parts are structure; the strings they point at are
 * payload.
 */
final class WindowsInfoStreams {
    /** MINIDUMP_EXCEPTION_STREAM: ThreadId, alignment, MINIDUMP_EXCEPTION (152), ThreadContext location. */
    static final int EXCEPTION_STREAM_SIZE = 168;
    static final int THREAD_INFO_HEADER_SIZE = 12;
    static final int THREAD_INFO_SIZE = 64;
    static final int HANDLE_HEADER_SIZE = 16;
    static final int HANDLE_DESCRIPTOR_SIZE = 32;
    /** MINIDUMP_THREAD_NAME: ThreadId (u32), RvaOfThreadName (RVA64), packed. */
    static final int THREAD_NAME_SIZE = 12;

    private WindowsInfoStreams() {
    }

    static void parseException(ParseContext ctx, ParseContext.Stream s) throws InputRefusedException {
        ParseContext.atLeast(s, EXCEPTION_STREAM_SIZE);
        String st = "MINIDUMP_EXCEPTION_STREAM";
        ctx.layout.structure(s.rva(), EXCEPTION_STREAM_SIZE, st);
        long[] context = ctx.location(s.rva() + 160, st + " ThreadContext");
        ThreadContextLayout.claim(ctx.in, ctx.layout, context[0], context[1], ctx.architecture,
                st + " ThreadContext", "exception thread registers");
    }

    /** MINIDUMP_MISC_INFO..MINIDUMP_MISC_INFO_5: process ids, times, time zone and build strings. */
    static void parseMiscInfo(ParseContext ctx, ParseContext.Stream s) throws InputRefusedException {
        ParseContext.atLeast(s, 4);
        ctx.layout.structure(s.rva(), s.dataSize(), "MINIDUMP_MISC_INFO");
    }

    static void parseThreadInfoList(ParseContext ctx, ParseContext.Stream s) throws InputRefusedException {
        ParseContext.atLeast(s, THREAD_INFO_HEADER_SIZE);
        String st = "MINIDUMP_THREAD_INFO_LIST";
        long header = ctx.in.u32(s.rva(), st);
        long entry = ctx.in.u32(s.rva() + 4, st);
        long count = ctx.in.u32(s.rva() + 8, st);
        SizedList.check(ctx, s, st, header, THREAD_INFO_HEADER_SIZE, entry, THREAD_INFO_SIZE, count);
        long bytes = ctx.in.tableBytes(s.rva(), st, count, entry, s.dataSize() - header);
        ctx.layout.structure(s.rva() + header, bytes, "MINIDUMP_THREAD_INFO entries");
        ctx.add("threadInfos", count);
    }

    static void parseHandleData(ParseContext ctx, ParseContext.Stream s) throws InputRefusedException {
        ParseContext.atLeast(s, HANDLE_HEADER_SIZE);
        String st = "MINIDUMP_HANDLE_DATA_STREAM";
        long header = ctx.in.u32(s.rva(), st);
        long entry = ctx.in.u32(s.rva() + 4, st);
        long count = ctx.in.u32(s.rva() + 8, st);
        SizedList.check(ctx, s, st, header, HANDLE_HEADER_SIZE, entry, HANDLE_DESCRIPTOR_SIZE, count);
        ctx.add("handles", count);
        long at = s.rva() + header;
        for (long i = 0; i < count; i++, at += entry) {
            String es = "MINIDUMP_HANDLE_DESCRIPTOR #" + i;
            ctx.layout.structure(at, entry, es);
            long typeName = ctx.in.u32(at + 8, es);
            long objectName = ctx.in.u32(at + 12, es);
            if (typeName != 0) {
                ctx.strings.claim(typeName, es + " TypeName", RegionKind.SYMBOLS, false, "handle type name");
            }
            if (objectName != 0) {
                // object names are paths, pipe and registry names chosen by the program: text, not symbols
                ctx.strings.claim(objectName, es + " ObjectName", RegionKind.TEXT, true, "handle object name");
            }
        }
    }

    static void parseThreadNames(ParseContext ctx, ParseContext.Stream s) throws InputRefusedException {
        ParseContext.atLeast(s, 4);
        String st = "MINIDUMP_THREAD_NAME_LIST";
        long count = ctx.in.u32(s.rva(), st);
        long bytes = ctx.in.tableBytes(s.rva(), st, count, THREAD_NAME_SIZE, s.dataSize() - 4);
        ctx.layout.structure(s.rva(), 4 + bytes, st);
        ctx.add("threadNames", count);
        long at = s.rva() + 4;
        for (long i = 0; i < count; i++, at += THREAD_NAME_SIZE) {
            String es = "MINIDUMP_THREAD_NAME #" + i;
            long rva = ctx.in.u64(at + 4, es);
            ctx.strings.claim(rva, es + " ThreadName", RegionKind.SYMBOLS, false, "thread name");
        }
    }

    static void parseComment(ParseContext ctx, ParseContext.Stream s) throws InputRefusedException {
        ctx.layout.payload(s.rva(), s.dataSize(), RegionKind.TEXT, Region.NO_ADDRESS, true, "comment", s.structure());
    }
}
