package io.dumpguard.engine;

import io.dumpguard.core.Finding;
import io.dumpguard.core.Verdict;
import io.dumpguard.core.raw.RawFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs of zero pages are left out of the scan (a JVM core is mostly untouched heap), and that changes no result: a
 * secret anywhere, also right before or after a long run of zeros, or at a run's page-unaligned edge, is found,
 * copies included, exactly as in a scan of every byte.
 */
class ZeroRunSkipTest {
    private static final byte[] TOKEN = "TOKEN=qwertyuiopasdfgh".getBytes(StandardCharsets.US_ASCII);
    /** Two pieces: the run-skipping also meets the overlap between pieces. */
    private static final int SIZE = RegionScanner.CHUNK + (2 << 20);

    private final Engine engine = new Engine(List.of(new RawFormat()),
            List.of(new LiteralDetectorFactory(), new CopyPropagationFactory()));

    @Property(tries = 25)
    void secretsAmongLongZeroRunsAreAllFound(@ForAll @Size(min = 1, max = 4) List<@IntRange(min = 0,
            max = SIZE - 32) Integer> tokens, @ForAll @IntRange(min = 0, max = SIZE - 16) int copyAt) throws IOException {
        byte[] image = new byte[SIZE];
        TreeSet<Integer> expected = new TreeSet<>();
        List<int[]> used = new ArrayList<>();
        for (int at : tokens) {
            if (overlaps(used, at, TOKEN.length)) {
                continue;
            }
            System.arraycopy(TOKEN, 0, image, at, TOKEN.length);
            used.add(new int[] {at, at + TOKEN.length});
            expected.add(at + 6);
        }
        boolean copied = !overlaps(used, copyAt - 8, 16 + 16);
        if (copied) {
            System.arraycopy(TOKEN, 6, image, copyAt, 16);
            expected.add(copyAt);
        }
        withImage(image, (dir, f) -> {
            Report r = engine.scan(f, RunOptions.defaults());
            assertThat(r.verdict()).isEqualTo(Verdict.FINDINGS);
            assertThat(r.findings().stream().map(Finding::offset).map(Long::intValue).toList())
                    .containsExactlyElementsOf(expected);
            // a 10 MiB image with at most five short plants has runs far longer than the overlap: most is skipped
            assertThat(r.proof()).anyMatch(line -> line.contains("bytes in runs of zero pages were not scanned"));
        });
    }

    @Property(tries = 10)
    void aSecretAtAZeroRunsEdgeIsRedactedAndTheCopyVerifies(@ForAll @IntRange(min = 0, max = 8192) int slack)
            throws IOException {
        byte[] image = new byte[SIZE];
        // one token right after a run of zeros longer than the overlap, its copy right before another such run
        int at = (2 << 20) + slack;
        int copyAt = (4 << 20) - 16 - slack;
        System.arraycopy(TOKEN, 0, image, at, TOKEN.length);
        System.arraycopy(TOKEN, 6, image, copyAt, 16);
        withImage(image, (dir, f) -> {
            Path out = dir.resolve("clean.raw");
            Report r = engine.sanitize(f, out, RunOptions.defaults());
            assertThat(r.verdict()).as(r.refusal()).isEqualTo(Verdict.REDACTED);
            assertThat(r.findings()).extracting(Finding::offset).containsExactly((long) at + 6, (long) copyAt);
            byte[] o = Files.readAllBytes(out);
            assertThat(o).hasSameSizeAs(image);
            assertThat(new String(o, StandardCharsets.ISO_8859_1)).doesNotContain("qwertyuiopasdfgh").contains("TOKEN=");
            // the copy left the zero blocks as holes and verification did not read them: still exactly the input
            // with the two secrets zeroed, and the digest in the report is the file's own
            byte[] expected = image.clone();
            java.util.Arrays.fill(expected, at + 6, at + 22, (byte) 0);
            java.util.Arrays.fill(expected, copyAt, copyAt + 16, (byte) 0);
            assertThat(o).isEqualTo(expected);
            assertThat(r.outputSha256()).isEqualTo(Digests.sha256(out));
        });
    }

    /** A match may begin with zero bytes: one that starts in the last zeros of a run is found. */
    @Property(tries = 5)
    void aMatchThatStartsInsideAZeroRunIsFound(@ForAll @IntRange(min = 1, max = 64) int pages) throws IOException {
        byte[] image = new byte[SIZE];
        int magicAt = (3 << 20) + pages * 4096; // page-aligned: the zeros before it end the previous, all-zero page
        byte[] magic = "MAGIC!".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, image, magicAt, magic.length);
        Engine zeros = new Engine(List.of(new RawFormat()), List.of(new ZeroPrefixedFactory(magic, 4 + magic.length)));
        withImage(image, (dir, f) -> {
            Report r = zeros.scan(f, RunOptions.defaults());
            assertThat(r.findings()).extracting(Finding::offset).containsExactly((long) magicAt - 4);
        });
    }

    /**
     * A detector that declares matches longer than the skipped runs' minimum: the segments around a run still never
     * overlap in the batch (packed scans require it; this detector checks it), and nothing is lost.
     */
    @Property(tries = 5)
    void longMatchesKeepSegmentsApart(@ForAll @IntRange(min = 1, max = 64) int pages) throws IOException {
        byte[] image = new byte[SIZE];
        byte[] magic = "MAGIC!".getBytes(StandardCharsets.US_ASCII);
        int first = (1 << 20) + pages * 4096;
        int second = first + (1 << 20); // a run between them longer than overlap + 256 KiB, shorter than twice
        System.arraycopy(magic, 0, image, first, magic.length);
        System.arraycopy(magic, 0, image, second, magic.length);
        Engine zeros = new Engine(List.of(new RawFormat()), List.of(new ZeroPrefixedFactory(magic, 600 << 10)));
        withImage(image, (dir, f) -> {
            Report r = zeros.scan(f, RunOptions.defaults());
            assertThat(r.refusal()).isNull();
            assertThat(r.findings()).extracting(Finding::offset).containsExactly((long) first - 4, (long) second - 4);
            assertThat(r.proof()).anyMatch(line -> line.contains("bytes in runs of zero pages were not scanned"));
        });
    }

    /** Test detector: four zero bytes followed by a marker (not all zero, as the contract asks). */
    private record ZeroPrefixedFactory(byte[] marker, int maxMatch) implements io.dumpguard.core.spi.DetectorFactory {
        @Override
        public String id() {
            return "test.zero-prefixed";
        }

        @Override
        public String description() {
            return "four zero bytes and a marker";
        }

        @Override
        public List<io.dumpguard.core.spi.DetectorExample> examples() {
            return List.of();
        }

        @Override
        public io.dumpguard.core.spi.ByteDetector create(io.dumpguard.core.spi.ScanContext context) {
            return new io.dumpguard.core.spi.ByteDetector() {
                @Override
                public int maxMatchBytes() {
                    return maxMatch;
                }

                @Override
                public void scanBatch(List<io.dumpguard.core.spi.ScanChunk> chunks,
                                      io.dumpguard.core.spi.FindingSink sink) {
                    for (int i = 1; i < chunks.size(); i++) {
                        if (chunks.get(i).start() < chunks.get(i - 1).limit()) {
                            throw new IllegalStateException("packed chunks overlap at chunk " + i);
                        }
                    }
                    io.dumpguard.core.spi.ByteDetector.super.scanBatch(chunks, sink);
                }

                @Override
                public void scan(io.dumpguard.core.spi.ScanChunk c, io.dumpguard.core.spi.FindingSink sink) {
                    byte[] d = c.data();
                    outer:
                    for (int i = c.start(); i < c.end() && i + 4 + marker.length <= c.limit(); i++) {
                        for (int j = 0; j < 4; j++) {
                            if (d[i + j] != 0) {
                                continue outer;
                            }
                        }
                        for (int j = 0; j < marker.length; j++) {
                            if (d[i + 4 + j] != marker[j]) {
                                continue outer;
                            }
                        }
                        sink.accept(c.finding(id(), i, 4 + marker.length, null, "marker", List.of()));
                    }
                }
            };
        }
    }

    private interface ImageCheck {
        void check(Path dir, Path image) throws IOException;
    }

    /** Writes the image to a fresh folder, runs the check, deletes the folder (jqwik has no per-try temp folder). */
    private static void withImage(byte[] image, ImageCheck check) throws IOException {
        Path dir = Files.createTempDirectory("zero-runs");
        try {
            Path f = dir.resolve("image.raw");
            Files.write(f, image);
            check.check(dir, f);
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static boolean overlaps(List<int[]> used, int from, int len) {
        for (int[] u : used) {
            if (from < u[1] + 8 && u[0] < from + len + 8) {
                return true;
            }
        }
        return false;
    }
}
