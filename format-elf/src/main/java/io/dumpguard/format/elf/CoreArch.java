package io.dumpguard.format.elf;

import static io.dumpguard.format.elf.ElfConstants.*;

/**
 * What the reader knows about one {@code e_machine}: its name and where the stack pointer sits in
 * {@code elf_prstatus.pr_reg} (Linux {@code user_regs_struct} / {@code user_pt_regs}, counted in words).
 *
 * @param name    for descriptions ("x86-64")
 * @param spIndex word index of the stack pointer in pr_reg, or -1 when unknown
 * @param spName  the register's name for notes ("rsp", "sp", "r1")
 */
public record CoreArch(int machine, String name, int spIndex, String spName) {

    public static CoreArch of(int machine) {
        return switch (machine) {
            case EM_X86_64 -> new CoreArch(machine, "x86-64", 19, "rsp");
            case EM_386 -> new CoreArch(machine, "i386", 15, "esp");
            case EM_AARCH64 -> new CoreArch(machine, "AArch64", 31, "sp");
            case EM_ARM -> new CoreArch(machine, "ARM", 13, "sp (r13)");
            case EM_RISCV -> new CoreArch(machine, "RISC-V", 2, "sp (x2)");
            case EM_S390 -> new CoreArch(machine, "s390", 17, "r15");
            case EM_PPC -> new CoreArch(machine, "PowerPC", 1, "r1");
            case EM_PPC64 -> new CoreArch(machine, "PowerPC64", 1, "r1");
            case EM_LOONGARCH -> new CoreArch(machine, "LoongArch", 3, "sp (r3)");
            default -> new CoreArch(machine, "e_machine " + machine, -1, null);
        };
    }

    public boolean isX86() {
        return machine == EM_X86_64 || machine == EM_386;
    }

    /**
     * Offset of {@code pr_reg} in {@code elf_prstatus}: pr_info (12), pr_cursig (2) + pad, pr_sigpend and
     * pr_sighold ({@code long}), four pids, four {@code timeval}s; 112 bytes with 8-byte longs, 72 with 4-byte ones.
     */
    public static int prRegOffset(boolean is64) {
        return is64 ? 112 : 72;
    }

    /** Bytes after pr_reg: {@code int pr_fpvalid}, padded to the word size. */
    public static int prFpvalidTail(boolean is64) {
        return is64 ? 8 : 4;
    }
}
