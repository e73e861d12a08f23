package io.dumpguard.format.minidump;

import io.dumpguard.core.Region;
import io.dumpguard.core.RegionKind;
import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.error.MalformedDumpException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every third-party minidump in ../shared/corpus/minidump parses (or, for the two malformed ones, is refused). */
class MinidumpCorpusTest {
    @TempDir
    Path tmp;

    private static List<Path> files() throws IOException {
        List<Path> files = MinidumpFiles.corpusFiles();
        Assumptions.assumeFalse(files.isEmpty(), "shared minidump corpus not found (dumpguard.shared="
                + System.getProperty("dumpguard.shared") + "); skipping");
        return files;
    }

    private static boolean malformed(Path p) {
        return MinidumpFiles.MALFORMED.contains(p.getFileName().toString());
    }

    @TestFactory
    Stream<DynamicTest> wellFormedDumpsParseWithFullCoverage() throws IOException {
        return files().stream().filter(p -> !malformed(p)).map(p -> DynamicTest.dynamicTest(name(p), () -> {
            MinidumpDump dump = MinidumpFiles.parse(p);
            MinidumpFiles.assertRegionInvariants(dump, Files.size(p));
            assertThat(MinidumpFiles.parse(p).structure()).as("structure is stable").isEqualTo(dump.structure());
            Map<RegionKind, Long> bytes = new EnumMap<>(RegionKind.class);
            for (Region r : dump.regionList()) {
                bytes.merge(r.kind(), r.length(), Long::sum);
            }
            System.out.println(name(p) + ": " + dump.description() + " | " + bytes + " | "
                    + dump.structure().structureDigest().substring(0, 16));
            assertThat(dump.structure().counts()).containsKey("streams");
        }));
    }

    @TestFactory
    Stream<DynamicTest> malformedDumpsAreRefusedWithOffsetAndStructure() throws IOException {
        return files().stream().filter(MinidumpCorpusTest::malformed).map(p -> DynamicTest.dynamicTest(name(p), () ->
                assertThatThrownBy(() -> MinidumpFiles.parse(p))
                        .isInstanceOf(MalformedDumpException.class)
                        .hasMessageMatching("malformed \\S.* at offset 0x[0-9a-f]+: .*")
                        .satisfies(e -> System.out.println(name(p) + ": " + e.getMessage()))));
    }

    @TestFactory
    Stream<DynamicTest> truncatedCopiesAreRefused() throws IOException {
        return files().stream().filter(p -> !malformed(p)).map(p -> DynamicTest.dynamicTest(name(p), () -> {
            byte[] all = Files.readAllBytes(p);
            long end = lastClaimedByte(MinidumpFiles.parse(p), all.length);
            for (long cut : new long[]{0, 4, 31, 40, end / 3, end / 2, end - 1}) {
                Path t = tmp.resolve("cut-" + cut + "-" + p.getFileName());
                Files.write(t, java.util.Arrays.copyOf(all, (int) cut));
                assertThatThrownBy(() -> MinidumpFiles.parse(t)).as("cut at %d", cut)
                        .isInstanceOf(InputRefusedException.class);
            }
        }));
    }

    /** The end of the last structure or referenced payload: unreferenced trailing bytes may be cut harmlessly. */
    private static long lastClaimedByte(MinidumpDump dump, long size) {
        List<Region> regions = dump.regionList();
        long end = size;
        for (int i = regions.size() - 1; i >= 0; i--) {
            Region r = regions.get(i);
            if (r.end() == end && r.label().equals("unreferenced bytes")) {
                end = r.offset();
            } else {
                break;
            }
        }
        return end;
    }

    private static String name(Path p) {
        return p.getParent().getFileName() + "/" + p.getFileName();
    }
}
