package io.dumpguard.format.hprof;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dumpguard.core.Policy;
import io.dumpguard.core.Region;
import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.io.MappedFile;
import io.dumpguard.core.spi.ParsedDump;
import io.dumpguard.core.spi.ScanContext;
import io.dumpguard.core.spi.StructureSummary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Jazzer fuzzers over the whole reader (parse, regions, structural findings, every policy's ranges). The only
 * accepted failure is {@link InputRefusedException}, and the regions replayed from the parse's log must equal the
 * walked ones. Runs the seeds in src/test/resources as regression tests in a normal build; {@code JAZZER_FUZZ=1}
 * fuzzes. Crashes become named tests in {@link HprofFuzzRegressionTest}.
 */
class HprofReaderFuzzTest {
    private static final Path FILE;

    static {
        try {
            FILE = Files.createTempFile("hprof-fuzz", ".hprof");
            FILE.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Arbitrary bytes as a whole file. */
    @FuzzTest(maxDuration = "30s")
    void arbitraryFile(byte[] data) throws IOException {
        readAll(data);
    }

    /** A valid header (version, id size chosen by the fuzzer) followed by arbitrary records. */
    @FuzzTest(maxDuration = "30s")
    void validHeaderArbitraryRecords(FuzzedDataProvider fuzz) throws IOException {
        String version = fuzz.pickValue(new String[]{"1.0.1", "1.0.2", "1.0.3"});
        int idSize = fuzz.consumeBoolean() ? 8 : 4;
        byte[] magic = ("JAVA PROFILE " + version + "\0").getBytes(StandardCharsets.US_ASCII);
        byte[] rest = fuzz.consumeRemainingAsBytes();
        ByteBuffer b = ByteBuffer.allocate(magic.length + 12 + rest.length);
        b.put(magic).putInt(idSize).putLong(0).put(rest);
        readAll(b.array());
    }

    /**
     * A sanitized copy's structure check ({@link HprofFormat#parseCopy}, every block counted as written in) on copies
     * of a small heap dump with one to four bytes set anywhere: it fails only by refusing, and never accepts a copy
     * whose structure the digests tell apart from the input's (other counts, another digest, or no parse at all).
     */
    @FuzzTest(maxDuration = "30s")
    void copyWithBytesChanged(FuzzedDataProvider fuzz) throws IOException {
        byte[] copy = FIXTURE.clone();
        for (int i = fuzz.consumeInt(1, 4); i > 0; i--) {
            copy[fuzz.consumeInt(0, copy.length - 1)] = fuzz.consumeByte();
        }
        Files.write(FILE, copy);
        try (MappedFile c = MappedFile.open(FILE); MappedFile in = MappedFile.open(FIXTURE_FILE)) {
            StructureSummary compared = new HprofFormat().parseCopy(c, ScanContext.defaults(), in, (a, b) -> a < b)
                    .structure();
            if (!compared.counts().equals(FIXTURE_STRUCTURE.counts())) {
                return; // the caller refuses a copy whose counts differ
            }
        } catch (InputRefusedException refused) {
            return;
        }
        try (MappedFile c = MappedFile.open(FILE)) {
            if (!FIXTURE_STRUCTURE.differences(new HprofFormat().parse(c, ScanContext.defaults()).structure())
                    .isEmpty()) {
                throw new IllegalStateException("the comparison accepted a copy whose structural digest differs");
            }
        } catch (InputRefusedException e) {
            throw new IllegalStateException("the comparison accepted a copy that does not parse", e);
        }
    }

    /** {@link StructureComparisonTest}'s heap dump: the input of {@link #copyWithBytesChanged}'s copies. */
    private static final Path FIXTURE_FILE;
    private static final byte[] FIXTURE;
    private static final StructureSummary FIXTURE_STRUCTURE;

    static {
        try {
            FIXTURE_FILE = Files.createTempFile("hprof-fuzz-input", ".hprof");
            FIXTURE_FILE.toFile().deleteOnExit();
            StructureComparisonTest.writeFixture(FIXTURE_FILE);
            FIXTURE = Files.readAllBytes(FIXTURE_FILE);
            try (MappedFile in = MappedFile.open(FIXTURE_FILE)) {
                FIXTURE_STRUCTURE = new HprofFormat().parse(in, ScanContext.defaults()).structure();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InputRefusedException e) {
            throw new IllegalStateException("the fixture does not parse", e);
        }
    }

    static void readAll(byte[] data) throws IOException {
        Files.write(FILE, data);
        try (MappedFile f = MappedFile.open(FILE)) {
            ParsedDump d = new HprofFormat().parse(f, ScanContext.defaults());
            d.structure();
            d.description();
            d.regions(r -> {
                if (r.end() > f.size()) {
                    throw new IllegalStateException("region past the end");
                }
            });
            d.structuralFindings(ScanContext.defaults(), fi -> {
                if (fi.end() > f.size()) {
                    throw new IllegalStateException("finding past the end");
                }
            });
            for (Policy p : Policy.values()) {
                d.policyRanges(p, ScanContext.defaults(), (o, l) -> {
                    if (o < 0 || l < 0 || o + l > f.size()) {
                        throw new IllegalStateException("range past the end");
                    }
                });
            }
            d.notes();
            // the parse-time region log replays what a walk finds, also when its bound cuts it short
            List<Region> walked = RegionLogTest.regions(f, null);
            if (!RegionLogTest.regions(f, RegionLog::new).equals(walked)
                    || !RegionLogTest.regions(f, () -> new RegionLog(128, 64)).equals(walked)) {
                throw new IllegalStateException("replayed regions differ from the walked ones");
            }
        } catch (InputRefusedException expected) {
            // the documented outcome for bad input
        }
    }
}
