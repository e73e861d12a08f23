package io.dumpguard.format.elf;

import io.dumpguard.core.Limits;
import io.dumpguard.core.Region;
import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.io.MappedFile;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Corpus access, parsing and the invariants every parsed core must satisfy. */
final class CoreTestSupport {
    private CoreTestSupport() {
    }

    static Path corpusDir() {
        String shared = System.getProperty("dumpguard.shared");
        Path dir = shared == null ? null : Path.of(shared, "corpus", "elfcore");
        Assumptions.assumeTrue(dir != null && Files.isDirectory(dir),
                "shared corpus not present (dumpguard.shared=" + shared + ")");
        return dir;
    }

    static List<Path> corpusFiles() throws IOException {
        try (Stream<Path> s = Files.walk(corpusDir())) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".md")).sorted()
                    .toList();
        }
    }

    /** The corpus file itself, or its decompressed copy in {@code tmp} for a .bz2. */
    static Path materialize(Path p, Path tmp) throws IOException {
        String name = p.getFileName().toString();
        if (!name.endsWith(".bz2")) {
            return p;
        }
        Path out = tmp.resolve(name.substring(0, name.length() - 4));
        try (InputStream in = new BZip2CompressorInputStream(Files.newInputStream(p));
             OutputStream o = Files.newOutputStream(out)) {
            in.transferTo(o);
        }
        return out;
    }

    static ElfCoreDump parse(MappedFile f) throws InputRefusedException {
        return ElfCoreReader.read(f, Limits.DEFAULT);
    }

    static List<Region> regions(ElfCoreDump d) throws InputRefusedException {
        List<Region> out = new ArrayList<>();
        d.regions(out::add);
        return out;
    }

    /**
     * Regions in file order and disjoint; the walk covers every byte exactly once; every PT_LOAD's present bytes
     * are covered by regions carrying its addresses.
     */
    static void checkInvariants(ElfCoreDump d, long fileSize) throws InputRefusedException {
        List<Region> rs = regions(d);
        long prevEnd = 0;
        for (Region r : rs) {
            assertThat(r.offset()).as("region order at %s", r.label()).isGreaterThanOrEqualTo(prevEnd);
            assertThat(r.length()).isPositive();
            prevEnd = r.end();
        }
        assertThat(prevEnd).isLessThanOrEqualTo(fileSize);
        long[] pos = {0};
        d.walk((off, len, r) -> {
            assertThat(off).as("walk is contiguous").isEqualTo(pos[0]);
            pos[0] = off + len;
        });
        assertThat(pos[0]).isEqualTo(fileSize);
        for (int s = 0; s < d.segmentCount(); s++) {
            ElfCoreDump.Segment seg = d.segment(s);
            for (long o = seg.offset(); o < seg.offset() + seg.present(); ) {
                long at = o;
                Region r = rs.stream().filter(x -> x.contains(at, 1)).findFirst().orElseThrow(
                        () -> new AssertionError("segment byte 0x" + Long.toHexString(at) + " not in a region"));
                assertThat(r.addressOf(at)).isEqualTo(seg.vaddr() + (at - seg.offset()));
                assertThat(d.fileOffsetOf(seg.vaddr() + (at - seg.offset())).getAsLong()).isEqualTo(at);
                o = Math.min(r.end(), seg.offset() + seg.present());
            }
        }
    }

    /** Overwrites every given range with zeros in a copy of {@code in}. */
    static Path zeroCopy(Path in, Path out, List<long[]> ranges) throws IOException {
        Files.copy(in, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.WRITE)) {
            for (long[] r : ranges) {
                ByteBuffer z = ByteBuffer.allocate((int) r[1]);
                ch.write(z, r[0]);
            }
        }
        return out;
    }

    /** Patches bytes of a copy. */
    static Path patched(Path in, Path out, long offset, byte[] bytes) throws IOException {
        Files.copy(in, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), offset);
        }
        return out;
    }

    static byte[] le(long v, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }
}
