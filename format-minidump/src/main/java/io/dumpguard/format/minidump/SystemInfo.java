package io.dumpguard.format.minidump;

import io.dumpguard.core.RegionKind;
import io.dumpguard.core.error.InputRefusedException;

/** MINIDUMP_SYSTEM_INFO (56 bytes): the processor architecture decides how thread contexts are laid out. */
final class SystemInfo {
    static final int SIZE = 56;
    static final int ARCH_X86 = 0;
    static final int ARCH_ARM = 5;
    static final int ARCH_AMD64 = 9;
    static final int ARCH_ARM64 = 12;
    static final int ARCH_UNKNOWN = 0xffff;

    private SystemInfo() {
    }

    static void parse(ParseContext ctx, ParseContext.Stream s) throws InputRefusedException {
        ParseContext.atLeast(s, SIZE);
        String st = "MINIDUMP_SYSTEM_INFO";
        ctx.layout.structure(s.rva(), SIZE, st);
        ctx.architecture = ctx.in.u16(s.rva(), st);
        long csd = ctx.in.u32(s.rva() + 24, st + " CSDVersionRva");
        if (csd != 0) {
            ctx.strings.claim(csd, st + " CSDVersion", RegionKind.SYMBOLS, false, "CSDVersion");
        }
    }

    static String architectureName(int arch) {
        return switch (arch) {
            case ARCH_X86 -> "x86";
            case ARCH_ARM -> "ARM";
            case 6 -> "IA64";
            case ARCH_AMD64 -> "AMD64";
            case ARCH_ARM64 -> "ARM64";
            case 0x8001 -> "SPARC";
            case 0x8002 -> "PPC64";
            case 0x8003 -> "ARM64 (Breakpad)";
            case 0x8004 -> "MIPS64";
            case 0x8005 -> "RISCV";
            case 0x8006 -> "RISCV64";
            case ARCH_UNKNOWN -> "unknown";
            default -> String.format("0x%x", arch);
        };
    }

    /** Whether the dumped process used 64-bit pointers (for the Breakpad structures that depend on it). */
    static boolean is64Bit(int arch) {
        return switch (arch) {
            case 6, ARCH_AMD64, ARCH_ARM64, 0x8002, 0x8003, 0x8004, 0x8006 -> true;
            default -> false;
        };
    }
}
