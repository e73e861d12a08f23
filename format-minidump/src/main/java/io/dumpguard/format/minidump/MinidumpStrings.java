package io.dumpguard.format.minidump;

import io.dumpguard.core.Region;
import io.dumpguard.core.RegionKind;
import io.dumpguard.core.error.InputRefusedException;

import java.nio.charset.StandardCharsets;

/**
 * The counted strings minidumps point at: MINIDUMP_STRING (u32 byte length, UTF-16LE), Crashpad's MinidumpUTF8String
 * (u32 length, UTF-8) and MinidumpByteArray (u32 length, bytes). The length word is structure; the characters are
 * payload of the kind the caller says. A terminating NUL, when present, is left to the gap scan.
 */
final class MinidumpStrings {
    /** Longest string accepted: Windows paths stop at 32,767 UTF-16 units; annotations are far shorter. */
    static final long MAX_STRING_BYTES = 1L << 20;
    /** Characters kept of a name used in labels. */
    private static final int LABEL_CHARS = 120;

    private final MinidumpInput in;
    private final FileLayout layout;

    MinidumpStrings(MinidumpInput in, FileLayout layout) {
        this.in = in;
        this.layout = layout;
    }

    /** Claims a counted string at {@code rva} and returns its byte length. */
    long claim(long rva, String structure, RegionKind kind, boolean redactable, String label)
            throws InputRefusedException {
        long length = in.u32(rva, structure);
        if (length > MAX_STRING_BYTES) {
            throw new io.dumpguard.core.error.LimitExceededException("minidump string length (" + structure
                    + " at 0x" + Long.toHexString(rva) + ")", length, MAX_STRING_BYTES, null);
        }
        layout.structure(rva, 4, structure + " Length");
        in.check(rva + 4, length, structure);
        layout.payload(rva + 4, length, kind, Region.NO_ADDRESS, redactable, label, structure);
        return length;
    }

    /** A MINIDUMP_STRING (UTF-16LE) for labels, shortened; only ever called on names (never secret-bearing text). */
    String utf16Label(long rva, String structure) throws InputRefusedException {
        long length = Math.min(in.u32(rva, structure), MAX_STRING_BYTES) & ~1L;
        int n = (int) Math.min(length, LABEL_CHARS * 2L);
        in.check(rva + 4, n, structure);
        byte[] b = in.file().bytes(rva + 4, n, structure);
        return new String(b, StandardCharsets.UTF_16LE);
    }
}
