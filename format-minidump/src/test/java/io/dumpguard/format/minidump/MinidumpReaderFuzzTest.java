package io.dumpguard.format.minidump;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dumpguard.core.Region;
import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.io.MappedFile;
import io.dumpguard.core.spi.ScanContext;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any bytes either parse into regions that are ordered, disjoint and cover every non-structural byte, or are refused
 * with {@link InputRefusedException}; nothing else may escape. Runs its seeds in every build and fuzzes with
 * {@code JAZZER_FUZZ=1}; a crash found there becomes a named test below.
 */
class MinidumpReaderFuzzTest {
    private static final Path DIR = tempDir();

    private static Path tempDir() {
        try {
            Path d = Files.createTempDirectory("minidump-fuzz");
            d.toFile().deleteOnExit();
            return d;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void parseAndVisitRegions(byte[] data) throws IOException {
        check(data);
    }

    static void check(byte[] data) throws IOException {
        Path p = Files.createTempFile(DIR, "fuzz", ".dmp");
        try {
            Files.write(p, data);
            try (MappedFile f = MappedFile.open(p)) {
                MinidumpDump dump = new MinidumpFormat().parse(f, ScanContext.defaults());
                List<Region> visited = new ArrayList<>();
                dump.regions(visited::add);
                assertThat(visited).isEqualTo(dump.regionList());
                MinidumpFiles.assertRegionInvariants(dump, data.length);
                dump.description();
            } catch (InputRefusedException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        } finally {
            Files.deleteIfExists(p);
        }
    }

    /**
     * Every single-byte change of a structural byte of a typical synthetic dump (and of every 64th payload byte) is
     * parsed consistently or refused.
     */
    @Test
    void everyStructuralByteOfATypicalDumpMayBeCorrupted() throws Exception {
        byte[] good = MinidumpReaderTestDumps.typical();
        Path p = Files.createTempFile(DIR, "typical", ".dmp");
        Files.write(p, good);
        boolean[] payload = new boolean[good.length];
        for (Region r : MinidumpFiles.parse(p).regionList()) {
            java.util.Arrays.fill(payload, (int) r.offset(), (int) r.end(), true);
        }
        Files.delete(p);
        int mutated = 0;
        for (int i = 0; i < good.length; i++) {
            if (payload[i] && i % 64 != 0) {
                continue;
            }
            for (int v : new int[]{0x00, 0xff, good[i] + 1}) {
                byte[] bad = good.clone();
                bad[i] = (byte) v;
                check(bad);
                mutated++;
            }
        }
        assertThat(mutated).isGreaterThan(600);
    }
}
