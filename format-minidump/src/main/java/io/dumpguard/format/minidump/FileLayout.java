package io.dumpguard.format.minidump;

import io.dumpguard.core.Limits;
import io.dumpguard.core.Region;
import io.dumpguard.core.RegionKind;
import io.dumpguard.core.error.LimitExceededException;
import io.dumpguard.core.error.MalformedDumpException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Who owns each byte of a minidump. Parsers claim ranges as <em>structure</em> (header, directory, descriptors,
 * fixed parts of lists: digested, never scanned nor overwritten) or as <em>payload</em> (memory, registers, text:
 * scanned, and overwritten when redactable). {@link #finish} checks that no two claims collide, since an RVA that
 * points into a descriptor or into another range is how a crafted dump makes a redaction corrupt its own
 * structure, and turns the payload plus every unclaimed gap into regions so that no byte goes unscanned.
 *
 * <p>Allowed sharing, because real writers do it: the same range claimed twice (a thread's stack that is also a
 * MemoryList entry, a string two records name) and a thread stack lying inside a memory range (full-memory dumps).
 */
final class FileLayout {
    /** One claimed range; {@code memory} marks MemoryList/Memory64List ranges, which stacks may lie inside. */
    static final class Claim {
        final long offset;
        final long length;
        RegionKind kind;
        final long address;
        boolean redactable;
        String label;
        final String structure;
        final boolean memory;
        final boolean stackRef;
        boolean holdsStack;

        Claim(long offset, long length, RegionKind kind, long address, boolean redactable, String label,
              String structure, boolean memory, boolean stackRef) {
            this.offset = offset;
            this.length = length;
            this.kind = kind;
            this.address = address;
            this.redactable = redactable;
            this.label = label;
            this.structure = structure;
            this.memory = memory;
            this.stackRef = stackRef;
            this.holdsStack = stackRef;
        }

        long end() {
            return offset + length;
        }
    }

    /** A structural range, for the digest. */
    record Span(long offset, long length, String structure) {
        long end() {
            return offset + length;
        }
    }

    private static final Comparator<Claim> CLAIM_ORDER = Comparator.comparingLong((Claim c) -> c.offset)
            .thenComparing(Comparator.comparingLong((Claim c) -> c.length).reversed())
            .thenComparing(c -> !c.memory);

    private final MinidumpInput in;
    private final Limits limits;
    private final List<Span> structure = new ArrayList<>();
    private final List<Claim> payload = new ArrayList<>();
    private final List<Claim> memory = new ArrayList<>();

    FileLayout(MinidumpInput in) {
        this.in = in;
        this.limits = in.limits();
    }

    private void count() throws LimitExceededException {
        if (structure.size() + payload.size() >= limits.maxRegions()) {
            throw new LimitExceededException("maxRegions (minidump structures and ranges)",
                    structure.size() + payload.size() + 1L, limits.maxRegions(), "raise Limits.maxRegions");
        }
    }

    void structure(long offset, long length, String name) throws MalformedDumpException, LimitExceededException {
        in.check(offset, length, name);
        if (length > 0) {
            count();
            structure.add(new Span(offset, length, name));
        }
    }

    void payload(long offset, long length, RegionKind kind, long address, boolean redactable, String label,
                 String name) throws MalformedDumpException, LimitExceededException {
        add(offset, length, kind, address, redactable, label, name, false, false);
    }

    /** A range of process memory from MemoryListStream or Memory64ListStream; its kind is decided in finish. */
    Claim memory(long offset, long length, long address, String label, String name)
            throws MalformedDumpException, LimitExceededException {
        return add(offset, length, RegionKind.ANON_MEMORY, address, true, label, name, true, false);
    }

    /** A thread's stack: its own region, or a mark on the memory range that holds it. */
    void stack(long offset, long length, long address, String label, String name)
            throws MalformedDumpException, LimitExceededException {
        add(offset, length, RegionKind.STACK, address, true, label, name, false, true);
    }

    private Claim add(long offset, long length, RegionKind kind, long address, boolean redactable, String label,
                      String name, boolean isMemory, boolean stackRef)
            throws MalformedDumpException, LimitExceededException {
        in.check(offset, length, name);
        if (length == 0) {
            return null;
        }
        count();
        Claim c = new Claim(offset, length, kind, address, redactable, label, name, isMemory, stackRef);
        payload.add(c);
        if (isMemory) {
            memory.add(c);
        }
        return c;
    }

    /** Memory ranges in the order they were claimed, for kind classification. */
    List<Claim> memoryClaims() {
        return memory;
    }

    /** The structural spans, sorted and de-duplicated, after {@link #finish}. */
    List<Span> structureSpans() {
        return structure;
    }

    /**
     * Resolves the claims into non-overlapping regions in file order, covering every byte that is not structure.
     * Memory kinds must be set before (stack marks are merged here).
     */
    List<Region> finish(long fileSize) throws MalformedDumpException {
        structure.sort(Comparator.comparingLong(Span::offset).thenComparingLong(Span::length));
        List<Span> spans = new ArrayList<>(structure.size());
        for (Span s : structure) {
            Span last = spans.isEmpty() ? null : spans.get(spans.size() - 1);
            if (last != null && s.offset() < last.end()) {
                if (s.offset() == last.offset() && s.length() == last.length()) {
                    continue;
                }
                throw collision(s.offset(), s.structure(), last.structure(), last.offset(), last.end());
            }
            spans.add(s);
        }
        structure.clear();
        structure.addAll(spans);

        payload.sort(CLAIM_ORDER);
        List<Claim> kept = new ArrayList<>(payload.size());
        for (Claim c : payload) {
            Claim last = kept.isEmpty() ? null : kept.get(kept.size() - 1);
            if (last != null && c.offset < last.end()) {
                boolean same = c.offset == last.offset && c.length == last.length;
                boolean stackInMemory = c.stackRef && last.memory && c.end() <= last.end();
                if (same && !last.memory && !c.memory && !c.stackRef && !last.stackRef) {
                    last.redactable &= c.redactable;
                    continue;
                }
                if (same && c.memory == last.memory && c.memory) {
                    throw collision(c.offset, c.structure, last.structure, last.offset, last.end());
                }
                if (same && (c.stackRef || last.stackRef) && (c.memory || last.memory || (c.stackRef && last.stackRef))) {
                    last.holdsStack = true;
                    continue;
                }
                if (stackInMemory) {
                    last.holdsStack = true;
                    continue;
                }
                throw collision(c.offset, c.structure, last.structure, last.offset, last.end());
            }
            kept.add(c);
        }

        int si = 0;
        for (Claim c : kept) {
            while (si < spans.size() && spans.get(si).end() <= c.offset) {
                si++;
            }
            if (si < spans.size() && spans.get(si).offset() < c.end()) {
                Span s = spans.get(si);
                throw collision(c.offset, c.structure, s.structure(), s.offset(), s.end());
            }
        }

        List<Region> regions = new ArrayList<>(kept.size() * 2 + 1);
        long pos = 0;
        int sp = 0;
        for (Claim c : kept) {
            sp = gaps(regions, pos, c.offset, spans, sp);
            RegionKind kind = c.holdsStack ? RegionKind.STACK : c.kind;
            long alignBase = c.address == Region.NO_ADDRESS ? c.offset : c.address;
            regions.add(new Region(c.offset, c.length, kind, c.address, alignBase, c.redactable, c.label));
            pos = c.end();
        }
        gaps(regions, pos, fileSize, spans, sp);
        return regions;
    }

    /** RAW regions for the bytes of [from, to) that no structural span covers. */
    private static int gaps(List<Region> out, long from, long to, List<Span> spans, int sp) {
        long pos = from;
        while (sp < spans.size() && spans.get(sp).end() <= pos) {
            sp++;
        }
        int i = sp;
        while (pos < to) {
            if (i < spans.size() && spans.get(i).offset() < to) {
                Span s = spans.get(i);
                if (s.offset() > pos) {
                    out.add(unclaimed(pos, s.offset() - pos));
                }
                pos = Math.max(pos, s.end());
                i++;
            } else {
                out.add(unclaimed(pos, to - pos));
                pos = to;
            }
        }
        return sp;
    }

    private static Region unclaimed(long offset, long length) {
        return new Region(offset, length, RegionKind.RAW, Region.NO_ADDRESS, offset, true, "unreferenced bytes");
    }

    private static MalformedDumpException collision(long offset, String structure, String other, long from, long to) {
        return new MalformedDumpException(offset, structure,
                String.format("overlaps %s at file range [0x%x, 0x%x)", other, from, to));
    }
}
