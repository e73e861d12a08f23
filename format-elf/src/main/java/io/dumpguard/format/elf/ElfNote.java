package io.dumpguard.format.elf;

/**
 * One {@code Elf32_Nhdr}/{@code Elf64_Nhdr} and where its name and descriptor lie in the file.
 *
 * @param offset     file offset of the note header
 * @param index      position of the note among all notes of the core (for messages)
 * @param name       the owner name without its NUL ("CORE", "LINUX", "GNU")
 * @param type       n_type
 * @param descOffset file offset of the descriptor
 * @param descsz     n_descsz
 */
public record ElfNote(long offset, int index, String name, int type, long descOffset, long descsz) {
    public boolean isCoreOrLinux() {
        return ElfConstants.NOTE_CORE.equals(name) || ElfConstants.NOTE_LINUX.equals(name);
    }

    /** "CORE/NT_PRSTATUS", "LINUX/NT_X86_XSTATE", "GDB/0xff0". */
    public String typeName() {
        String known = isCoreOrLinux() ? ElfConstants.coreNoteName(type)
                : ElfConstants.NOTE_GDB.equals(name) && type == ElfConstants.NT_GDB_TDESC ? "NT_GDB_TDESC" : null;
        return name + "/" + (known != null ? known : String.format("0x%x", type));
    }

    public long descEnd() {
        return descOffset + descsz;
    }
}
