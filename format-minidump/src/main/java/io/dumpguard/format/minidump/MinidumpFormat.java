package io.dumpguard.format.minidump;

import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.io.MappedFile;
import io.dumpguard.core.spi.DumpFormat;
import io.dumpguard.core.spi.ScanContext;

/**
 * Windows, Breakpad and Crashpad minidumps ('MDMP'), including full-memory dumps (Memory64ListStream) such as
 * lldb's {@code process save-core --plugin-name=minidump --style=full}.
 */
public final class MinidumpFormat implements DumpFormat {
    public static final String ID = "minidump";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int priority() {
        return 20;
    }

    @Override
    public boolean recognizes(byte[] head, long fileSize) {
        return head.length >= 4 && head[0] == 'M' && head[1] == 'D' && head[2] == 'M' && head[3] == 'P';
    }

    @Override
    public MinidumpDump parse(MappedFile file, ScanContext context) throws InputRefusedException {
        return MinidumpReader.read(new MinidumpInput(file, context.limits()));
    }
}
