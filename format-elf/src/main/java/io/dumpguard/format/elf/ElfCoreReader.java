package io.dumpguard.format.elf;

import io.dumpguard.core.Limits;
import io.dumpguard.core.Region;
import io.dumpguard.core.RegionKind;
import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.error.LimitExceededException;
import io.dumpguard.core.error.MalformedDumpException;
import io.dumpguard.core.io.MappedFile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.dumpguard.format.elf.ElfConstants.*;

/**
 * Reads and validates a whole ELF core: header, program headers, section header 0 and the section-name table,
 * every note, and the PT_LOAD table; classifies each segment; and fails closed on anything that does not fit
 * (overlapping ranges, headers pointing outside the file). Only the last segment in file order may run past the
 * end of the file (a core cut short while being written); that is reported in the notes, not refused.
 */
public final class ElfCoreReader {
    private final MappedFile f;
    private final Limits limits;
    private ElfHeader hdr;
    private CoreArch arch;
    private final List<Span> spans = new ArrayList<>();
    private final List<Region> noteRegions = new ArrayList<>();
    private final Map<String, Long> counts = new TreeMap<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, Integer> unknownNotes = new TreeMap<>();
    private final List<Long> stackPointers = new ArrayList<>();
    private ElfNote auxvNote;
    private ElfNote fileNote;
    private LoadSegments loads;
    private int noteCount;

    private ElfCoreReader(MappedFile f, Limits limits) {
        this.f = f;
        this.limits = limits;
    }

    public static ElfCoreDump read(MappedFile f, Limits limits) throws InputRefusedException {
        return new ElfCoreReader(f, limits).read();
    }

    private ElfCoreDump read() throws InputRefusedException {
        hdr = ElfHeader.read(f);
        arch = CoreArch.of(hdr.eMachine());
        spans.add(new Span(0, hdr.ehdrSize(), Span.Type.HEADER, hdr.ehdrName(), 0));
        readProgramHeaders();
        readSectionHeaders();
        checkNoOverlap();
        for (Span s : List.copyOf(spans)) {
            if (s.type() == Span.Type.NOTES) {
                readNotes(s);
            }
        }
        NtFileMappings files = fileNote == null ? NtFileMappings.empty()
                : NtFileMappings.read(f, hdr, fileNote, limits);
        classifySegments(files);
        Map<Integer, List<Region>> splits = new HashMap<>();
        locateStackStrings(splits);
        archNotes();
        if (!unknownNotes.isEmpty()) {
            notes.add("note types this reader does not know, scanned as raw bytes: " + unknownNotes);
        }
        counts.put("notes", (long) noteCount);
        counts.put("bytes.file", f.size());
        counts.put("threads", (long) stackPointers.size());
        counts.put("nt_file.mappings", (long) files.count());
        return new ElfCoreDump(f, hdr, arch, loads, List.copyOf(spans), List.copyOf(noteRegions), splits, files,
                counts, notes);
    }

    private void readProgramHeaders() throws InputRefusedException {
        long phnum = hdr.phnum();
        if (phnum > limits.maxRegions()) {
            throw new LimitExceededException("program headers (maxRegions)", phnum, limits.maxRegions(),
                    "raise Limits.maxRegions");
        }
        String table = hdr.phdrName() + " table";
        long tableBytes = phnum * hdr.phdrSize();
        f.check(hdr.ePhoff(), tableBytes, table);
        if (phnum > 0) {
            spans.add(new Span(hdr.ePhoff(), tableBytes, Span.Type.HEADER, table, 0));
        }
        int nLoad = 0;
        for (long i = 0; i < phnum; i++) {
            if (f.u32(hdr.ePhoff() + i * hdr.phdrSize(), hdr.order(), table) == PT_LOAD) {
                nLoad++;
            }
        }
        loads = new LoadSegments(nLoad);
        int k = 0;
        long notesCount = 0;
        long others = 0;
        long presentBytes = 0;
        for (int i = 0; i < phnum; i++) {
            long at = hdr.ePhoff() + (long) i * hdr.phdrSize();
            String name = hdr.phdrName() + " #" + i;
            long type = f.u32(at, hdr.order(), name);
            long pOffset;
            long pFilesz;
            long pVaddr;
            long pMemsz;
            long pAlign;
            int pFlags;
            if (hdr.is64()) {
                pFlags = f.i32(at + 4, hdr.order(), name);
                pOffset = f.i64(at + 8, hdr.order(), name);
                pVaddr = f.i64(at + 16, hdr.order(), name);
                pFilesz = f.i64(at + 32, hdr.order(), name);
                pMemsz = f.i64(at + 40, hdr.order(), name);
                pAlign = f.i64(at + 48, hdr.order(), name);
            } else {
                pOffset = f.u32(at + 4, hdr.order(), name);
                pVaddr = f.u32(at + 8, hdr.order(), name);
                pFilesz = f.u32(at + 16, hdr.order(), name);
                pMemsz = f.u32(at + 20, hdr.order(), name);
                pFlags = f.i32(at + 24, hdr.order(), name);
                pAlign = f.u32(at + 28, hdr.order(), name);
            }
            if (type == PT_LOAD) {
                if (pOffset < 0 || pFilesz < 0) {
                    throw new MalformedDumpException(at, name, String.format(
                            "p_offset 0x%x / p_filesz 0x%x above 2^63", pOffset, pFilesz));
                }
                if (Long.compareUnsigned(pFilesz, pMemsz) > 0) {
                    throw new MalformedDumpException(at, name, String.format(
                            "p_filesz 0x%x exceeds p_memsz 0x%x", pFilesz, pMemsz));
                }
                if (pMemsz != 0 && Long.compareUnsigned(pMemsz - 1, -1L - pVaddr) > 0) {
                    throw new MalformedDumpException(at, name, String.format(
                            "p_vaddr 0x%x + p_memsz 0x%x wraps around the address space", pVaddr, pMemsz));
                }
                loads.offset[k] = pOffset;
                loads.filesz[k] = pFilesz;
                loads.present[k] = pFilesz;
                loads.vaddr[k] = pVaddr;
                loads.memsz[k] = pMemsz;
                loads.flags[k] = pFlags;
                loads.phdrIndex[k] = i;
                loads.fileIndex[k] = -1;
                presentBytes += pFilesz;
                k++;
            } else if (type == PT_NOTE) {
                notesCount++;
                if (pOffset < 0 || pFilesz < 0 || pOffset > f.size() || pFilesz > f.size() - pOffset) {
                    throw new MalformedDumpException(at, name, String.format(
                            "PT_NOTE [0x%x, +0x%x) points outside the file (%d bytes)", pOffset, pFilesz, f.size()));
                }
                if (pFilesz > 0) {
                    spans.add(new Span(pOffset, pFilesz, Span.Type.NOTES, "PT_NOTE (" + name + ")",
                            pAlign == 8 ? 8 : 4));
                }
            } else {
                others++;
            }
        }
        loads.index();
        checkTruncation();
        for (int s = 0; s < loads.n; s++) {
            presentBytes -= loads.filesz[s] - loads.present[s];
        }
        checkVirtualOverlap();
        counts.put("program_headers", phnum);
        counts.put("segments.PT_LOAD", (long) loads.n);
        counts.put("segments.PT_NOTE", notesCount);
        counts.put("segments.other", others);
        counts.put("bytes.PT_LOAD.present", presentBytes);
    }

    /** Every PT_LOAD but the last in file order must lie wholly inside the file; the last may be cut short. */
    private void checkTruncation() throws MalformedDumpException {
        int last = -1;
        for (int j = loads.n - 1; j >= 0; j--) {
            int s = loads.byOffset[j];
            if (loads.filesz[s] > 0) {
                last = s;
                break;
            }
        }
        for (int s = 0; s < loads.n; s++) {
            long off = loads.offset[s];
            long len = loads.filesz[s];
            if (len == 0 || (off <= f.size() && len <= f.size() - off)) {
                continue;
            }
            String name = hdr.phdrName() + " #" + loads.phdrIndex[s];
            long at = hdr.ePhoff() + (long) loads.phdrIndex[s] * hdr.phdrSize();
            if (s != last || off > f.size()) {
                throw new MalformedDumpException(at, name, String.format(
                        "PT_LOAD [0x%x, +0x%x) points outside the file (%d bytes)", off, len, f.size()));
            }
            loads.present[s] = f.size() - off;
            notes.add(String.format("truncated: PT_LOAD %s at 0x%x (vaddr 0x%x) declares 0x%x file bytes but the "
                            + "file ends after 0x%x; the present bytes are scanned, the missing 0x%x are not in the file",
                    name, off, loads.vaddr[s], len, loads.present[s], len - loads.present[s]));
            counts.put("truncated_segments", 1L);
        }
    }

    private void checkVirtualOverlap() throws MalformedDumpException {
        int[] v = loads.byVaddr;
        for (int j = 1; j < v.length; j++) {
            int a = v[j - 1];
            int b = v[j];
            if (Long.compareUnsigned(loads.vaddr[b] - loads.vaddr[a], loads.memsz[a]) < 0) {
                throw new MalformedDumpException(hdr.ePhoff() + (long) loads.phdrIndex[b] * hdr.phdrSize(),
                        hdr.phdrName() + " #" + loads.phdrIndex[b], String.format(
                        "PT_LOAD at vaddr 0x%x overlaps %s #%d [0x%x, +0x%x) in memory", loads.vaddr[b],
                        hdr.phdrName(), loads.phdrIndex[a], loads.vaddr[a], loads.memsz[a]));
            }
        }
    }

    private void readSectionHeaders() throws InputRefusedException {
        long shnum = hdr.shnum();
        counts.put("sections", shnum);
        if (hdr.eShoff() == 0 || shnum == 0) {
            return;
        }
        if (shnum > limits.maxRegions()) {
            throw new LimitExceededException("section headers (maxRegions)", shnum, limits.maxRegions(),
                    "raise Limits.maxRegions");
        }
        String table = hdr.shdrName() + " table";
        f.check(hdr.eShoff(), shnum * hdr.shdrSize(), table);
        spans.add(new Span(hdr.eShoff(), shnum * hdr.shdrSize(), Span.Type.HEADER, table, 0));
        long idx = hdr.shstrndx();
        if (idx == 0) {
            return;
        }
        if (idx >= shnum) {
            throw new MalformedDumpException(hdr.is64() ? 62 : 50, hdr.ehdrName() + ".e_shstrndx",
                    "index " + idx + " is not below the section count " + shnum);
        }
        long at = hdr.eShoff() + idx * hdr.shdrSize();
        String name = hdr.shdrName() + " #" + idx;
        long type = f.u32(at + 4, hdr.order(), name);
        long off = hdr.is64() ? f.i64(at + 24, hdr.order(), name) : f.u32(at + 16, hdr.order(), name);
        long size = hdr.is64() ? f.i64(at + 32, hdr.order(), name) : f.u32(at + 20, hdr.order(), name);
        if (type != SHT_STRTAB) {
            throw MalformedDumpException.expected(at + 4, name + ".sh_type", "SHT_STRTAB (3) for e_shstrndx", type);
        }
        if (off < 0 || size < 0 || off > f.size() || size > f.size() - off) {
            throw new MalformedDumpException(at, name, String.format(
                    "section-name table [0x%x, +0x%x) points outside the file", off, size));
        }
        if (size > 0) {
            spans.add(new Span(off, size, Span.Type.STRTAB, name + " (.shstrtab)", 0));
        }
    }

    /**
     * Every structural span and every present PT_LOAD range must be disjoint: an overlap would let a redaction
     * of segment bytes change a header. The section-name table is dropped instead when it overlaps (some writers
     * place it inside a segment); its bytes are then covered by whatever holds them.
     */
    private void checkNoOverlap() throws MalformedDumpException {
        spans.sort((a, b) -> Long.compare(a.offset(), b.offset()));
        spans.removeIf(s -> s.type() == Span.Type.STRTAB && overlapsAny(s));
        int si = 0;
        int li = 0;
        long prevEnd = 0;
        String prevName = null;
        while (si < spans.size() || li < loads.n) {
            int seg = li < loads.n ? loads.byOffset[li] : -1;
            if (seg >= 0 && loads.present[seg] == 0) {
                li++;
                continue;
            }
            boolean takeSpan = seg < 0 || (si < spans.size() && spans.get(si).offset() <= loads.offset[seg]);
            long start;
            long end;
            String name;
            long at;
            if (takeSpan) {
                Span s = spans.get(si++);
                start = s.offset();
                end = s.end();
                name = s.name();
                at = s.offset();
            } else {
                start = loads.offset[seg];
                end = start + loads.present[seg];
                name = hdr.phdrName() + " #" + loads.phdrIndex[seg] + " (PT_LOAD)";
                at = hdr.ePhoff() + (long) loads.phdrIndex[seg] * hdr.phdrSize();
                li++;
            }
            if (prevName != null && start < prevEnd) {
                throw new MalformedDumpException(at, name, String.format(
                        "file range [0x%x, 0x%x) overlaps %s ending at 0x%x", start, end, prevName, prevEnd));
            }
            if (end > prevEnd || prevName == null) {
                prevEnd = end;
                prevName = name;
            }
        }
    }

    private boolean overlapsAny(Span t) {
        for (Span s : spans) {
            if (s != t && s.offset() < t.end() && t.offset() < s.end()) {
                return true;
            }
        }
        for (int i = 0; i < loads.n; i++) {
            if (loads.present[i] > 0 && loads.offset[i] < t.end() && t.offset() < loads.offset[i] + loads.present[i]) {
                return true;
            }
        }
        return false;
    }

    private void readNotes(Span span) throws InputRefusedException {
        NoteReader r = new NoteReader(f, hdr, noteCount);
        r.walk(span.offset(), span.length(), span.align(), n -> {
            counts.merge("notes." + n.typeName(), 1L, Long::sum);
            classifyNote(n);
        });
        noteCount = r.count();
    }

    private void classifyNote(ElfNote n) throws InputRefusedException {
        if (n.descsz() == 0) {
            return;
        }
        String label = n.typeName() + " #" + n.index();
        if (NOTE_GDB.equals(n.name()) && n.type() == NT_GDB_TDESC) {
            noteRegion(n.descOffset(), n.descsz(), RegionKind.TEXT, false, label + " (gdb target description; kept)");
            return;
        }
        if (!n.isCoreOrLinux()) {
            unknownNotes.merge(n.typeName(), 1, Integer::sum);
            noteRegion(n.descOffset(), n.descsz(), RegionKind.RAW, true, label);
            return;
        }
        switch (n.type()) {
            case NT_PRSTATUS -> prstatus(n, label);
            case NT_FPREGSET, NT_X86_XSTATE, NT_PRXFPREG -> noteRegion(n.descOffset(), n.descsz(),
                    RegionKind.REGISTERS, true, label);
            case NT_PRPSINFO -> {
                // pr_psargs[80] closes elf_prpsinfo in every ABI; the fields before it are ids and flags.
                long len = Math.min(80, n.descsz());
                noteRegion(n.descEnd() - len, len, RegionKind.COMMAND_LINE, true, label + " pr_psargs");
            }
            case NT_AUXV -> {
                auxvNote = n;
                noteRegion(n.descOffset(), n.descsz(), RegionKind.RAW, false, label + " (pointers; kept)");
            }
            case NT_FILE -> {
                if (fileNote != null) {
                    throw new MalformedDumpException(n.offset(), hdr.nhdrName() + " #" + n.index(),
                            "a second NT_FILE note");
                }
                fileNote = n;
                noteRegion(n.descOffset(), n.descsz(), RegionKind.SYMBOLS, false, label);
            }
            case NT_SIGINFO -> noteRegion(n.descOffset(), n.descsz(), RegionKind.RAW, false,
                    label + " (crash reason; kept)");
            default -> {
                boolean regs = NOTE_LINUX.equals(n.name()) && isLinuxRegisterSet(n.type());
                if (!regs) {
                    unknownNotes.merge(n.typeName(), 1, Integer::sum);
                }
                noteRegion(n.descOffset(), n.descsz(), regs ? RegionKind.REGISTERS : RegionKind.RAW, true, label);
            }
        }
    }

    /** pr_reg (the general registers) is the payload; pr_info, pids and times before it stay structural. */
    private void prstatus(ElfNote n, String label) throws MalformedDumpException {
        int w = hdr.wordSize();
        long regOff = CoreArch.prRegOffset(hdr.is64());
        long regLen = n.descsz() - regOff - CoreArch.prFpvalidTail(hdr.is64());
        if (regLen < w) {
            notes.add(String.format("%s at 0x%x: %d bytes is too short for elf_prstatus; scanned whole",
                    label, n.offset(), n.descsz()));
            noteRegion(n.descOffset(), n.descsz(), RegionKind.REGISTERS, true, label);
            return;
        }
        noteRegion(n.descOffset() + regOff, regLen, RegionKind.REGISTERS, true, label + " pr_reg");
        if (arch.spIndex() >= 0 && (long) (arch.spIndex() + 1) * w <= regLen) {
            stackPointers.add(hdr.word(f, n.descOffset() + regOff + (long) arch.spIndex() * w, label));
        }
    }

    private void noteRegion(long off, long len, RegionKind kind, boolean redactable, String label) {
        if (len > 0) {
            noteRegions.add(new Region(off, len, kind, Region.NO_ADDRESS, off, redactable, label));
        }
    }

    private void classifySegments(NtFileMappings files) {
        for (int s = 0; s < loads.n; s++) {
            int fi = files.find(loads.vaddr[s]);
            loads.fileIndex[s] = fi;
            loads.kind[s] = fi >= 0 ? RegionKind.MODULE_IMAGE : RegionKind.ANON_MEMORY;
        }
        for (long sp : stackPointers) {
            int s = loads.findMemory(sp);
            if (s >= 0) {
                loads.kind[s] = RegionKind.STACK;
            }
        }
        // Stack classification depends on register values, which are redactable, so it is no structural count.
        long modules = 0;
        for (int s = 0; s < loads.n; s++) {
            modules += loads.kind[s] == RegionKind.MODULE_IMAGE ? 1 : 0;
        }
        counts.put("segments.module_image", modules);
    }

    private void locateStackStrings(Map<Integer, List<Region>> splits) throws MalformedDumpException {
        InitialStackLocator.Result r = new InitialStackLocator(f, hdr, loads).locate(auxvNote);
        if (r.strings() == null) {
            notes.add("environment: initial stack strings not located (" + r.reason() + "); the stack is scanned"
                    + " as a whole");
            return;
        }
        InitialStackLocator.StackStrings st = r.strings();
        int s = st.segment();
        List<Region> parts = new ArrayList<>();
        String base = ElfCoreDump.segmentLabel(hdr, loads, s, null);
        long v0 = loads.vaddr[s];
        long o0 = loads.offset[s];
        addPart(parts, s, v0, st.argvStart(), loads.kind[s], base);
        addPart(parts, s, st.argvStart(), st.envStart(), RegionKind.COMMAND_LINE, base + " argv strings");
        addPart(parts, s, st.envStart(), st.envEnd(), RegionKind.ENVIRONMENT, base + " envp strings");
        addPart(parts, s, st.envEnd(), v0 + loads.present[s], loads.kind[s], base);
        splits.put(s, parts);
        notes.add(String.format("environment: %d envp strings at 0x%x (file offset 0x%x) and %d argv strings"
                        + " located through AT_EXECFN and the auxv copy on the initial stack",
                st.envc(), st.envStart(), o0 + (st.envStart() - v0), st.argc()));
    }

    private void addPart(List<Region> parts, int s, long from, long to, RegionKind kind, String label) {
        if (Long.compareUnsigned(from, to) < 0) {
            long off = loads.offset[s] + (from - loads.vaddr[s]);
            parts.add(new Region(off, to - from, kind, from, from, true, label));
        }
    }

    private void archNotes() {
        if (arch.spIndex() < 0) {
            notes.add("architecture " + arch.name() + ": stack pointer layout unknown, no segment marked as stack");
        } else if (!arch.isX86()) {
            notes.add("architecture " + arch.name() + (hdr.order() == java.nio.ByteOrder.BIG_ENDIAN ? " big-endian"
                    : "") + ": stack pointer read from pr_reg word " + arch.spIndex() + " (" + arch.spName()
                    + "); LINUX register-set notes scanned as registers; vector registers (AES round keys) only in"
                    + " those notes");
        }
    }
}
