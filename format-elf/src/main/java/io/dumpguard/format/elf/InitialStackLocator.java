package io.dumpguard.format.elf;

import io.dumpguard.core.error.MalformedDumpException;
import io.dumpguard.core.io.MappedFile;

/**
 * Finds the argument and environment strings the kernel placed at the top of the main thread's stack at exec.
 * Layout (ascending addresses, {@code fs/binfmt_elf.c create_elf_tables}): argc, argv[], NULL, envp[], NULL, auxv
 * pairs up to AT_NULL, ..., the argv strings, the envp strings, the {@code AT_EXECFN} file name. The core's
 * {@code NT_AUXV} is a copy of that auxv, so: find AT_EXECFN, search the segment below it for the auxv bytes,
 * then walk the envp and argv pointer arrays backwards. Best effort: any inconsistency gives a reason instead,
 * and the whole stack is scanned anyway.
 */
final class InitialStackLocator {
    /** How far below AT_EXECFN the auxv copy is searched (Linux caps argv+envp at a quarter of an 8 MB stack). */
    static final long MAX_SEARCH_BYTES = 16L << 20;
    /** Most argv or envp pointers walked. */
    static final int MAX_POINTERS = 1 << 19;
    /** Largest NT_AUXV accepted here (the kernel's has fewer than 64 pairs). */
    static final int MAX_AUXV_BYTES = 1 << 16;

    /** Addresses found: argv strings {@code [argvStart, envStart)}, envp strings {@code [envStart, envEnd)}. */
    record StackStrings(int segment, long argvStart, long envStart, long envEnd, int argc, int envc) {
    }

    /** Either the strings or why they were not found. */
    record Result(StackStrings strings, String reason) {
    }

    private final MappedFile f;
    private final ElfHeader hdr;
    private final LoadSegments loads;
    private final int w;

    InitialStackLocator(MappedFile f, ElfHeader hdr, LoadSegments loads) {
        this.f = f;
        this.hdr = hdr;
        this.loads = loads;
        this.w = hdr.wordSize();
    }

    Result locate(ElfNote auxvNote) throws MalformedDumpException {
        if (auxvNote == null) {
            return fail("no NT_AUXV note");
        }
        if (auxvNote.descsz() > MAX_AUXV_BYTES || auxvNote.descsz() < 2L * w) {
            return fail("NT_AUXV of " + auxvNote.descsz() + " bytes not usable");
        }
        byte[] aux = f.bytes(auxvNote.descOffset(), (int) auxvNote.descsz(), "NT_AUXV");
        java.nio.ByteBuffer ab = java.nio.ByteBuffer.wrap(aux).order(hdr.order());
        long execfn = 0;
        int auxLen = -1;
        for (int p = 0; p + 2 * w <= aux.length; p += 2 * w) {
            long type = word(ab, p);
            if (type == ElfConstants.AT_EXECFN) {
                execfn = word(ab, p + w);
            }
            if (type == ElfConstants.AT_NULL) {
                auxLen = p + 2 * w;
                break;
            }
        }
        if (execfn == 0 || auxLen < 0) {
            return fail("NT_AUXV has no AT_EXECFN");
        }
        int seg = loads.findPresent(execfn);
        if (seg < 0) {
            return fail(String.format("AT_EXECFN 0x%x is not in any dumped segment", execfn));
        }
        long segStart = loads.vaddr[seg];
        // Addresses are compared by their difference from segStart: the segment is far smaller than 2^63, so no
        // wrap-around near address 0 or above 2^63 can make a loop run on.
        long lowest = execfn - Math.min(execfn - segStart, MAX_SEARCH_BYTES);
        long first = word(ab, 0);
        long second = word(ab, w);
        long auxvAddr = -1;
        for (long a = (execfn - auxLen) & -(long) w; a - lowest >= 0 && a - segStart >= 0; a -= w) {
            if (read(a) == first && read(a + w) == second && java.util.Arrays.equals(
                    f.bytes(off(seg, a), auxLen, "initial stack auxv"), 0, auxLen, aux, 0, auxLen)) {
                auxvAddr = a;
                break;
            }
        }
        if (auxvAddr == -1 || auxvAddr - segStart < 2L * w) {
            return fail("the auxv copy was not found on the stack below AT_EXECFN");
        }
        if (read(auxvAddr - w) != 0) {
            return fail("no NULL ends envp before the auxv");
        }
        long envMin = execfn;
        int envc = 0;
        long a = auxvAddr - 2L * w;
        for (; a - segStart >= 0; a -= w) {
            long p = read(a);
            if (p == 0) {
                break;
            }
            if (Long.compareUnsigned(p, auxvAddr) <= 0 || Long.compareUnsigned(p, execfn) >= 0 || ++envc > MAX_POINTERS) {
                return fail("an envp pointer lies outside the strings area");
            }
            envMin = Long.compareUnsigned(p, envMin) < 0 ? p : envMin;
        }
        long argvMin = envMin;
        int argc = 0;
        for (a -= w; a - segStart >= 0; a -= w) {
            long p = read(a);
            if (p == argc) {
                break;
            }
            if (Long.compareUnsigned(p, auxvAddr) <= 0 || Long.compareUnsigned(p, envMin) >= 0 || ++argc > MAX_POINTERS) {
                return fail("an argv pointer lies outside the strings area or argc does not match");
            }
            argvMin = Long.compareUnsigned(p, argvMin) < 0 ? p : argvMin;
        }
        if (a - segStart < 0) {
            return fail("argc not found below argv");
        }
        return new Result(new StackStrings(seg, argvMin, envMin, execfn, argc, envc), null);
    }

    private long off(int seg, long addr) {
        return loads.offset[seg] + (addr - loads.vaddr[seg]);
    }

    private long read(long addr) throws MalformedDumpException {
        int s = loads.findPresent(addr);
        if (s < 0 || Long.compareUnsigned(addr - loads.vaddr[s] + w, loads.present[s]) > 0) {
            return -1;
        }
        return hdr.word(f, off(s, addr), "initial stack word");
    }

    private long word(java.nio.ByteBuffer b, int p) {
        return w == 8 ? b.getLong(p) : b.getInt(p) & 0xffffffffL;
    }

    private static Result fail(String reason) {
        return new Result(null, reason);
    }
}
