package io.dumpguard.format.minidump;

import io.dumpguard.core.Region;
import io.dumpguard.core.RegionKind;
import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.error.MalformedDumpException;

/**
 * Breakpad's extension streams (minidump_format.h, "Gg" = 0x4767xxxx). The Linux ones are copies of /proc files:
 * environ and cmdline are where credentials show up ({@code AWS_SECRET_ACCESS_KEY=...}), so they are regions of their
 * own kind; auxv and the DSO debug data hold addresses a debugger needs to find modules and are never overwritten.
 */
final class BreakpadStreams {
    /** MDRawBreakpadInfo: validity, dump_thread_id, requesting_thread_id. */
    static final int BREAKPAD_INFO_SIZE = 12;
    /** MDRawDebug64: version, map RVA, dso_count, (pad), brk, ldbase, dynamic. */
    static final int DEBUG64_SIZE = 40;
    /** MDRawDebug32: version, map RVA, dso_count, brk, ldbase, dynamic. */
    static final int DEBUG32_SIZE = 24;
    /** MDRawLinkMap64: addr, name RVA, (pad), ld. */
    static final int LINK_MAP64_SIZE = 24;
    /** MDRawLinkMap32: addr, name RVA, ld. */
    static final int LINK_MAP32_SIZE = 12;

    private BreakpadStreams() {
    }

    /** @return false when the type is not a Breakpad stream this reader knows */
    static boolean parse(ParseContext ctx, ParseContext.Stream s) throws InputRefusedException {
        switch (s.type()) {
            case StreamType.BREAKPAD_INFO -> {
                ParseContext.atLeast(s, BREAKPAD_INFO_SIZE);
                ctx.layout.structure(s.rva(), BREAKPAD_INFO_SIZE, "MDRawBreakpadInfo");
            }
            case StreamType.BREAKPAD_ASSERTION_INFO -> text(ctx, s, RegionKind.TEXT, true, "assertion info");
            case StreamType.LINUX_CPU_INFO -> text(ctx, s, RegionKind.TEXT, true, "/proc/cpuinfo");
            case StreamType.LINUX_PROC_STATUS -> text(ctx, s, RegionKind.TEXT, true, "/proc/self/status");
            case StreamType.LINUX_LSB_RELEASE -> text(ctx, s, RegionKind.TEXT, true, "lsb-release");
            case StreamType.LINUX_MAPS -> {
                text(ctx, s, RegionKind.TEXT, true, "/proc/self/maps");
                LinuxMaps.read(ctx, s);
            }
            case StreamType.LINUX_PROC_STAT -> text(ctx, s, RegionKind.TEXT, true, "/proc/self/stat");
            case StreamType.LINUX_PROC_UPTIME -> text(ctx, s, RegionKind.TEXT, true, "/proc/uptime");
            case StreamType.LINUX_CMD_LINE -> text(ctx, s, RegionKind.COMMAND_LINE, true, "/proc/self/cmdline");
            case StreamType.LINUX_ENVIRON -> text(ctx, s, RegionKind.ENVIRONMENT, true, "/proc/self/environ");
            case StreamType.LINUX_AUXV -> text(ctx, s, RegionKind.RAW, false, "auxv");
            case StreamType.LINUX_DSO_DEBUG -> dsoDebug(ctx, s);
            default -> {
                return false;
            }
        }
        return true;
    }

    private static void text(ParseContext ctx, ParseContext.Stream s, RegionKind kind, boolean redactable,
                             String label) throws InputRefusedException {
        ctx.layout.payload(s.rva(), s.dataSize(), kind, Region.NO_ADDRESS, redactable, label, s.structure());
    }

    /** MDRawDebug then the dynamic section; the link map array it points at lists each DSO's name. */
    private static void dsoDebug(ParseContext ctx, ParseContext.Stream s) throws InputRefusedException {
        boolean wide = SystemInfo.is64Bit(ctx.architecture);
        int headerSize = wide ? DEBUG64_SIZE : DEBUG32_SIZE;
        int entry = wide ? LINK_MAP64_SIZE : LINK_MAP32_SIZE;
        String st = wide ? "MDRawDebug64" : "MDRawDebug32";
        ParseContext.atLeast(s, headerSize);
        ctx.layout.structure(s.rva(), headerSize, st);
        long map = ctx.in.u32(s.rva() + 4, st + " map");
        long count = ctx.in.u32(s.rva() + 8, st + " dso_count");
        if (count > 0) {
            long bytes = ctx.in.tableBytes(s.rva() + 8, st + " link map", count, entry, ctx.in.size());
            ctx.in.check(map, bytes, st + " link map");
            String ls = wide ? "MDRawLinkMap64" : "MDRawLinkMap32";
            ctx.layout.structure(map, bytes, ls + " array");
            for (long i = 0; i < count; i++) {
                long at = map + i * entry;
                long name = ctx.in.u32(at + (wide ? 8 : 4), ls + " #" + i);
                if (name != 0) {
                    ctx.strings.claim(name, ls + " #" + i + " name", RegionKind.SYMBOLS, false, "DSO name");
                }
            }
        }
        long rest = s.dataSize() - headerSize;
        if (rest < 0) {
            throw MalformedDumpException.expected(s.rva(), st, "at least " + headerSize + " bytes", s.dataSize());
        }
        ctx.layout.payload(s.rva() + headerSize, rest, RegionKind.RAW, Region.NO_ADDRESS, false, "dynamic section",
                st + " dynamic");
    }
}
