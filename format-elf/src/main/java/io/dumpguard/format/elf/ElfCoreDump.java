package io.dumpguard.format.elf;

import io.dumpguard.core.Region;
import io.dumpguard.core.RegionKind;
import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.io.MappedFile;
import io.dumpguard.core.spi.FindingSink;
import io.dumpguard.core.spi.ParsedDump;
import io.dumpguard.core.spi.RegionVisitor;
import io.dumpguard.core.spi.ScanContext;
import io.dumpguard.core.spi.StructureSummary;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * A validated ELF core. Regions, in file order: each PT_LOAD's present bytes (stack, module image or anonymous
 * memory; the initial stack split around its argv and envp strings), the payloads of the notes (registers,
 * pr_psargs, auxv, NT_FILE, siginfo, unknown notes), the section-name table, and every byte no header describes
 * (a raw "gap" region) — so nothing goes unscanned. The remaining bytes — ELF header, program and section header
 * tables, note headers, names and padding, the non-register fields of elf_prstatus and elf_prpsinfo — are
 * structure: {@link #structure()} digests them together with every non-redactable region.
 */
public final class ElfCoreDump implements ParsedDump {
    /** One PT_LOAD as tests and the JVM bridge see it. */
    public record Segment(int phdrIndex, long offset, long filesz, long present, long vaddr, long memsz,
                          RegionKind kind, String label) {
    }

    @FunctionalInterface
    interface PieceVisitor {
        /** @param region the region, or null for structural bytes */
        void piece(long offset, long length, Region region) throws InputRefusedException;
    }

    private final MappedFile file;
    private final ElfHeader hdr;
    private final CoreArch arch;
    private final LoadSegments loads;
    private final List<Span> spans;
    private final List<Region> noteRegions;
    private final Map<Integer, List<Region>> splits;
    private final NtFileMappings files;
    private final Map<String, Long> counts;
    private final List<String> notes;
    private StructureSummary structure;
    private JvmHeapBridgeHook jvmHook;

    ElfCoreDump(MappedFile file, ElfHeader hdr, CoreArch arch, LoadSegments loads, List<Span> spans,
                List<Region> noteRegions, Map<Integer, List<Region>> splits, NtFileMappings files,
                Map<String, Long> counts, List<String> notes) throws InputRefusedException {
        this.file = file;
        this.hdr = hdr;
        this.arch = arch;
        this.loads = loads;
        this.spans = spans;
        this.noteRegions = noteRegions;
        this.splits = splits;
        this.files = files;
        this.counts = new TreeMap<>(counts);
        this.notes = new ArrayList<>(notes);
        this.structure = new StructureSummary(this.counts, digest());
    }

    /** What the JVM-core bridge plugs in; kept as an interface so this class needs nothing from it. */
    @FunctionalInterface
    public interface JvmHeapBridgeHook {
        void structuralFindings(ElfCoreDump core, ScanContext context, FindingSink sink) throws InputRefusedException;
    }

    /** Plugs in Java-heap structural detection (done by the JVM-core bridge at parse time). */
    public void setJvmHeapHook(JvmHeapBridgeHook hook) {
        this.jvmHook = hook;
    }

    @Override
    public String format() {
        return ElfCoreFormat.ID;
    }

    @Override
    public String description() {
        long stacks = 0;
        for (int s = 0; s < loads.n; s++) {
            stacks += loads.kind[s] == RegionKind.STACK ? 1 : 0;
        }
        return String.format("ELF%d %s %s core: %d PT_LOAD (%d bytes present, %d stacks), %d notes, %d mapped files%s",
                hdr.is64() ? 64 : 32, hdr.order() == ByteOrder.LITTLE_ENDIAN ? "little-endian" : "big-endian",
                arch.name(), loads.n, counts.get("bytes.PT_LOAD.present"), stacks, counts.get("notes"),
                files.count(), libjvmPath().map(p -> ", HotSpot JVM (" + p + ")").orElse(""));
    }

    @Override
    public StructureSummary structure() {
        return structure;
    }

    @Override
    public void regions(RegionVisitor visitor) throws InputRefusedException {
        walk((off, len, r) -> {
            if (r != null) {
                visitor.visit(r);
            }
        });
    }

    /** jhsdb takes seconds to tens of seconds: the engine runs it beside the raw scan. */
    @Override
    public boolean structuralFindingsConcurrently() {
        return jvmHook != null;
    }

    @Override
    public void structuralFindings(ScanContext context, FindingSink sink) throws InputRefusedException {
        if (jvmHook != null) {
            jvmHook.structuralFindings(this, context, sink);
        }
    }

    @Override
    public synchronized List<String> notes() {
        return List.copyOf(notes);
    }

    /** Adds a note about Java-heap detection (the JVM-core bridge says whether and how it ran). */
    public synchronized void addNoteFromBridge(String note) {
        notes.add(note);
    }

    /** The file offset holding virtual address {@code vaddr}, empty when no dumped segment has that byte. */
    public OptionalLong fileOffsetOf(long vaddr) {
        return loads.fileOffsetOf(vaddr);
    }

    /** The segment index holding the whole range {@code [vaddr, vaddr+len)} in its present bytes, or -1. */
    public int segmentHolding(long vaddr, long len) {
        int s = loads.findPresent(vaddr);
        return s >= 0 && Long.compareUnsigned(vaddr - loads.vaddr[s] + len, loads.present[s]) <= 0 ? s : -1;
    }

    /** The region a finding at this file offset belongs to (for kind and label), built the same way regions() does. */
    public Region segmentRegion(int s) {
        return new Region(loads.offset[s], loads.present[s], loads.kind[s], loads.vaddr[s], loads.vaddr[s], true,
                segmentLabel(hdr, loads, s, files));
    }

    public int segmentCount() {
        return loads.n;
    }

    public Segment segment(int s) {
        return new Segment(loads.phdrIndex[s], loads.offset[s], loads.filesz[s], loads.present[s], loads.vaddr[s],
                loads.memsz[s], loads.kind[s], segmentLabel(hdr, loads, s, files));
    }

    public ElfHeader header() {
        return hdr;
    }

    public CoreArch arch() {
        return arch;
    }

    public NtFileMappings mappedFiles() {
        return files;
    }

    public MappedFile file() {
        return file;
    }

    /** The NT_FILE path of libjvm.so when this is a HotSpot JVM's core. */
    public Optional<String> libjvmPath() {
        int i = files.findName("/libjvm.so");
        return i < 0 ? Optional.empty() : Optional.of(files.name(i));
    }

    static String segmentLabel(ElfHeader hdr, LoadSegments loads, int s, NtFileMappings files) {
        String what = switch (loads.kind[s]) {
            case STACK -> "[stack]";
            case MODULE_IMAGE -> files != null && loads.fileIndex[s] >= 0 ? files.name(loads.fileIndex[s]) : "[file]";
            default -> "[anon]";
        };
        return "PT_LOAD " + hdr.phdrName() + " #" + loads.phdrIndex[s] + " " + what;
    }

    /** Visits every byte of the file once, in order, as structure (null) or as a region. */
    void walk(PieceVisitor v) throws InputRefusedException {
        long pos = 0;
        int si = 0;
        int li = 0;
        int ni = 0;
        while (si < spans.size() || li < loads.n) {
            int seg = li < loads.n ? loads.byOffset[li] : -1;
            if (seg >= 0 && loads.present[seg] == 0) {
                li++;
                continue;
            }
            boolean takeSpan = seg < 0 || (si < spans.size() && spans.get(si).offset() <= loads.offset[seg]);
            long start = takeSpan ? spans.get(si).offset() : loads.offset[seg];
            if (start > pos) {
                v.piece(pos, start - pos, gap(pos, start - pos));
            }
            if (takeSpan) {
                Span sp = spans.get(si++);
                switch (sp.type()) {
                    case HEADER -> v.piece(sp.offset(), sp.length(), null);
                    case STRTAB -> v.piece(sp.offset(), sp.length(), new Region(sp.offset(), sp.length(),
                            RegionKind.SYMBOLS, Region.NO_ADDRESS, sp.offset(), false, sp.name()));
                    case NOTES -> {
                        long c = sp.offset();
                        while (ni < noteRegions.size() && noteRegions.get(ni).offset() < sp.end()) {
                            Region r = noteRegions.get(ni++);
                            if (r.offset() > c) {
                                v.piece(c, r.offset() - c, null);
                            }
                            v.piece(r.offset(), r.length(), r);
                            c = r.end();
                        }
                        if (c < sp.end()) {
                            v.piece(c, sp.end() - c, null);
                        }
                    }
                }
                pos = sp.end();
            } else {
                li++;
                List<Region> parts = splits.get(seg);
                if (parts != null) {
                    for (Region r : parts) {
                        v.piece(r.offset(), r.length(), r);
                    }
                } else {
                    v.piece(loads.offset[seg], loads.present[seg], segmentRegion(seg));
                }
                pos = loads.offset[seg] + loads.present[seg];
            }
        }
        if (pos < file.size()) {
            v.piece(pos, file.size() - pos, gap(pos, file.size() - pos));
        }
    }

    private static Region gap(long off, long len) {
        return new Region(off, len, RegionKind.RAW, Region.NO_ADDRESS, off, true, "bytes no header describes");
    }

    /**
     * SHA-256 over every byte the redactor must never change: structure and non-redactable regions, each preceded
     * by its offset and length. Redactable regions contribute nothing, so their classification (which depends on
     * register values and stack contents) cannot make a sanitized copy differ.
     */
    private String digest() throws InputRefusedException {
        MessageDigest md = io.dumpguard.core.digest.Sha256.newDigest();
        byte[] buf = new byte[1 << 16];
        ByteBuffer pos = ByteBuffer.allocate(16);
        walk((off, len, r) -> {
            if (r != null && r.redactable()) {
                return;
            }
            md.update(pos.clear().putLong(off).putLong(len).array());
            for (long done = 0; done < len; ) {
                int n = (int) Math.min(buf.length, len - done);
                file.read(off + done, buf, 0, n, r == null ? "structure" : r.label());
                md.update(buf, 0, n);
                done += n;
            }
        });
        return HexFormat.of().formatHex(md.digest());
    }
}
