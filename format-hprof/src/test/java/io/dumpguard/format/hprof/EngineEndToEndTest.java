package io.dumpguard.format.hprof;

import io.dumpguard.core.Layouts;
import io.dumpguard.core.Verdict;
import io.dumpguard.core.io.MappedFile;
import io.dumpguard.core.spi.DetectorFactory;
import io.dumpguard.core.spi.DumpFormat;
import io.dumpguard.engine.Engine;
import io.dumpguard.engine.Report;
import io.dumpguard.engine.RunOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole pipeline on a real heap dump of a JVM holding keys: {@code Engine.sanitize} with the targeted policy
 * gives verdict redacted, no secret value is left anywhere in the output in big-endian, little-endian or
 * word-swapped layout (passwords and PEM text also as UTF-16), the output loads in the NetBeans profiler heap
 * library with the same class and instance counts, and under 1% of the bytes changed.
 */
class EngineEndToEndTest {
    private static final List<String> NUMBERS = List.of("rsa.d", "rsa.p", "rsa.q", "rsa.pe", "rsa.qe", "rsa.coeff",
            "ec.s");
    private static final List<String> BYTES = List.of("ed25519.seed", "aes.key", "hmac.key");
    private static final List<String> TEXTS = List.of("keystore.password", "literal.password", "pem");

    @TempDir
    Path tmp;

    @Test
    void targetedSanitizeOfACurrentJdkDumpLeavesNoSecret() throws Exception {
        sanitizeAndSearch(ChildJvmDumps.run(ChildJvmDumps.currentJdk(), tmp));
    }

    @Test
    void targetedSanitizeOfAJdk17DumpLeavesNoSecret() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(ChildJvmDumps.JDK17.resolve("bin/java")), "JDK 17 not installed");
        sanitizeAndSearch(ChildJvmDumps.run(ChildJvmDumps.JDK17, tmp));
    }

    @Test
    void everyCorpusDumpSanitizesAndRoundTrips() throws Exception {
        List<Path> dumps = HprofTestFiles.corpusDumps(tmp);
        Assumptions.assumeTrue(!dumps.isEmpty(), "shared corpus absent");
        Engine engine = tolerantEngine();
        for (Path p : dumps) {
            Path out = tmp.resolve("sanitized-" + p.getFileName());
            Report r = engine.sanitize(p, out, RunOptions.defaults());
            assertThat(r.refusal()).as(p.getFileName().toString()).isNull();
            assertThat(r.verdict()).as(p.getFileName().toString()).isIn(Verdict.CLEAN, Verdict.REDACTED);
            Report full = engine.sanitize(p, tmp.resolve("full-" + p.getFileName()),
                    RunOptions.defaults().withFullVerification(true));
            assertThat(full.verdict()).as(p.getFileName().toString()).isEqualTo(r.verdict());
            assertThat(full.outputSha256()).as(p.getFileName().toString()).isEqualTo(r.outputSha256());
            try (MappedFile a = MappedFile.open(p); MappedFile b = MappedFile.open(out)) {
                assertThat(HprofTestFiles.parse(b).structure()).isEqualTo(HprofTestFiles.parse(a).structure());
            }
        }
    }

    /**
     * Under every policy (targeted changes a few blocks, paranoid nearly all), verifying where the redaction wrote
     * gives the full re-scan's verdict and the same output, on a generated heap dump with keys spread through it.
     */
    @Test
    void verifyingWhereTheRedactionWroteAgreesWithAFullReScanUnderEveryPolicy() throws Exception {
        Path dump = tmp.resolve("policies.hprof");
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        byte[] aes = new byte[32];
        new java.security.SecureRandom().nextBytes(aes);
        io.dumpguard.format.hprof.synth.SyntheticHeapDump.builder().fillerBytes(6 << 20)
                .plantRsa((java.security.interfaces.RSAPrivateCrtKey) g.generateKeyPair().getPrivate(), 0.3)
                .plantAes(aes, 0.6).plantPassword("correct horse battery staple".toCharArray(), 0.9).write(dump);
        Engine engine = tolerantEngine();
        for (io.dumpguard.core.Policy policy : io.dumpguard.core.Policy.values()) {
            Report changed = engine.sanitize(dump, tmp.resolve("changed-" + policy + ".hprof"),
                    RunOptions.defaults().withPolicy(policy));
            Report full = engine.sanitize(dump, tmp.resolve("full-" + policy + ".hprof"),
                    RunOptions.defaults().withPolicy(policy).withFullVerification(true));
            assertThat(changed.verdict()).as(policy + ": " + changed.refusal()).isEqualTo(Verdict.REDACTED);
            assertThat(full.verdict()).as(policy + ": " + full.refusal()).isEqualTo(Verdict.REDACTED);
            assertThat(changed.outputSha256()).as(policy.toString()).isEqualTo(full.outputSha256());
            assertThat(changed.findings()).hasSameSizeAs(full.findings());
        }
    }

    /**
     * The copy's scan reads its regions from the input's parse, which holds only while the two structures are the
     * same: a copy whose structure changed inside a block the redaction wrote in (where the comparison of the whole
     * files does not look) is refused by the structure check, which compares the structural bytes there with the
     * input's (or, with --full-verify, the digests of both files' structural bytes).
     */
    @ParameterizedTest(name = "full verification: {0}")
    @ValueSource(booleans = {false, true})
    void aCopyWhoseStructureChangedWhereTheRedactionWroteIsRefused(boolean fullVerification) throws Exception {
        Path dump = tmp.resolve("structure.hprof");
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        io.dumpguard.format.hprof.synth.SyntheticHeapDump.builder().fillerBytes(2 << 20)
                .plantPassword("correct horse battery staple".toCharArray(), 0.5)
                .plantRsa((java.security.interfaces.RSAPrivateCrtKey) g.generateKeyPair().getPrivate(), 0.7)
                .write(dump);
        Engine engine = tolerantEngine();
        Report first = engine.sanitize(dump, tmp.resolve("first.hprof"), RunOptions.defaults());
        assertThat(first.verdict()).as(first.refusal()).isEqualTo(Verdict.REDACTED);
        long secret = first.findings().get(0).offset();
        // the identifier of the array that holds the first finding: 8 bytes ending 9 bytes before its payload
        List<io.dumpguard.core.Region> regions = new ArrayList<>();
        try (MappedFile f = MappedFile.open(dump)) {
            HprofTestFiles.parse(f).regions(regions::add);
        }
        long payload = regions.stream().filter(r -> r.offset() <= secret && secret < r.end()).findFirst()
                .orElseThrow().offset();
        long idByte = payload - 10;
        byte[] original = new byte[1];
        try (var ch = java.nio.channels.FileChannel.open(dump)) {
            ch.read(java.nio.ByteBuffer.wrap(original), idByte);
        }
        Path outDir = Files.createDirectories(tmp.resolve("structure-out"));
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
        Report r = engine.sanitize(dump, outDir.resolve("clean.hprof"), RunOptions.defaults()
                .withFullVerification(fullVerification).withProgress((phase, done, total) -> {
                    if (phase.equals("redact") && done == total && once.compareAndSet(false, true)) {
                        try (var stage = Files.list(outDir);
                             var ch = java.nio.channels.FileChannel.open(stage.findFirst().orElseThrow()
                                     .resolve("redacted.bin"), java.nio.file.StandardOpenOption.WRITE)) {
                            ch.write(java.nio.ByteBuffer.wrap(new byte[] {(byte) ~original[0]}), idByte);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                }));
        assertThat(once).isTrue();
        assertThat(r.verdict()).isEqualTo(Verdict.REFUSED);
        assertThat(r.refusal()).contains("structure differs");
        if (!fullVerification) {
            assertThat(r.refusal()).contains(String.format("byte at offset 0x%x", idByte));
        }
        try (var left = Files.list(outDir)) {
            assertThat(left).isEmpty();
        }
    }

    private void sanitizeAndSearch(ChildJvmDumps.Dump dump) throws Exception {
        byte[] input = Files.readAllBytes(dump.file());
        List<byte[]> patterns = patterns(dump.secrets());
        // the test would prove nothing if the values were not in the input to begin with
        for (String name : List.of("rsa.p", "rsa.q", "rsa.d", "ed25519.seed", "aes.key", "hmac.key",
                "keystore.password", "literal.password", "pem")) {
            assertThat(anyLayoutPresent(input, dump.secrets().get(name), TEXTS.contains(name)))
                    .as(name + " present in the input").isTrue();
        }

        Path out = tmp.resolve("sanitized-" + dump.file().getFileName());
        Report report = tolerantEngine().sanitize(dump.file(), out, RunOptions.defaults());
        assertThat(report.refusal()).isNull();
        assertThat(report.verdict()).isEqualTo(Verdict.REDACTED);
        assertThat(report.format()).isEqualTo(HprofFormat.ID);
        // verifying where the redaction wrote (the default) and re-scanning everything agree on this dump
        Report full = tolerantEngine().sanitize(dump.file(), tmp.resolve("full-" + dump.file().getFileName()),
                RunOptions.defaults().withFullVerification(true));
        assertThat(full.verdict()).isEqualTo(Verdict.REDACTED);
        assertThat(full.outputSha256()).isEqualTo(report.outputSha256());
        assertThat(report.notes()).anyMatch(n -> n.startsWith("verified:") && n.contains("compared equal"));

        byte[] output = Files.readAllBytes(out);
        assertThat(output).hasSameSizeAs(input);
        for (int i = 0; i < patterns.size(); i++) {
            assertThat(indexOf(output, patterns.get(i))).as("secret pattern #" + i + " left in the output").isEqualTo(-1);
        }

        NetBeansCounts before = NetBeansCounts.of(dump.file(), tmp);
        NetBeansCounts after = NetBeansCounts.of(out, tmp);
        assertThat(after).isEqualTo(before);

        double changed = (double) report.bytesChanged() / report.inputBytes();
        System.out.printf("targeted sanitize of %s: %d findings, %d of %d bytes changed (%.4f%%)%n",
                dump.file().getFileName(), report.findings().size(), report.bytesChanged(), report.inputBytes(),
                100 * changed);
        assertThat(changed).isLessThan(0.01);
    }

    /**
     * Like {@code Engine.loadPlugins()}, but a plug-in jar whose service file names a missing class (another
     * module mid-change in the local repository) is skipped instead of failing the run.
     */
    static Engine tolerantEngine() {
        return new Engine(load(DumpFormat.class), load(DetectorFactory.class));
    }

    private static <T> List<T> load(Class<T> type) {
        List<T> out = new ArrayList<>();
        Iterator<T> it = ServiceLoader.load(type).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    return out;
                }
                out.add(it.next());
            } catch (ServiceConfigurationError e) {
                System.err.println("skipping plug-in: " + e.getMessage());
            }
        }
    }

    /** Every layout of every secret value the child wrote. */
    private static List<byte[]> patterns(Map<String, byte[]> secrets) {
        List<byte[]> out = new ArrayList<>();
        for (String n : NUMBERS) {
            for (Layouts.Layout l : Layouts.Layout.values()) {
                out.add(Layouts.toLayout(secrets.get(n), l));
            }
        }
        for (String n : BYTES) {
            out.add(secrets.get(n));
            out.add(Layouts.reversed(secrets.get(n)));
            out.add(Layouts.wordSwapped(secrets.get(n)));
        }
        for (String n : TEXTS) {
            byte[] latin1 = secrets.get(n);
            out.add(latin1);
            out.add(utf16(latin1, true));
            out.add(utf16(latin1, false));
        }
        return out;
    }

    private static boolean anyLayoutPresent(byte[] hay, byte[] value, boolean text) {
        if (text) {
            return indexOf(hay, value) >= 0 || indexOf(hay, utf16(value, true)) >= 0;
        }
        for (Layouts.Layout l : Layouts.Layout.values()) {
            if (indexOf(hay, Layouts.toLayout(value, l)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static byte[] utf16(byte[] latin1, boolean bigEndian) {
        return new String(latin1, StandardCharsets.ISO_8859_1)
                .getBytes(bigEndian ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE);
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            if (hay[i] != needle[0]) {
                continue;
            }
            for (int k = 1; k < needle.length; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
