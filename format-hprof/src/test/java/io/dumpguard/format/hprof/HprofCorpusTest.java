package io.dumpguard.format.hprof;

import io.dumpguard.core.Policy;
import io.dumpguard.core.Region;
import io.dumpguard.core.error.MalformedDumpException;
import io.dumpguard.core.io.MappedFile;
import io.dumpguard.core.spi.ParsedDump;
import io.dumpguard.core.spi.ScanContext;
import io.dumpguard.core.spi.StructureSummary;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every third-party dump in ../shared/corpus/hprof parses, with pinned counts and digest, and refuses truncation. */
class HprofCorpusTest {
    /** file name -> {classes, instances, first 16 hex digits of the structural digest}. Pinned from a first run. */
    private static final Map<String, Object[]> PINNED = Map.of(
            "openjdk_jdk11_04_x64.hprof", new Object[]{1912, 129433, "e6af05c29547b841"},
            "oracle_jdk7_21_hprofagent.hprof", new Object[]{429, 3698, "f1ca3118b54480a2"},
            "oracle_jdk8_05_x64.hprof", new Object[]{603, 7920, "81d081b598f6b03a"},
            "sun_jdk5_13_x32.hprof", new Object[]{336, 544, "aae6984cc80ae517"},
            "sun_jdk6_30_x64_compressedOops.hprof", new Object[]{376, 1453, "4f64c2a20d0d9df8"},
            "hprof-32.bin", new Object[]{361, 1293, "8fd3ba48949d8d66"},
            "hprof-64.bin", new Object[]{474, 4149, "64b07cb196a756bf"},
            "example-java.hprof", new Object[]{504, 14484, "eca5065cf4148495"});

    @TempDir
    Path tmp;

    @Test
    void everyCorpusDumpParsesWithStableStructure() throws Exception {
        List<Path> dumps = HprofTestFiles.corpusDumps(tmp);
        Assumptions.assumeTrue(!dumps.isEmpty(), "shared corpus absent");
        for (Path p : dumps) {
            StructureSummary first;
            try (MappedFile f = MappedFile.open(p)) {
                ParsedDump d = HprofTestFiles.parse(f);
                first = d.structure();
                List<Region> regions = new ArrayList<>();
                d.regions(regions::add);
                assertThat(regions).as(p.getFileName().toString()).isNotEmpty();
                assertThat(HprofTestFiles.findings(d)).as(p.getFileName().toString()).isNotNull();
                long[] ranges = new long[2];
                for (Policy policy : Policy.values()) {
                    d.policyRanges(policy, ScanContext.defaults(), (o, l) -> {
                        assertThat(o).isBetween(0L, f.size());
                        ranges[0]++;
                        ranges[1] += l;
                    });
                }
            }
            try (MappedFile f = MappedFile.open(p)) {
                assertThat(HprofTestFiles.parse(f).structure()).isEqualTo(first);
            }
            Object[] pinned = PINNED.get(p.getFileName().toString());
            assertThat(pinned).as("pinned figures for " + p.getFileName()).isNotNull();
            {
                assertThat(first.counts().get("classes")).isEqualTo(((Number) pinned[0]).longValue());
                assertThat(first.counts().get("instances")).isEqualTo(((Number) pinned[1]).longValue());
                assertThat(first.structureDigest()).startsWith((String) pinned[2]);
            }
        }
    }

    @Test
    void truncatedCorpusDumpsAreRefusedWithAnOffset() throws Exception {
        List<Path> dumps = HprofTestFiles.corpusDumps(tmp);
        Assumptions.assumeTrue(!dumps.isEmpty(), "shared corpus absent");
        for (Path p : dumps) {
            long size = Files.size(p);
            for (long cut : new long[]{10, 40, size / 3 + 1, size / 2 + 3, size - 1}) {
                Path t = tmp.resolve("cut-" + cut + "-" + p.getFileName());
                try (var in = Files.newInputStream(p); var out = Files.newOutputStream(t)) {
                    out.write(in.readNBytes((int) cut));
                }
                try (MappedFile f = MappedFile.open(t)) {
                    assertThatThrownBy(() -> HprofTestFiles.parse(f))
                            .as(p.getFileName() + " cut at " + cut)
                            .isInstanceOf(MalformedDumpException.class)
                            .hasMessageContaining("offset 0x");
                }
                Files.delete(t);
            }
        }
    }
}
