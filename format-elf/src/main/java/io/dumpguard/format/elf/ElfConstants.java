package io.dumpguard.format.elf;

/**
 * Names and values from the System V gABI, the Linux {@code <elf.h>} and {@code <linux/elf.h>}, spelled as the
 * specifications spell them so that the reader can be checked against them line by line.
 */
public final class ElfConstants {
    private ElfConstants() {
    }

    public static final int EI_CLASS = 4;
    public static final int EI_DATA = 5;
    public static final int EI_VERSION = 6;
    public static final int ELFCLASS32 = 1;
    public static final int ELFCLASS64 = 2;
    public static final int ELFDATA2LSB = 1;
    public static final int ELFDATA2MSB = 2;
    public static final int EV_CURRENT = 1;

    public static final int ET_NONE = 0;
    public static final int ET_REL = 1;
    public static final int ET_EXEC = 2;
    public static final int ET_DYN = 3;
    public static final int ET_CORE = 4;

    public static final int EM_386 = 3;
    public static final int EM_PPC = 20;
    public static final int EM_PPC64 = 21;
    public static final int EM_S390 = 22;
    public static final int EM_ARM = 40;
    public static final int EM_X86_64 = 62;
    public static final int EM_AARCH64 = 183;
    public static final int EM_RISCV = 243;
    public static final int EM_LOONGARCH = 258;

    public static final int PT_NULL = 0;
    public static final int PT_LOAD = 1;
    public static final int PT_NOTE = 4;

    /** e_phnum value meaning "the real count is in section header 0's sh_info". */
    public static final int PN_XNUM = 0xffff;
    /** e_shstrndx value meaning "the real index is in section header 0's sh_link". */
    public static final int SHN_XINDEX = 0xffff;
    public static final int SHT_STRTAB = 3;
    public static final int SHT_NOBITS = 8;

    public static final int NT_PRSTATUS = 1;
    public static final int NT_FPREGSET = 2;
    public static final int NT_PRPSINFO = 3;
    public static final int NT_TASKSTRUCT = 4;
    public static final int NT_AUXV = 6;
    public static final int NT_SIGINFO = 0x53494749;
    public static final int NT_FILE = 0x46494c45;
    public static final int NT_PRXFPREG = 0x46e62b7f;
    public static final int NT_386_TLS = 0x200;
    public static final int NT_X86_XSTATE = 0x202;

    public static final long AT_NULL = 0;
    public static final long AT_PAGESZ = 6;
    public static final long AT_EXECFN = 31;

    public static final String NOTE_CORE = "CORE";
    public static final String NOTE_LINUX = "LINUX";
    public static final String NOTE_GNU = "GNU";
    /** gdb's gcore writes its target description (XML naming the register layout) under this owner. */
    public static final String NOTE_GDB = "GDB";
    public static final int NT_GDB_TDESC = 0xff000000;

    public static String typeName(int eType) {
        return switch (eType) {
            case ET_NONE -> "ET_NONE";
            case ET_REL -> "ET_REL (relocatable object)";
            case ET_EXEC -> "ET_EXEC (executable)";
            case ET_DYN -> "ET_DYN (shared object or position-independent executable)";
            case ET_CORE -> "ET_CORE";
            default -> String.format("0x%x", eType);
        };
    }

    /** The note type's name for notes owned by "CORE" or "LINUX"; null when not a Linux core note. */
    public static String coreNoteName(int type) {
        return switch (type) {
            case NT_PRSTATUS -> "NT_PRSTATUS";
            case NT_FPREGSET -> "NT_FPREGSET";
            case NT_PRPSINFO -> "NT_PRPSINFO";
            case NT_TASKSTRUCT -> "NT_TASKSTRUCT";
            case NT_AUXV -> "NT_AUXV";
            case NT_SIGINFO -> "NT_SIGINFO";
            case NT_FILE -> "NT_FILE";
            case NT_PRXFPREG -> "NT_PRXFPREG";
            case NT_386_TLS -> "NT_386_TLS";
            case NT_X86_XSTATE -> "NT_X86_XSTATE";
            default -> null;
        };
    }

    /**
     * Whether a LINUX-owned note type is one of the architecture register sets of {@code <linux/elf.h>}
     * (PPC 0x1xx, x86 0x2xx, s390 0x3xx, ARM 0x4xx, MIPS 0x8xx, RISC-V 0x9xx, LoongArch 0xaxx).
     */
    public static boolean isLinuxRegisterSet(int type) {
        int family = type >>> 8;
        return type == NT_PRXFPREG || family == 0x1 || family == 0x2 || family == 0x3 || family == 0x4
                || family == 0x8 || family == 0x9 || family == 0xa;
    }
}
