package io.dumpguard.format.minidump;

import io.dumpguard.core.error.InputRefusedException;

import java.nio.charset.StandardCharsets;

/**
 * Reads the LinuxMaps stream (a copy of /proc/PID/maps) to learn which address ranges are read-only mappings of
 * files. Linux writers (Breakpad, lldb) set a module's SizeOfImage to its first segment only, so the module table alone
 * under-reports image memory. Writable file-backed mappings (.data, .bss neighbours) hold process state and stay
 * anonymous memory. The text is only classified, never trusted for structure: a line that does not parse is ignored.
 */
final class LinuxMaps {
    /** Largest maps text read for classification; beyond it classification falls back to the module table. */
    static final int MAX_MAPS_BYTES = 16 << 20;

    private LinuxMaps() {
    }

    static void read(ParseContext ctx, ParseContext.Stream s) throws InputRefusedException {
        if (s.dataSize() > MAX_MAPS_BYTES) {
            ctx.notes.add("LinuxMaps stream of " + s.dataSize() + " bytes not used for classification (limit "
                    + MAX_MAPS_BYTES + ")");
            return;
        }
        byte[] text = ctx.in.file().bytes(s.rva(), (int) s.dataSize(), s.structure());
        int start = 0;
        for (int i = 0; i <= text.length; i++) {
            if (i == text.length || text[i] == '\n') {
                line(ctx, new String(text, start, i - start, StandardCharsets.ISO_8859_1));
                start = i + 1;
            }
        }
    }

    /** "start-end perms offset dev inode [path]". */
    private static void line(ParseContext ctx, String line) {
        String[] f = line.trim().split("\\s+", 6);
        if (f.length < 6 || f[1].length() < 4 || f[1].charAt(1) == 'w' || f[4].equals("0")) {
            return;
        }
        int dash = f[0].indexOf('-');
        if (dash <= 0) {
            return;
        }
        try {
            long from = Long.parseUnsignedLong(f[0].substring(0, dash), 16);
            long to = Long.parseUnsignedLong(f[0].substring(dash + 1), 16);
            if (Long.compareUnsigned(to, from) > 0) {
                ctx.imageMappings.add(new ParseContext.AddressRange(from, to - from,
                        ModuleStreams.shortName(f[5])));
            }
        } catch (NumberFormatException e) {
            // not a maps line: classification only, nothing to refuse
        }
    }
}
