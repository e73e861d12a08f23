package io.dumpguard.format.minidump;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every corpus minidump goes through the lead's engine: the well-formed ones sanitize (re-parse with an identical
 * structure, obj2yaml still decodes them), the malformed ones are refused with no output written.
 */
class MinidumpCorpusSanitizeTest {
    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> everyCorpusDumpSanitizesOrIsRefused() throws Exception {
        List<Path> files = MinidumpFiles.corpusFiles();
        Assumptions.assumeFalse(files.isEmpty(), "shared minidump corpus not found; skipping");
        EngineReflection engine = EngineReflection.load();
        Assumptions.assumeTrue(engine != null, "io.dumpguard.engine.Engine with its detectors is not loadable (absent from ~/.m2 or mid-reinstall)");
        Path obj2yaml = ExternalTools.find("obj2yaml");
        return files.stream().map(p -> DynamicTest.dynamicTest(p.getParent().getFileName() + "/" + p.getFileName(), () -> {
            Path out = tmp.resolve("sanitized-" + p.getFileName());
            EngineReflection.Outcome o = engine.sanitize(p, out, List.of());
            System.out.println(p.getFileName() + ": " + o);
            if (MinidumpFiles.MALFORMED.contains(p.getFileName().toString())) {
                assertThat(o.verdict()).isEqualToIgnoringCase("REFUSED");
                assertThat(o.refusal()).matches("malformed \\S.* at offset 0x[0-9a-f]+: .*");
                assertThat(out).doesNotExist();
                return;
            }
            assertThat(o.verdict()).as("refusal: %s", o.refusal()).isIn("REDACTED", "CLEAN");
            if (Files.exists(out)) {
                assertThat(Files.size(out)).isEqualTo(Files.size(p));
                assertThat(MinidumpFiles.parse(out).structure()).isEqualTo(MinidumpFiles.parse(p).structure());
                if (obj2yaml != null) {
                    ExternalTools.Result r = ExternalTools.run(tmp, tmp.resolve(p.getFileName() + ".yaml"),
                            List.of(obj2yaml.toString(), out.toString()));
                    assertThat(r.exitCode()).as("obj2yaml on the sanitized copy").isZero();
                }
            }
        }));
    }
}
