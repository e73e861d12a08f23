package io.dumpguard.format.minidump;

import io.dumpguard.core.Region;
import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.io.MappedFile;
import io.dumpguard.core.spi.ScanContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Test helpers: the shared corpus, parsing a path, and the region invariants every parse must hold. */
final class MinidumpFiles {
    /** Fuzzer inputs from rust-minidump that are malformed on purpose. */
    static final List<String> MALFORMED = List.of("invalid-range.dmp", "invalid-record-count.dmp");

    private MinidumpFiles() {
    }

    static Path corpus() {
        String shared = System.getProperty("dumpguard.shared");
        return shared == null ? null : Path.of(shared, "corpus", "minidump");
    }

    static List<Path> corpusFiles() throws IOException {
        Path dir = corpus();
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".dmp")).sorted().toList();
        }
    }

    static MinidumpDump parse(Path p) throws IOException, InputRefusedException {
        try (MappedFile f = MappedFile.open(p)) {
            return new MinidumpFormat().parse(f, ScanContext.defaults());
        }
    }

    /** Regions are in file order, do not overlap, and with the structure bytes cover the whole file. */
    static void assertRegionInvariants(MinidumpDump dump, long fileSize) {
        long pos = 0;
        long covered = 0;
        for (Region r : dump.regionList()) {
            assertThat(r.offset()).as("region %s starts after the previous one", r.label()).isGreaterThanOrEqualTo(pos);
            assertThat(r.length()).isPositive();
            assertThat(r.end()).isLessThanOrEqualTo(fileSize);
            pos = r.end();
            covered += r.length();
        }
        long structure = dump.structure().counts().get("structureBytes");
        assertThat(covered + structure).as("regions + structure cover the file").isEqualTo(fileSize);
    }
}
