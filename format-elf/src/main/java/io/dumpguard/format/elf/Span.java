package io.dumpguard.format.elf;

/**
 * A structural range of the file that is not a PT_LOAD: the ELF header, a header table, a PT_NOTE segment, the
 * section-name string table.
 *
 * @param align note alignment for a PT_NOTE span (4, or 8 when p_align says so), else 0
 * @param name for messages ("Elf64_Phdr table", "PT_NOTE #0 (Elf64_Phdr #0)")
 */
record Span(long offset, long length, Type type, String name, int align) {
    enum Type { HEADER, NOTES, STRTAB }

    long end() {
        return offset + length;
    }
}
