package io.dumpguard.format.elf;

import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.error.MalformedDumpException;
import io.dumpguard.core.io.MappedFile;

import java.nio.ByteOrder;

import static io.dumpguard.format.elf.ElfConstants.*;

/**
 * {@code Elf32_Ehdr} / {@code Elf64_Ehdr} with the escape values resolved: {@code e_phnum == PN_XNUM} takes the
 * count from section header 0's {@code sh_info}, {@code e_shnum == 0} with a section table from its
 * {@code sh_size}, and {@code e_shstrndx == SHN_XINDEX} from its {@code sh_link}.
 *
 * @param is64      ELFCLASS64
 * @param order     ELFDATA2LSB or ELFDATA2MSB
 * @param phnum     the real program header count
 * @param shnum     the real section header count
 * @param shstrndx  the real section-name string table index (0 when none)
 */
public record ElfHeader(boolean is64, ByteOrder order, int eType, int eMachine, long ePhoff, long eShoff,
                        int eEhsize, int ePhentsize, long phnum, int eShentsize, long shnum, long shstrndx) {

    public String ehdrName() {
        return is64 ? "Elf64_Ehdr" : "Elf32_Ehdr";
    }

    public String phdrName() {
        return is64 ? "Elf64_Phdr" : "Elf32_Phdr";
    }

    public String shdrName() {
        return is64 ? "Elf64_Shdr" : "Elf32_Shdr";
    }

    public String nhdrName() {
        return is64 ? "Elf64_Nhdr" : "Elf32_Nhdr";
    }

    /** Size in bytes of an address-sized word ({@code Elf64_Addr}, {@code long} in the note payloads). */
    public int wordSize() {
        return is64 ? 8 : 4;
    }

    public int ehdrSize() {
        return is64 ? 64 : 52;
    }

    public int phdrSize() {
        return is64 ? 56 : 32;
    }

    public int shdrSize() {
        return is64 ? 64 : 40;
    }

    /** Reads an address-sized unsigned word; ELF32 words are zero-extended. */
    long word(MappedFile f, long offset, String structure) throws MalformedDumpException {
        return is64 ? f.i64(offset, order, structure) : f.u32(offset, order, structure);
    }

    /** True when the first bytes are {@code \x7fELF} with a valid class and data encoding. */
    public static boolean hasElfIdent(byte[] head) {
        return head.length >= 16 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F'
                && (head[EI_CLASS] == ELFCLASS32 || head[EI_CLASS] == ELFCLASS64)
                && (head[EI_DATA] == ELFDATA2LSB || head[EI_DATA] == ELFDATA2MSB);
    }

    /** {@code e_type} from the first bytes, or -1 when they are too short. */
    public static int typeOf(byte[] head) {
        if (head.length < 18) {
            return -1;
        }
        return head[EI_DATA] == ELFDATA2MSB ? ((head[16] & 0xff) << 8) | (head[17] & 0xff)
                : ((head[17] & 0xff) << 8) | (head[16] & 0xff);
    }

    /** Reads and validates the ELF header; refuses anything that is not an ELF core file. */
    public static ElfHeader read(MappedFile f) throws InputRefusedException {
        f.check(0, 16, "e_ident");
        byte[] ident = f.bytes(0, 16, "e_ident");
        if (!(ident[0] == 0x7f && ident[1] == 'E' && ident[2] == 'L' && ident[3] == 'F')) {
            throw MalformedDumpException.expected(0, "e_ident", "magic 7f 45 4c 46", hex(ident, 4));
        }
        int cls = ident[EI_CLASS];
        if (cls != ELFCLASS32 && cls != ELFCLASS64) {
            throw MalformedDumpException.expected(EI_CLASS, "e_ident[EI_CLASS]", "ELFCLASS32 (1) or ELFCLASS64 (2)", cls);
        }
        int data = ident[EI_DATA];
        if (data != ELFDATA2LSB && data != ELFDATA2MSB) {
            throw MalformedDumpException.expected(EI_DATA, "e_ident[EI_DATA]", "ELFDATA2LSB (1) or ELFDATA2MSB (2)", data);
        }
        if (ident[EI_VERSION] != EV_CURRENT) {
            throw MalformedDumpException.expected(EI_VERSION, "e_ident[EI_VERSION]", "EV_CURRENT (1)", ident[EI_VERSION]);
        }
        boolean is64 = cls == ELFCLASS64;
        ByteOrder order = data == ELFDATA2LSB ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        String name = is64 ? "Elf64_Ehdr" : "Elf32_Ehdr";
        int size = is64 ? 64 : 52;
        f.check(0, size, name);
        int eType = f.u16(16, order, name);
        if (eType != ET_CORE) {
            throw new MalformedDumpException(16, name + ".e_type", "this ELF file is " + typeName(eType)
                    + ", not a core dump (ET_CORE); dumpguard refuses ELF binaries and libraries rather than guess"
                    + " (use --format raw to scan any file as raw bytes)");
        }
        int eMachine = f.u16(18, order, name);
        long phoff = is64 ? f.i64(32, order, name) : f.u32(28, order, name);
        long shoff = is64 ? f.i64(40, order, name) : f.u32(32, order, name);
        int b = is64 ? 52 : 40;
        int ehsize = f.u16(b, order, name);
        int phentsize = f.u16(b + 2, order, name);
        int phnum = f.u16(b + 4, order, name);
        int shentsize = f.u16(b + 6, order, name);
        int shnum = f.u16(b + 8, order, name);
        int shstrndx = f.u16(b + 10, order, name);
        if (ehsize < size) {
            throw MalformedDumpException.expected(b, name + ".e_ehsize", "at least " + size, ehsize);
        }
        if (phoff < 0 || shoff < 0) {
            throw new MalformedDumpException(is64 ? 32 : 28, name, "e_phoff/e_shoff above 2^63");
        }
        int phdrSize = is64 ? 56 : 32;
        int shdrSize = is64 ? 64 : 40;
        if (phnum != 0 && phentsize != phdrSize) {
            throw MalformedDumpException.expected(b + 2, name + ".e_phentsize", String.valueOf(phdrSize), phentsize);
        }
        long realPhnum = phnum;
        long realShnum = shnum;
        long realShstrndx = shstrndx;
        if (shoff != 0) {
            if (shentsize != shdrSize) {
                throw MalformedDumpException.expected(b + 6, name + ".e_shentsize", String.valueOf(shdrSize), shentsize);
            }
            String sh0 = (is64 ? "Elf64_Shdr" : "Elf32_Shdr") + " #0";
            f.check(shoff, shdrSize, sh0);
            long shSize = is64 ? f.i64(shoff + 32, order, sh0) : f.u32(shoff + 20, order, sh0);
            long shLink = f.u32(shoff + (is64 ? 40 : 24), order, sh0);
            long shInfo = f.u32(shoff + (is64 ? 44 : 28), order, sh0);
            if (phnum == PN_XNUM) {
                realPhnum = shInfo;
            }
            if (shnum == 0) {
                if (shSize < 0) {
                    throw new MalformedDumpException(shoff + 32, sh0 + ".sh_size", "section count above 2^63");
                }
                realShnum = shSize;
            }
            if (shstrndx == SHN_XINDEX) {
                realShstrndx = shLink;
            }
        } else if (phnum == PN_XNUM) {
            throw new MalformedDumpException(b + 4, name + ".e_phnum",
                    "PN_XNUM (0xffff) needs section header 0 for the real count, but e_shoff is 0");
        } else {
            realShnum = 0;
            realShstrndx = 0;
        }
        if (realPhnum > 0 && phentsize != phdrSize) {
            throw MalformedDumpException.expected(b + 2, name + ".e_phentsize", String.valueOf(phdrSize), phentsize);
        }
        return new ElfHeader(is64, order, eType, eMachine, phoff, shoff, ehsize, phentsize, realPhnum, shentsize,
                realShnum, realShstrndx);
    }

    private static String hex(byte[] b, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n && i < b.length; i++) {
            s.append(String.format(i == 0 ? "%02x" : " %02x", b[i] & 0xff));
        }
        return s.toString();
    }
}
