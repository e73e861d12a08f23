package io.dumpguard.format.minidump;

import io.dumpguard.core.Region;
import io.dumpguard.core.RegionKind;
import io.dumpguard.core.error.InputRefusedException;

/**
 * ModuleListStream (MINIDUMP_MODULE, 108 bytes packed) and UnloadedModuleListStream (MINIDUMP_UNLOADED_MODULE,
 * 24 bytes). Names and CodeView/misc debug records identify the binaries for symbolication: they are SYMBOLS,
 * scanned but never overwritten (a hit there refuses the dump rather than break its debuggability).
 */
final class ModuleStreams {
    static final int MODULE_SIZE = 108;
    static final int UNLOADED_MODULE_SIZE = 24;
    static final int UNLOADED_HEADER_SIZE = 12;

    private ModuleStreams() {
    }

    static void parseModules(ParseContext ctx, ParseContext.Stream s) throws InputRefusedException {
        ParseContext.atLeast(s, 4);
        long count = ctx.in.u32(s.rva(), s.structure());
        long at = ctx.listEntries(s, count, MODULE_SIZE);
        ctx.add("modules", count);
        for (long i = 0; i < count; i++, at += MODULE_SIZE) {
            String st = "MINIDUMP_MODULE #" + i;
            ctx.layout.structure(at, MODULE_SIZE, st);
            long base = ctx.in.u64(at, st);
            long size = ctx.in.u32(at + 8, st);
            long nameRva = ctx.in.u32(at + 20, st);
            String name = ctx.strings.utf16Label(nameRva, st + " ModuleName");
            ctx.strings.claim(nameRva, st + " ModuleName", RegionKind.SYMBOLS, false, "module name " + shortName(name));
            ctx.modules.add(new ParseContext.AddressRange(base, size, shortName(name)));
            record(ctx, at + 76, st + " CvRecord", "CodeView record " + shortName(name));
            record(ctx, at + 84, st + " MiscRecord", "misc debug record " + shortName(name));
        }
    }

    private static void record(ParseContext ctx, long at, String st, String label) throws InputRefusedException {
        long[] loc = ctx.location(at, st);
        ctx.layout.payload(loc[1], loc[0], RegionKind.SYMBOLS, Region.NO_ADDRESS, false, label, st);
    }

    static void parseUnloaded(ParseContext ctx, ParseContext.Stream s) throws InputRefusedException {
        ParseContext.atLeast(s, UNLOADED_HEADER_SIZE);
        String st = "MINIDUMP_UNLOADED_MODULE_LIST";
        long header = ctx.in.u32(s.rva(), st);
        long entry = ctx.in.u32(s.rva() + 4, st);
        long count = ctx.in.u32(s.rva() + 8, st);
        SizedList.check(ctx, s, st, header, UNLOADED_HEADER_SIZE, entry, UNLOADED_MODULE_SIZE, count);
        ctx.add("unloadedModules", count);
        long at = s.rva() + header;
        for (long i = 0; i < count; i++, at += entry) {
            String es = "MINIDUMP_UNLOADED_MODULE #" + i;
            ctx.layout.structure(at, entry, es);
            long nameRva = ctx.in.u32(at + 20, es);
            ctx.strings.claim(nameRva, es + " ModuleName", RegionKind.SYMBOLS, false, "unloaded module name");
        }
    }

    /** The file name of a module path, for labels. */
    static String shortName(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(slash + 1);
    }
}
