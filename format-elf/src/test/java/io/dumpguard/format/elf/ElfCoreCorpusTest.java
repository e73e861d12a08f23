package io.dumpguard.format.elf;

import io.dumpguard.core.Region;
import io.dumpguard.core.RegionKind;
import io.dumpguard.core.io.MappedFile;
import io.dumpguard.core.Verdict;
import io.dumpguard.core.spi.StructureSummary;
import io.dumpguard.engine.Engine;
import io.dumpguard.engine.Report;
import io.dumpguard.engine.RunOptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every third-party core in ../shared/corpus/elfcore parses, covers its segments, is sanitized by the engine with the
 * same structure, and keeps its structure even when every redactable byte is zeroed.
 */
class ElfCoreCorpusTest {
    @TempDir
    Path tmp;

    static List<Path> corpus() throws IOException {
        return CoreTestSupport.corpusFiles();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void parsesCoversAndKeepsStructureWhenEveryRedactableByteIsZeroed(Path source) throws Exception {
        Path core = CoreTestSupport.materialize(source, tmp);
        StructureSummary before;
        List<long[]> redactable = new ArrayList<>();
        try (MappedFile f = MappedFile.open(core)) {
            ElfCoreDump d = CoreTestSupport.parse(f);
            CoreTestSupport.checkInvariants(d, f.size());
            before = d.structure();
            assertThat(CoreTestSupport.parse(f).structure()).as("stable across parses").isEqualTo(before);
            assertThat(before.counts().get("segments.PT_LOAD")).isEqualTo(d.segmentCount());
            assertThat(d.description()).contains("core");
            List<Region> rs = CoreTestSupport.regions(d);
            assertThat(rs).anyMatch(r -> r.kind() == RegionKind.REGISTERS);
            for (Region r : rs) {
                if (r.redactable()) {
                    redactable.add(new long[] {r.offset(), r.length()});
                }
            }
        }
        // The engine sanitizes and verifies it (re-parse, same structure, re-scan).
        Path out = tmp.resolve("sanitized");
        Report report = Engine.loadPlugins().sanitize(core, out, RunOptions.defaults());
        assertThat(report.refusal()).as("refusal").isNull();
        assertThat(report.verdict()).isIn(Verdict.CLEAN, Verdict.REDACTED);
        try (MappedFile f = MappedFile.open(out)) {
            assertThat(CoreTestSupport.parse(f).structure().differences(before)).isEmpty();
        }
        // The worst a sanitizer may do is zero every redactable byte: the structure must not notice.
        Path zeroed = CoreTestSupport.zeroCopy(core, tmp.resolve("zeroed"), redactable);
        try (MappedFile f = MappedFile.open(zeroed)) {
            ElfCoreDump d = CoreTestSupport.parse(f);
            assertThat(d.structure().differences(before)).isEmpty();
            CoreTestSupport.checkInvariants(d, f.size());
        }
    }
}
