package io.dumpguard.format.minidump;

import io.dumpguard.core.Region;
import io.dumpguard.core.RegionKind;
import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.error.LimitExceededException;
import io.dumpguard.core.error.MalformedDumpException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads MINIDUMP_HEADER and the MINIDUMP_DIRECTORY, parses every stream it knows and claims every byte of the file
 * (see {@link FileLayout}); unknown streams become RAW regions. The whole structure is validated here, once, so
 * that {@link MinidumpDump#regions} cannot fail later.
 */
final class MinidumpReader {
    static final int HEADER_SIZE = 32;
    static final int DIRECTORY_ENTRY_SIZE = 12;
    /** 'MDMP' little-endian. */
    static final long SIGNATURE = 0x504d444dL;
    /** MINIDUMP_VERSION, the low word of Version; the high word is implementation-specific. */
    static final int VERSION = 0xa793;

    private MinidumpReader() {
    }

    static MinidumpDump read(MinidumpInput in) throws InputRefusedException {
        ParseContext ctx = new ParseContext(in);
        String hs = "MINIDUMP_HEADER";
        in.check(0, HEADER_SIZE, hs);
        long signature = in.u32(0, hs);
        if (signature != SIGNATURE) {
            throw MalformedDumpException.expected(0, hs, "Signature 0x504d444d ('MDMP')", String.format("0x%08x", signature));
        }
        long version = in.u32(4, hs);
        if ((version & 0xffff) != VERSION) {
            throw MalformedDumpException.expected(4, hs, "Version low word 0xa793", String.format("0x%04x", version & 0xffff));
        }
        long streams = in.u32(8, hs + " NumberOfStreams");
        long directory = in.u32(12, hs + " StreamDirectoryRva");
        long flags = in.u64(24, hs + " Flags");
        ctx.layout.structure(0, HEADER_SIZE, hs);
        String ds = "MINIDUMP_DIRECTORY";
        long directoryBytes = in.tableBytes(12, ds, streams, DIRECTORY_ENTRY_SIZE, in.size());
        in.check(directory, directoryBytes, ds);
        if (directoryBytes > 0 && directory < HEADER_SIZE) {
            throw new MalformedDumpException(12, hs + " StreamDirectoryRva",
                    String.format("directory at 0x%x overlaps the 32-byte header", directory));
        }
        ctx.layout.structure(directory, directoryBytes, ds);

        List<ParseContext.Stream> list = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            long at = directory + (long) i * DIRECTORY_ENTRY_SIZE;
            String es = ds + " #" + i;
            int type = in.i32(at, es);
            long size = in.u32(at + 4, es);
            long rva = in.u32(at + 8, es);
            if (size > in.limits().maxRecordBytes()) {
                throw new LimitExceededException("maxRecordBytes (" + es + ")", size, in.limits().maxRecordBytes(),
                        "raise Limits.maxRecordBytes");
            }
            in.check(rva, size, es + " " + StreamType.name(type));
            ctx.add("streams." + StreamType.name(type), 1);
            if (size > 0) {
                list.add(new ParseContext.Stream(i, type, size, rva));
            }
        }
        // contexts depend on the architecture, whatever the order of the directory
        for (ParseContext.Stream s : list) {
            if (s.type() == StreamType.SYSTEM_INFO) {
                SystemInfo.parse(ctx, s);
            }
        }
        for (ParseContext.Stream s : list) {
            if (s.type() != StreamType.SYSTEM_INFO) {
                stream(ctx, s);
            }
        }
        classifyMemory(ctx);
        List<Region> regions = ctx.layout.finish(in.size());
        for (Region r : regions) {
            ctx.add("regions." + r.kind(), 1);
        }
        ctx.add("streams", streams);
        ctx.add("bytes", in.size());
        ctx.add("structureBytes", ctx.layout.structureSpans().stream().mapToLong(FileLayout.Span::length).sum());
        String digest = StructureDigest.of(in, ctx.layout.structureSpans());
        String description = String.format("minidump (version 0x%08x, flags 0x%x), %s, %d streams, %d threads, "
                        + "%d modules, %d memory ranges%s",
                version, flags, SystemInfo.architectureName(ctx.architecture), streams,
                ctx.counts.getOrDefault("threads", 0L), ctx.counts.getOrDefault("modules", 0L),
                ctx.counts.getOrDefault("memoryRanges", 0L) + ctx.counts.getOrDefault("memoryRanges64", 0L),
                ctx.counts.containsKey("memoryRanges64") ? " (full memory)" : "");
        return new MinidumpDump(description, regions, ctx.counts, digest, ctx.notes);
    }

    private static void stream(ParseContext ctx, ParseContext.Stream s) throws InputRefusedException {
        switch (s.type()) {
            case StreamType.THREAD_LIST -> ThreadStreams.parse(ctx, s, false);
            case StreamType.THREAD_EX_LIST -> ThreadStreams.parse(ctx, s, true);
            case StreamType.MODULE_LIST -> ModuleStreams.parseModules(ctx, s);
            case StreamType.UNLOADED_MODULE_LIST -> ModuleStreams.parseUnloaded(ctx, s);
            case StreamType.MEMORY_LIST -> MemoryStreams.parseMemoryList(ctx, s);
            case StreamType.MEMORY64_LIST -> MemoryStreams.parseMemory64List(ctx, s);
            case StreamType.MEMORY_INFO_LIST -> MemoryStreams.parseMemoryInfoList(ctx, s);
            case StreamType.EXCEPTION -> WindowsInfoStreams.parseException(ctx, s);
            case StreamType.MISC_INFO -> WindowsInfoStreams.parseMiscInfo(ctx, s);
            case StreamType.THREAD_INFO_LIST -> WindowsInfoStreams.parseThreadInfoList(ctx, s);
            case StreamType.HANDLE_DATA -> WindowsInfoStreams.parseHandleData(ctx, s);
            case StreamType.THREAD_NAMES -> WindowsInfoStreams.parseThreadNames(ctx, s);
            case StreamType.COMMENT_A, StreamType.COMMENT_W -> WindowsInfoStreams.parseComment(ctx, s);
            case StreamType.CRASHPAD_INFO -> CrashpadInfoStream.parse(ctx, s);
            default -> {
                if (!BreakpadStreams.parse(ctx, s)) {
                    ctx.layout.payload(s.rva(), s.dataSize(), RegionKind.RAW, Region.NO_ADDRESS, true,
                            StreamType.name(s.type()), s.structure());
                    ctx.notes.add(String.format("stream #%d of type 0x%08x (%s) is not interpreted; its %d bytes "
                            + "are scanned as raw bytes", s.index(), s.type(), StreamType.name(s.type()), s.dataSize()));
                }
            }
        }
    }

    /**
     * A memory range inside a module's [BaseOfImage, +SizeOfImage) or an image mapping of MemoryInfoList is the
     * module's image; the rest is anonymous memory. Stacks are marked while the layout is resolved.
     */
    private static void classifyMemory(ParseContext ctx) {
        List<ParseContext.AddressRange> images = new ArrayList<>(ctx.modules);
        images.addAll(ctx.imageMappings);
        images.sort(Comparator.comparing(ParseContext.AddressRange::base, Long::compareUnsigned));
        for (FileLayout.Claim c : ctx.layout.memoryClaims()) {
            ParseContext.AddressRange image = containing(images, c.address, c.length);
            if (image != null) {
                c.kind = RegionKind.MODULE_IMAGE;
                c.label = c.label + " " + image.name();
            }
        }
    }

    /** The range holding [address, address+length), searched among those with the greatest base <= address. */
    private static ParseContext.AddressRange containing(List<ParseContext.AddressRange> sorted, long address,
                                                        long length) {
        int lo = 0;
        int hi = sorted.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(sorted.get(mid).base(), address) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        // modules and mappings may nest (a module inside a larger mapping), so look back a few entries
        for (int i = found, seen = 0; i >= 0 && seen < 8; i--, seen++) {
            if (sorted.get(i).contains(address, length)) {
                return sorted.get(i);
            }
        }
        return null;
    }
}
