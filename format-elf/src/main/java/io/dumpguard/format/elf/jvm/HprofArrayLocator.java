package io.dumpguard.format.elf.jvm;

import io.dumpguard.core.Finding;
import io.dumpguard.core.Region;
import io.dumpguard.core.RegionKind;
import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.error.MalformedDumpException;
import io.dumpguard.core.io.MappedFile;
import io.dumpguard.core.spi.ParsedDump;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds, for findings inside HPROF primitive-array payloads, the array's object id and element size. The HPROF
 * {@code PRIMITIVE ARRAY DUMP} sub-record is: tag 0x23, array object id (id size), stack trace serial (u4), number
 * of elements (u4), element type (u1), elements (big-endian) — so the header sits right before the payload a
 * structural finding starts at. The header is checked before its id is trusted.
 */
final class HprofArrayLocator {
    static final int PRIMITIVE_ARRAY_DUMP = 0x23;

    /** A finding with the array it lies in. */
    record PlacedFinding(Finding finding, long arrayId, int elemSize, long payloadOffset, long payloadLength) {
    }

    private final MappedFile hprof;
    private final ParsedDump heap;
    private final int idSize;

    HprofArrayLocator(MappedFile hprof, ParsedDump heap) throws MalformedDumpException {
        this.hprof = hprof;
        this.heap = heap;
        int z = 0;
        while (z < 64 && hprof.u1(z, "HPROF header") != 0) {
            z++;
        }
        this.idSize = (int) hprof.u32(z + 1, ByteOrder.BIG_ENDIAN, "HPROF header identifier size");
        if (idSize != 4 && idSize != 8) {
            throw MalformedDumpException.expected(z + 1, "HPROF header identifier size", "4 or 8", idSize);
        }
    }

    /**
     * The findings that lie in primitive arrays, with their arrays; others are left out. Structural findings start
     * at a payload, so the header right before the finding is tried first; the rest are matched to the heap's
     * array regions.
     */
    List<PlacedFinding> place(List<Finding> findings) throws InputRefusedException {
        List<PlacedFinding> out = new ArrayList<>();
        List<Finding> rest = new ArrayList<>();
        for (Finding f : findings) {
            PlacedFinding p = placeAt(f, f.offset(), Long.MAX_VALUE);
            if (p != null) {
                out.add(p);
            } else {
                rest.add(f);
            }
        }
        if (rest.isEmpty()) {
            return out;
        }
        rest.sort(Comparator.comparingLong(Finding::offset));
        int[] next = {0};
        heap.regions(r -> {
            while (next[0] < rest.size() && rest.get(next[0]).offset() < r.offset()) {
                next[0]++;
            }
            while (next[0] < rest.size() && rest.get(next[0]).offset() < r.end()) {
                Finding f = rest.get(next[0]++);
                if (r.kind() == RegionKind.HEAP_ARRAY && f.end() <= r.end()) {
                    PlacedFinding p = placeAt(f, r.offset(), r.length());
                    if (p != null) {
                        out.add(p);
                    }
                }
            }
        });
        return out;
    }

    /** The array whose payload starts at {@code p} when a valid header precedes it and holds the finding. */
    private PlacedFinding placeAt(Finding f, long p, long expectedLength) throws MalformedDumpException {
        long tagAt = p - 10 - idSize;
        if (tagAt < 0 || hprof.u1(tagAt, "PRIMITIVE ARRAY DUMP") != PRIMITIVE_ARRAY_DUMP) {
            return null;
        }
        int elemSize = elementSize(hprof.u1(p - 1, "PRIMITIVE ARRAY DUMP element type"));
        long count = hprof.u32(p - 5, ByteOrder.BIG_ENDIAN, "PRIMITIVE ARRAY DUMP count");
        long length = count * elemSize;
        if (elemSize == 0 || f.end() > p + length || (expectedLength != Long.MAX_VALUE && length != expectedLength)) {
            return null;
        }
        long id = idSize == 8 ? hprof.i64(p - 9 - idSize, ByteOrder.BIG_ENDIAN, "array id")
                : hprof.u32(p - 9 - idSize, ByteOrder.BIG_ENDIAN, "array id");
        return new PlacedFinding(f, id, elemSize, p, length);
    }

    /** HPROF basic types: boolean 4, char 5, float 6, double 7, byte 8, short 9, int 10, long 11. */
    static int elementSize(int type) {
        return switch (type) {
            case 4, 8 -> 1;
            case 5, 9 -> 2;
            case 6, 10 -> 4;
            case 7, 11 -> 8;
            default -> 0;
        };
    }
}
