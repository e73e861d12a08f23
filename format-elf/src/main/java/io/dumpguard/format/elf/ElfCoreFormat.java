package io.dumpguard.format.elf;

import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.io.MappedFile;
import io.dumpguard.core.spi.DumpFormat;
import io.dumpguard.core.spi.ParsedDump;
import io.dumpguard.core.spi.ScanContext;
import io.dumpguard.format.elf.jvm.JvmCoreHeapBridge;

import java.io.IOException;

/**
 * ELF core files (Linux kernel cores, gdb {@code gcore}). Recognises every file starting with a valid ELF
 * identification, not only {@code ET_CORE}: an ELF executable or shared library handed to dumpguard is refused with
 * a message saying it is not a dump, rather than falling through to the raw format and being sanitized byte-wise
 * as if it were memory (a shared library is not a dump; {@code --format raw} scans it deliberately).
 */
public final class ElfCoreFormat implements DumpFormat {
    public static final String ID = "elf-core";

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
        return ElfHeader.hasElfIdent(head);
    }

    /** Whether the first bytes are an ELF core specifically (e_type == ET_CORE). */
    public static boolean isCore(byte[] head) {
        return ElfHeader.hasElfIdent(head) && ElfHeader.typeOf(head) == ElfConstants.ET_CORE;
    }

    @Override
    public ParsedDump parse(MappedFile file, ScanContext context) throws InputRefusedException, IOException {
        ElfCoreDump dump = ElfCoreReader.read(file, context.limits());
        if (dump.libjvmPath().isPresent()) {
            JvmCoreHeapBridge.attach(dump, context);
        }
        return dump;
    }
}
