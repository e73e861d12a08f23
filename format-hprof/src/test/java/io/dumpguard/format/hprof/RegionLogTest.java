package io.dumpguard.format.hprof;

import io.dumpguard.core.Limits;
import io.dumpguard.core.Region;
import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.io.MappedFile;
import io.dumpguard.format.hprof.synth.SyntheticHeapDump;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The regions replayed from the parse's log are exactly those a walk finds, in the same order, whether the log holds
 * every region, stops at its bound part-way (a walk takes over at the record that did not fit) or has been taken
 * back (a walk does everything).
 */
class RegionLogTest {
    @TempDir
    Path tmp;

    /** Regions of {@code file} parsed with the given log (null: none, so a walk). */
    static List<Region> regions(MappedFile f, Supplier<RegionLog> log) throws InputRefusedException {
        HprofParsedDump d = new HprofParsedDump(f, Limits.DEFAULT, HprofParser.parse(f, Limits.DEFAULT, log));
        List<Region> out = new ArrayList<>();
        d.regions(out::add);
        return out;
    }

    /**
     * A replay for a pass that wants only some spans of the file ({@code OffsetFilter}) hands over, in file order,
     * walked regions only, and every walked region that meets a wanted span: for random spans, with the log
     * {@code log} makes (complete, or ended part-way by its bound, so that a walk takes over).
     */
    static void assertFilteredReplayKeepsEveryRegionItMeets(MappedFile f, Supplier<RegionLog> log,
                                                            List<Region> walked, int tries)
            throws InputRefusedException {
        HprofParsedDump d = new HprofParsedDump(f, Limits.DEFAULT, HprofParser.parse(f, Limits.DEFAULT, log));
        long[] walkedOffsets = walked.stream().mapToLong(Region::offset).toArray(); // in file order
        java.util.Random r = new java.util.Random(f.size());
        for (int t = 0; t < tries; t++) {
            long[] spans = new long[2 * r.nextInt(4)];
            for (int i = 0; i < spans.length; i += 2) {
                spans[i] = (long) (r.nextDouble() * f.size());
                spans[i + 1] = spans[i] + 1 + r.nextInt(1 << 16);
            }
            io.dumpguard.core.spi.OffsetFilter only = (from, to) -> {
                for (int i = 0; i < spans.length; i += 2) {
                    if (from < spans[i + 1] && spans[i] < to) {
                        return true;
                    }
                }
                return false;
            };
            List<Region> got = new ArrayList<>();
            d.regions(got::add, only);
            long last = -1;
            for (Region x : got) {
                int i = java.util.Arrays.binarySearch(walkedOffsets, x.offset());
                assertThat(i >= 0 ? walked.get(i) : null).as("only what a walk finds").isEqualTo(x);
                assertThat(x.offset()).as("in file order").isGreaterThan(last);
                last = x.offset();
            }
            long[] gotOffsets = got.stream().mapToLong(Region::offset).toArray();
            for (Region x : walked) {
                if (only.meets(x.offset(), x.offset() + x.length())) {
                    assertThat(java.util.Arrays.binarySearch(gotOffsets, x.offset()))
                            .as("region at %d meeting %s", x.offset(), java.util.Arrays.toString(spans))
                            .isNotNegative();
                }
            }
        }
    }

    /** Asserts that every way of producing the regions gives the walk's list, and returns it. */
    static List<Region> assertReplayEqualsWalk(MappedFile f) throws InputRefusedException {
        return assertReplayEqualsWalk(f, 12);
    }

    /** @param tries random sets of wanted spans for the filtered replays */
    static List<Region> assertReplayEqualsWalk(MappedFile f, int tries) throws InputRefusedException {
        List<Region> walked = regions(f, null);
        assertThat(regions(f, RegionLog::new)).as("complete log").isEqualTo(walked);
        assertFilteredReplayKeepsEveryRegionItMeets(f, RegionLog::new, walked, tries);
        // bounds that end the log in the first record, part-way and not at all; small chunks exercise chunk ends
        for (int max : new int[] {64, 256, 4096, 1 << 16}) {
            assertThat(regions(f, () -> new RegionLog(max, 64))).as("log of %d bytes", max).isEqualTo(walked);
        }
        if (tries > 2) { // a partial log makes each filtered pass walk most of the file: synthetic dumps only
            assertFilteredReplayKeepsEveryRegionItMeets(f, () -> new RegionLog(4096, 64), walked, tries);
        }
        HprofParser.Result released = HprofParser.parse(f, Limits.DEFAULT, RegionLog::new);
        released.regionLog().release();
        List<Region> afterRelease = new ArrayList<>();
        new HprofParsedDump(f, Limits.DEFAULT, released).regions(afterRelease::add);
        assertThat(afterRelease).as("released log").isEqualTo(walked);
        // a parse whose regions the engine takes from elsewhere keeps no log: asked anyway, it walks; same structure
        io.dumpguard.core.spi.ParsedDump elsewhere = new HprofFormat().parse(f, io.dumpguard.core.spi.ScanContext
                .defaults().withOption(io.dumpguard.core.spi.ScanContext.REGIONS_ELSEWHERE, "true"));
        List<Region> walkedAgain = new ArrayList<>();
        elsewhere.regions(walkedAgain::add);
        assertThat(walkedAgain).as("no log kept").isEqualTo(walked);
        assertThat(elsewhere.structure()).isEqualTo(
                new HprofFormat().parse(f, io.dumpguard.core.spi.ScanContext.defaults()).structure());
        return walked;
    }

    @ParameterizedTest
    @CsvSource({"1.0.2, 8", "1.0.2, 4", "1.0.1, 8", "1.0.3, 4"})
    void replayedRegionsAreTheWalkedOnes(String version, int idSize) throws Exception {
        Path file = tmp.resolve("log-" + version + "-" + idSize + ".hprof");
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        SyntheticHeapDump.builder().version(version).idSize(idSize).fillerBytes(3 << 20)
                .plantRsa((RSAPrivateCrtKey) g.generateKeyPair().getPrivate(), 0.4)
                .plantPassword("correct horse battery".toCharArray(), 0.8).write(file);
        try (MappedFile f = MappedFile.open(file)) {
            assertThat(assertReplayEqualsWalk(f)).hasSizeGreaterThan(1000);
        }
    }

    @Test
    void aDumpWithManySegmentsIsLoggedPartlyAndWalkedForTheRest() throws Exception {
        Path file = tmp.resolve("segments.hprof");
        SyntheticHeapDump.builder().fillerBytes(24 << 20).write(file);
        try (MappedFile f = MappedFile.open(file)) {
            List<Region> walked = regions(f, null);
            HprofParser.Result r = HprofParser.parse(f, Limits.DEFAULT, () -> new RegionLog(64 << 10, 4096));
            assertThat(r.regionLog().resumeOffset()).as("the bound ends the log in a later segment")
                    .isGreaterThan(HprofHeader.MAGIC_LENGTH + 12L);
            assertThat(r.regionLog().bytes()).isLessThanOrEqualTo(64 << 10);
            List<Region> out = new ArrayList<>();
            new HprofParsedDump(f, Limits.DEFAULT, r).regions(out::add);
            assertThat(out).isEqualTo(walked);
            assertFilteredReplayKeepsEveryRegionItMeets(f, RegionLog::new, walked, 12); // about 50 stretches
            assertFilteredReplayKeepsEveryRegionItMeets(f, () -> new RegionLog(64 << 10, 4096), walked, 12);
            HprofParser.Result complete = HprofParser.parse(f, Limits.DEFAULT, RegionLog::new);
            assertThat(complete.regionLog().resumeOffset()).isEqualTo(-1);
            assertThat(walked).hasSizeGreaterThan(50_000);
            assertThat(complete.regionLog().bytes()).as("all in one chunk").isEqualTo(RegionLog.CHUNK);
        }
    }

    @Test
    void realHeapDumpsReplayTheWalkedRegions() throws Exception {
        ChildJvmDumps.Dump dump = ChildJvmDumps.run(ChildJvmDumps.currentJdk(), tmp);
        try (MappedFile f = MappedFile.open(dump.file())) {
            assertThat(assertReplayEqualsWalk(f)).isNotEmpty();
        }
        for (Path p : HprofTestFiles.corpusDumps(tmp)) {
            try (MappedFile f = MappedFile.open(p)) {
                assertReplayEqualsWalk(f, 2);
            } catch (InputRefusedException refused) {
                // corpus files the reader refuses are covered by HprofCorpusTest
            }
        }
    }
}
