package io.dumpguard.engine;

import io.dumpguard.core.Verdict;
import io.dumpguard.core.raw.RawFormat;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class EngineTest {
    @TempDir
    Path dir;

    private final Engine engine = new Engine(List.of(new RawFormat()),
            List.of(new LiteralDetectorFactory(), new CopyPropagationFactory()));

    /** Random bytes with "TOKEN=<16 letters>" at {@code at}, and a bare copy of the secret at {@code copyAt}. */
    static byte[] image(int size, int at, int copyAt) {
        byte[] b = new byte[size];
        new Random(7).nextBytes(b);
        byte[] planted = "TOKEN=qwertyuiopasdfgh".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(planted, 0, b, at, planted.length);
        if (copyAt >= 0) {
            System.arraycopy(planted, 6, b, copyAt, 16);
        }
        return b;
    }

    @Test
    void scanFindsTheSecretAndItsCopyAcrossChunkBoundaries() throws Exception {
        int boundary = RegionScanner.CHUNK;
        Path f = dir.resolve("image.raw");
        Files.write(f, image(boundary + 4096, boundary - 10, 1000));
        Report r = engine.scan(f, RunOptions.defaults());
        assertThat(r.verdict()).isEqualTo(Verdict.FINDINGS);
        assertThat(r.findings()).extracting(x -> x.detector() + "@" + x.offset())
                .containsExactly("test.propagated@1000", "test.token@" + (boundary - 4));
        // the digest took the scanner's 8 MiB pieces (read into the direct view only) and read the rest itself
        assertThat(r.inputSha256()).isEqualTo(java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
    }

    /** The output's digest resumes from the input's checkpoint before the first change; it is the output's own. */
    @Test
    void theOutputDigestResumedFromACheckpointIsTheOutputsOwn() throws Exception {
        int size = 140_000_000;
        int at = 136_000_000; // past two checkpoints (64 MiB apart)
        Path f = dir.resolve("big.raw");
        Files.write(f, image(size, at, 100_000_000)); // the first change lies between the first two checkpoints
        Path out = dir.resolve("big-clean.raw");
        Report r = engine.sanitize(f, out, RunOptions.defaults());
        assertThat(r.verdict()).as(r.refusal()).isEqualTo(Verdict.REDACTED);
        assertThat(r.bytesChanged()).isEqualTo(32);
        assertThat(r.outputSha256()).isEqualTo(Digests.sha256(out)).isNotEqualTo(r.inputSha256());
        assertThat(r.inputSha256()).isEqualTo(Digests.sha256(f));
    }

    /** A dump still being written (or replaced) while it is read is refused, with nothing written. */
    @Test
    void anInputThatChangesDuringTheRunIsRefused() throws Exception {
        Path f = dir.resolve("growing.raw");
        Files.write(f, image(100_000, 5000, 77_000));
        Path out = dir.resolve("growing-clean.raw");
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
        Progress append = (phase, done, total) -> {
            if (phase.equals("redact") && once.compareAndSet(false, true)) {
                try {
                    Files.write(f, new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
        Report r = engine.sanitize(f, out, RunOptions.defaults().withProgress(append));
        assertThat(r.verdict()).isEqualTo(Verdict.REFUSED);
        assertThat(r.refusal()).contains("the input changed while it was being read");
        assertThat(out).doesNotExist();
        once.set(false);
        Progress rewrite = (phase, done, total) -> {
            if (once.compareAndSet(false, true)) {
                try {
                    Files.write(f, image(100_001, 5000, -1));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
        Report s = engine.scan(f, RunOptions.defaults().withProgress(rewrite));
        assertThat(s.verdict()).isEqualTo(Verdict.REFUSED);
        assertThat(s.refusal()).contains("the input changed while it was being read");
    }

    /**
     * An input cut short while it is scanned: the scanning threads, which read the large pieces, hit its new end, and
     * the run is refused for the change, with nothing written.
     */
    @Test
    void anInputCutShortWhileItIsScannedIsRefused() throws Exception {
        refusedWhenChangedDuringRun("shrinking", phase -> phase.endsWith("scan"), f -> {
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f,
                    java.nio.file.StandardOpenOption.WRITE)) {
                ch.truncate(1 << 20);
            }
        });
    }

    /**
     * The same change made while the input's digest is still hashing (a large input, changed at the first progress
     * report): the digest fails on the size change, and that failure is the run's refusal, never an I/O error out
     * of the engine. (A CI run once appended after the small input above had not finished hashing.)
     */
    @Test
    void anInputThatGrowsWhileItsDigestIsHashedIsRefused() throws Exception {
        refusedWhenChangedDuringRun("growing-large", phase -> true,
                f -> Files.write(f, new byte[] {1}, java.nio.file.StandardOpenOption.APPEND));
    }

    /** Changes a file. */
    private interface FileChange {
        void apply(Path f) throws IOException;
    }

    /**
     * Sanitize, then scan, a 48 MiB input that {@code change} alters at the first progress report of a phase
     * {@code when} accepts: each run is refused for the change, and nothing is written.
     */
    private void refusedWhenChangedDuringRun(String name, java.util.function.Predicate<String> when,
                                             FileChange change) throws Exception {
        Path f = dir.resolve(name + ".raw");
        for (boolean sanitize : new boolean[] {true, false}) {
            Files.write(f, image(48 << 20, 5000, 77_000));
            java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
            Progress changing = (phase, done, total) -> {
                if (when.test(phase) && once.compareAndSet(false, true)) {
                    try {
                        change.apply(f);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            };
            Path out = dir.resolve(name + "-clean.raw");
            RunOptions o = RunOptions.defaults().withProgress(changing);
            Report r = sanitize ? engine.sanitize(f, out, o) : engine.scan(f, o);
            assertThat(r.verdict()).isEqualTo(Verdict.REFUSED);
            assertThat(r.refusal()).contains("the input changed while it was being read");
            assertThat(out).doesNotExist();
        }
    }

    /** The copy being verified: staged, owner-only, in the output's folder. */
    private static Path stagedCopy(Path outputDir) throws IOException {
        try (var s = Files.walk(outputDir)) {
            return s.filter(p -> p.getFileName().toString().equals("redacted.bin")
                    && p.getParent().getFileName().toString().startsWith(".dumpguard-stage-")).findFirst().orElseThrow();
        }
    }

    /**
     * Writes {@code bytes} at {@code at} into the staged copy once, when the redaction has finished and before
     * verification starts (its comparison thread starts with it: a later write could race it).
     */
    private static Progress writeIntoTheCopyAfterRedaction(Path outputDir, long at, byte[] bytes) {
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
        return (phase, done, total) -> {
            if (phase.equals("redact") && done == total && once.compareAndSet(false, true)) {
                try (var ch = java.nio.channels.FileChannel.open(stagedCopy(outputDir),
                        java.nio.file.StandardOpenOption.WRITE)) {
                    ch.write(java.nio.ByteBuffer.wrap(bytes), at);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
    }

    /**
     * Verification re-scans only the pieces that meet a changed block and compares the rest with the input; the
     * verdict and the output are those of a full re-scan, for secrets and copies across chunk boundaries, at the
     * start and end of the file and in many pieces.
     */
    @Test
    void verifyingOnlyAroundTheChangesGivesTheFullVerdictAndTheSameOutput() throws IOException {
        int chunk = RegionScanner.CHUNK;
        int[][] layouts = {{3 * chunk + 999, chunk - 10, 5}, {2 * chunk, 0, 2 * chunk - 16}, {100_000, 50_000, -1},
                {5 * chunk + 1, 4 * chunk + 3, chunk + 7}};
        for (int[] l : layouts) {
            Path f = dir.resolve("in-" + l[0] + ".raw");
            Files.write(f, image(l[0], l[1], l[2]));
            Path changed = dir.resolve("changed-" + l[0] + ".raw");
            Path full = dir.resolve("full-" + l[0] + ".raw");
            Report a = engine.sanitize(f, changed, RunOptions.defaults());
            Report b = engine.sanitize(f, full, RunOptions.defaults().withFullVerification(true));
            assertThat(a.verdict()).as(a.refusal()).isEqualTo(Verdict.REDACTED);
            assertThat(b.verdict()).as(b.refusal()).isEqualTo(Verdict.REDACTED);
            assertThat(a.outputSha256()).isEqualTo(b.outputSha256());
            assertThat(Files.readAllBytes(changed)).isEqualTo(Files.readAllBytes(full));
            assertThat(a.notes()).anyMatch(n -> n.startsWith("verified:") && n.contains("compared equal"));
            assertThat(b.notes()).anyMatch(n -> n.startsWith("verified:") && n.contains("--full-verify"));
            assertThat(a.verification()).isEqualTo(Report.VERIFIED_WHERE_CHANGED);
            assertThat(b.verification()).isEqualTo(Report.VERIFIED_IN_FULL);
            assertThat(ReportJson.toMap(a)).containsEntry("verification", Report.VERIFIED_WHERE_CHANGED);
        }
    }

    /**
     * Sanitizes a 24 MiB image with a token at 5000 while {@code bytes} are written into the copy at {@code at} between
     * redaction and verification; asserts that the run is refused and leaves nothing behind (output or staged copy).
     */
    private Report sanitizeWhileSomethingWritesIntoTheCopy(String name, long at, byte[] bytes) throws IOException {
        Path f = dir.resolve(name + ".raw");
        Files.write(f, image(3 * RegionScanner.CHUNK, 5000, -1));
        Path outDir = Files.createDirectories(dir.resolve(name));
        Path out = outDir.resolve("clean.raw");
        Report r = engine.sanitize(f, out, RunOptions.defaults()
                .withProgress(writeIntoTheCopyAfterRedaction(outDir, at, bytes)));
        assertThat(r.verdict()).isEqualTo(Verdict.REFUSED);
        try (var s = Files.list(outDir)) {
            assertThat(s).isEmpty(); // neither the output nor the staged copy
        }
        return r;
    }

    /** A byte of the copy changed outside every redacted range is a refusal, though no detector would see it. */
    @Test
    void aStrayWriteOutsideTheRedactedRangesIsRefused() throws IOException {
        long at = 2L * RegionScanner.CHUNK + 12345;
        byte flipped = (byte) ~image(3 * RegionScanner.CHUNK, 5000, -1)[(int) at];
        Report r = sanitizeWhileSomethingWritesIntoTheCopy("stray", at, new byte[] {flipped});
        assertThat(r.refusal()).contains("differs from the input at offset 0x" + Long.toHexString(at));
    }

    /** A secret in a block the redaction wrote in is not compared but re-scanned: found, and refused. */
    @Test
    void aSecretInAChangedBlockIsFoundByTheReScan() throws IOException {
        Report r = sanitizeWhileSomethingWritesIntoTheCopy("left", 9000,
                "TOKEN=zyxwvutsrqponmlk".getBytes(StandardCharsets.US_ASCII));
        assertThat(r.refusal()).contains("still holds").contains("test.token at offset 0x232e");
    }

    @Test
    void sanitizeZeroesOnlyTheSecretBytesAndVerifies() throws IOException {
        Path f = dir.resolve("image.raw");
        byte[] in = image(100_000, 5000, 77_000);
        Files.write(f, in);
        Path out = dir.resolve("clean.raw");
        Report r = engine.sanitize(f, out, RunOptions.defaults());
        assertThat(r.verdict()).as(r.refusal()).isEqualTo(Verdict.REDACTED);
        byte[] o = Files.readAllBytes(out);
        assertThat(o).hasSameSizeAs(in);
        int diff = 0;
        for (int i = 0; i < in.length; i++) {
            if (in[i] != o[i]) {
                diff++;
                assertThat(i).satisfiesAnyOf(x -> assertThat(x).isBetween(5006, 5021), x -> assertThat(x).isBetween(77_000, 77_015));
            }
        }
        assertThat(diff).isEqualTo(32);
        assertThat(r.bytesChanged()).isEqualTo(32);
        assertThat(engine.verify(out, RunOptions.defaults()).verdict()).isEqualTo(Verdict.CLEAN);
        assertThat(r.outputSha256()).isEqualTo(Digests.sha256(out));
    }

    @Test
    void gzipInputIsWrittenBackCompressed() throws IOException {
        byte[] in = image(50_000, 100, -1);
        Path f = dir.resolve("image.raw.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(f))) {
            o.write(in);
        }
        Path out = dir.resolve("clean.gz");
        Report r = engine.sanitize(f, out, RunOptions.defaults());
        assertThat(r.verdict()).isEqualTo(Verdict.REDACTED);
        assertThat(r.container()).isEqualTo("gzip");
        byte[] back;
        try (var z = new GZIPInputStream(Files.newInputStream(out))) {
            back = z.readAllBytes();
        }
        assertThat(back).hasSameSizeAs(in);
        assertThat(new String(back, 100, 6, StandardCharsets.US_ASCII)).isEqualTo("TOKEN=");
        assertThat(back[106]).isZero();
    }

    @Test
    void zstdInsideTarRoundTrips() throws IOException {
        byte[] in = image(30_000, 300, -1);
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(tar)) {
            TarArchiveEntry e = new TarArchiveEntry("core.raw");
            e.setSize(in.length);
            t.putArchiveEntry(e);
            t.write(in);
            t.closeArchiveEntry();
        }
        Path f = dir.resolve("dump.tar.zst");
        try (OutputStream o = new ZstdCompressorOutputStream(Files.newOutputStream(f))) {
            o.write(tar.toByteArray());
        }
        Report r = engine.sanitize(f, dir.resolve("out.tar.zst"), RunOptions.defaults());
        assertThat(r.verdict()).as(r.refusal()).isEqualTo(Verdict.REDACTED);
        assertThat(r.container()).isEqualTo("zstd+tar");
        Report again = engine.scan(dir.resolve("out.tar.zst"), RunOptions.defaults());
        assertThat(again.verdict()).isEqualTo(Verdict.CLEAN);
        assertThat(again.inputBytes()).isEqualTo(in.length);
    }

    @Test
    void compressionBombIsRefusedAndNothingWritten() throws IOException {
        Path f = dir.resolve("bomb.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(f))) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                o.write(zeros);
            }
        }
        Path out = dir.resolve("out.gz");
        Report r = engine.sanitize(f, out, RunOptions.defaults().withLimits(
                io.dumpguard.core.Limits.DEFAULT.withMaxDecompressedBytes(8 << 20)));
        assertThat(r.verdict()).isEqualTo(Verdict.REFUSED);
        assertThat(r.refusal()).contains("decompressed size");
        assertThat(out).doesNotExist();
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("bomb.gz");
        }
    }

    @Test
    void truncatedGzipIsRefused() throws IOException {
        Path f = dir.resolve("t.gz");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(b)) {
            o.write(image(100_000, 10, -1));
        }
        byte[] all = b.toByteArray();
        Files.write(f, java.util.Arrays.copyOf(all, all.length / 2));
        Report r = engine.scan(f, RunOptions.defaults());
        assertThat(r.verdict()).isEqualTo(Verdict.REFUSED);
        assertThat(r.refusal()).contains("gzip");
    }

    @Test
    void reportJsonCarriesNoSecretBytes() throws IOException {
        Path f = dir.resolve("image.raw");
        Files.write(f, image(10_000, 500, 9000));
        String json = ReportJson.toJson(engine.scan(f, RunOptions.defaults()));
        assertThat(json).doesNotContain("qwertyuiopasdfgh").contains("\"verdict\" : \"findings\"")
                .contains("\"detector\" : \"test.token\"").contains("\"sha256\"");
        String sarif = Sarif.toSarif(List.of(engine.scan(f, RunOptions.defaults())), engine.detectors());
        assertThat(sarif).doesNotContain("qwertyuiopasdfgh").contains("\"byteOffset\" : 506");
    }

    @Test
    void nativePoliciesAreNeverSilentlyIgnored() throws IOException {
        byte[] in = new byte[64 * 1024];
        new Random(9).nextBytes(in);
        java.util.Arrays.fill(in, 0, 32 * 1024, (byte) 'a');   // structured half
        Path f = dir.resolve("img.raw");
        Files.write(f, in);
        Report strict = engine.sanitize(f, dir.resolve("strict.raw"), RunOptions.defaults().withPolicy(io.dumpguard.core.Policy.STRICT));
        assertThat(strict.verdict()).isEqualTo(Verdict.CLEAN);
        byte[] s = Files.readAllBytes(dir.resolve("strict.raw"));
        assertThat(java.util.Arrays.copyOf(s, 32 * 1024)).isEqualTo(java.util.Arrays.copyOf(in, 32 * 1024));
        assertThat(java.util.Arrays.copyOfRange(s, 32 * 1024, 64 * 1024)).containsOnly((byte) 0);
        Report paranoid = engine.sanitize(f, dir.resolve("paranoid.raw"), RunOptions.defaults().withPolicy(io.dumpguard.core.Policy.PARANOID));
        assertThat(Files.readAllBytes(dir.resolve("paranoid.raw"))).containsOnly((byte) 0);
        long nonZero = 0;
        for (byte b : in) {
            nonZero += b != 0 ? 1 : 0;
        }
        assertThat(paranoid.bytesChanged()).isEqualTo(nonZero);
    }

    @Test
    void detectorsCheckRunsExamples() {
        DetectorsCheck.Result r = DetectorsCheck.run(List.of(new LiteralDetectorFactory()));
        assertThat(r.problems()).isEmpty();
        assertThat(r.examples()).isEqualTo(2);
    }

    @Test
    void residueSearchFindsEveryLayout() throws IOException {
        java.math.BigInteger n = new java.math.BigInteger(1, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13});
        io.dumpguard.core.SecretValue s = io.dumpguard.core.SecretValue.integer(n, "test number");
        for (var layout : io.dumpguard.core.Layouts.Layout.values()) {
            byte[] b = new byte[200];
            byte[] v = io.dumpguard.core.Layouts.toLayout(n.toByteArray(), layout);
            System.arraycopy(v, 0, b, 50, v.length);
            Path f = dir.resolve(layout.id());
            Files.write(f, b);
            assertThat(ResidueSearch.remaining(f, List.of(s))).as(layout.id()).hasSize(1);
        }
    }
}
