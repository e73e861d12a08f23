package io.dumpguard.format.elf.jvm;

import io.dumpguard.core.Finding;
import io.dumpguard.core.error.MalformedDumpException;
import io.dumpguard.core.io.MappedFile;
import io.dumpguard.format.elf.ElfCoreDump;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;

/**
 * Maps a finding in an HPROF array payload to the same bytes in the core. The array's object id is its address;
 * the payload starts after the array header, whose size depends on the JVM's flags (16 bytes on x86-64 with
 * compressed class pointers, 12 or 16 with compact object headers, 20 or 24 without compressed class pointers),
 * so each candidate is tried and the one whose bytes equal the HPROF payload — elements byte-reversed on a
 * little-endian core — wins. Nothing is reported on a mismatch.
 */
final class CoreArrayMapper {
    static final int[] HEADER_CANDIDATES = {16, 12, 20, 24, 8};
    /** Largest payload compared whole; longer arrays compare the finding's elements only. */
    static final int MAX_FULL_COMPARE = 1 << 20;

    private final ElfCoreDump core;
    private final MappedFile hprof;
    /** A reader of the core of its own: this runs beside the engine's scan, which reads through the core's. */
    private final MappedFile coreBytes;
    private final boolean littleEndian;

    CoreArrayMapper(ElfCoreDump core, MappedFile hprof, MappedFile coreBytes) {
        this.core = core;
        this.hprof = hprof;
        this.coreBytes = coreBytes;
        this.littleEndian = core.header().order() == ByteOrder.LITTLE_ENDIAN;
    }

    Optional<Finding> map(HprofArrayLocator.PlacedFinding p) throws MalformedDumpException {
        Finding f = p.finding();
        int e = p.elemSize();
        long from = ((f.offset() - p.payloadOffset()) / e) * e;
        long to = Math.min(p.payloadLength(), ((f.end() - p.payloadOffset() + e - 1) / e) * e);
        boolean whole = p.payloadLength() <= MAX_FULL_COMPARE;
        long cmpFrom = whole ? 0 : from;
        long cmpTo = whole ? p.payloadLength() : to;
        if (cmpTo - cmpFrom > Integer.MAX_VALUE - 8) {
            return Optional.empty();
        }
        byte[] expected = inCoreOrder(hprof.bytes(p.payloadOffset() + cmpFrom, (int) (cmpTo - cmpFrom), "HPROF array"), e);
        for (int h : HEADER_CANDIDATES) {
            long base = p.arrayId() + h;
            int seg = core.segmentHolding(base, p.payloadLength());
            if (seg < 0) {
                continue;
            }
            long off = core.fileOffsetOf(base).orElseThrow();
            byte[] actual = coreBytes.bytes(off + cmpFrom, expected.length, "core Java array");
            if (Arrays.equals(actual, expected)) {
                String enc = e == 1 ? f.encoding() : e == 4 && littleEndian ? "word-swapped"
                        : littleEndian ? "native-little-endian" : f.encoding();
                Finding g = Finding.in(core.segmentRegion(seg), f.detector(), off + from, to - from, enc,
                        f.description() + String.format(" (Java heap via jhsdb, array at 0x%x)", p.arrayId()),
                        f.secrets());
                return Optional.of(g.withFingerprint(f.fingerprint()).withRegisteredKey(f.registeredKey()));
            }
        }
        return Optional.empty();
    }

    /** HPROF big-endian elements in the core's byte order. */
    private byte[] inCoreOrder(byte[] be, int e) {
        if (!littleEndian || e == 1) {
            return be;
        }
        byte[] r = new byte[be.length];
        for (int i = 0; i + e <= be.length; i += e) {
            for (int j = 0; j < e; j++) {
                r[i + j] = be[i + e - 1 - j];
            }
        }
        return r;
    }
}
