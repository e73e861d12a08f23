package io.dumpguard.format.elf;

import io.dumpguard.core.RegionKind;

import java.util.OptionalLong;

/**
 * The {@code PT_LOAD} table in columns (a core may have hundreds of thousands of segments; one object per segment
 * would cost more than the columns). {@code present} is the part of {@code p_filesz} the file really holds: less
 * only for a truncated last segment.
 */
final class LoadSegments {
    final int n;
    final long[] offset;
    final long[] filesz;
    final long[] present;
    final long[] vaddr;
    final long[] memsz;
    final int[] flags;
    final int[] phdrIndex;
    final RegionKind[] kind;
    final int[] fileIndex;
    int[] byOffset;
    int[] byVaddr;

    LoadSegments(int n) {
        this.n = n;
        offset = new long[n];
        filesz = new long[n];
        present = new long[n];
        vaddr = new long[n];
        memsz = new long[n];
        flags = new int[n];
        phdrIndex = new int[n];
        kind = new RegionKind[n];
        fileIndex = new int[n];
    }

    void index() {
        byOffset = IndexSort.byUnsigned(offset);
        int[] all = IndexSort.byUnsigned(vaddr);
        // Segments without memory cannot hold an address; leaving them out keeps the binary search exact.
        byVaddr = java.util.Arrays.stream(all).filter(i -> memsz[i] != 0).toArray();
    }

    /** Index of the segment whose memory range {@code [vaddr, vaddr+memsz)} contains {@code addr}, or -1. */
    int findMemory(long addr) {
        int s = lastAtOrBelow(addr);
        return s >= 0 && Long.compareUnsigned(addr - vaddr[s], memsz[s]) < 0 ? s : -1;
    }

    /** Index of the segment whose present file bytes hold {@code addr}, or -1. */
    int findPresent(long addr) {
        int s = lastAtOrBelow(addr);
        return s >= 0 && Long.compareUnsigned(addr - vaddr[s], present[s]) < 0 ? s : -1;
    }

    OptionalLong fileOffsetOf(long addr) {
        int s = findPresent(addr);
        return s < 0 ? OptionalLong.empty() : OptionalLong.of(offset[s] + (addr - vaddr[s]));
    }

    /** The largest-vaddr segment starting at or below {@code addr} (segments do not overlap in memory). */
    private int lastAtOrBelow(long addr) {
        int lo = 0;
        int hi = byVaddr.length - 1;
        int best = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(vaddr[byVaddr[mid]], addr) <= 0) {
                best = byVaddr[mid];
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return best;
    }
}
