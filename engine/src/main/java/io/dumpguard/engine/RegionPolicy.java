package io.dumpguard.engine;

import io.dumpguard.core.Policy;
import io.dumpguard.core.RegionKind;
import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.io.MappedFile;
import io.dumpguard.core.spi.ParsedDump;
import io.dumpguard.core.spi.RangeSink;

import java.util.EnumSet;
import java.util.Set;

/**
 * The strict and paranoid policies for formats without object structure (native cores, minidumps, raw images),
 * in terms of regions: paranoid overwrites every redactable region that can hold process data (everything but
 * module images, names and directories), as allow-list sanitizers do; strict overwrites the 64-byte blocks of those
 * regions whose bytes look random (key material, ciphertext, random tokens) and keeps structured data (pointers,
 * text, small integers, zero pages) that debugging needs.
 */
final class RegionPolicy {
    static final int BLOCK = 64;
    /** Bits of byte entropy above which a 64-byte block counts as random; random data scores about 5.7 here. */
    static final double RANDOM_BITS = 5.2;
    private static final Set<RegionKind> DATA = EnumSet.of(RegionKind.ANON_MEMORY, RegionKind.STACK,
            RegionKind.REGISTERS, RegionKind.ENVIRONMENT, RegionKind.COMMAND_LINE, RegionKind.TEXT, RegionKind.RAW,
            RegionKind.HEAP_ARRAY, RegionKind.HEAP_FIELDS);

    private RegionPolicy() {
    }

    static void apply(ParsedDump dump, MappedFile file, Policy policy, RangeSink sink) throws InputRefusedException {
        if (policy == Policy.TARGETED) {
            return;
        }
        byte[] block = new byte[BLOCK];
        int[] counts = new int[256];
        dump.regions(r -> {
            if (!r.redactable() || !DATA.contains(r.kind())) {
                return;
            }
            if (policy == Policy.PARANOID) {
                sink.overwrite(r.offset(), r.length());
                return;
            }
            for (long off = r.offset(); off + BLOCK <= r.end(); off += BLOCK) {
                file.read(off, block, 0, BLOCK, "region " + r.label());
                if (looksRandom(block, counts)) {
                    sink.overwrite(off, BLOCK);
                }
            }
        });
    }

    static boolean looksRandom(byte[] b, int[] counts) {
        java.util.Arrays.fill(counts, 0);
        for (byte x : b) {
            counts[x & 0xff]++;
        }
        double h = 0;
        for (int c : counts) {
            if (c > 0) {
                double p = (double) c / b.length;
                h -= p * (Math.log(p) / Math.log(2));
            }
        }
        return h >= RANDOM_BITS;
    }
}
