package io.dumpguard.format.minidump;

import io.dumpguard.core.Region;
import io.dumpguard.core.RegionKind;
import io.dumpguard.core.error.InputRefusedException;

/**
 * Splits a thread CONTEXT into what a debugger needs to interpret it (the context-flags word; for AMD64 contexts
 * with extended state the CONTEXT_EX chunk table and the XSAVE header) and the register values, which may hold
 * key material (AES-NI keeps round keys in XMM registers) and so are redactable payload.
 */
final class ThreadContextLayout {
    /** sizeof(CONTEXT) on AMD64 (Windows and Breakpad MDRawContextAMD64 agree). */
    static final int AMD64_CONTEXT_SIZE = 0x4d0;
    /** Offset of ContextFlags in the AMD64 CONTEXT (after P1Home..P6Home). */
    static final int AMD64_FLAGS_OFFSET = 0x30;
    /** CONTEXT_EX: three CONTEXT_CHUNKs {LONG Offset; DWORD Length} (All, Legacy, XState). */
    static final int CONTEXT_EX_SIZE = 24;
    /** XSAVE_AREA_HEADER: Mask, CompactionMask, Reserved2[6]. */
    static final int XSAVE_HEADER_SIZE = 64;

    private ThreadContextLayout() {
    }

    static void claim(MinidumpInput in, FileLayout layout, long size, long rva, int architecture, String structure,
                      String label) throws InputRefusedException {
        in.check(rva, size, structure);
        if (size == 0) {
            return;
        }
        if (size < 4) {
            layout.structure(rva, size, structure + " ContextFlags");
            return;
        }
        long flags = architecture == SystemInfo.ARCH_AMD64 && size >= AMD64_FLAGS_OFFSET + 4 ? AMD64_FLAGS_OFFSET : 0;
        long end = rva + size;
        registers(layout, rva, rva + flags, structure, label);
        layout.structure(rva + flags, 4, structure + " ContextFlags");
        long pos = rva + flags + 4;
        if (architecture == SystemInfo.ARCH_AMD64 && size >= AMD64_CONTEXT_SIZE + CONTEXT_EX_SIZE) {
            long ex = rva + AMD64_CONTEXT_SIZE;
            registers(layout, pos, ex, structure, label);
            layout.structure(ex, CONTEXT_EX_SIZE, structure + " CONTEXT_EX");
            pos = ex + CONTEXT_EX_SIZE;
            long xstateOffset = in.i32(ex + 16, structure + " CONTEXT_EX");
            long header = ex + xstateOffset;
            if (xstateOffset >= CONTEXT_EX_SIZE && header + XSAVE_HEADER_SIZE <= end) {
                registers(layout, pos, header, structure, label);
                layout.structure(header, XSAVE_HEADER_SIZE, structure + " XSAVE_AREA_HEADER");
                pos = header + XSAVE_HEADER_SIZE;
            }
        }
        registers(layout, pos, end, structure, label);
    }

    private static void registers(FileLayout layout, long from, long to, String structure, String label)
            throws InputRefusedException {
        if (to > from) {
            layout.payload(from, to - from, RegionKind.REGISTERS, Region.NO_ADDRESS, true, label, structure);
        }
    }
}
