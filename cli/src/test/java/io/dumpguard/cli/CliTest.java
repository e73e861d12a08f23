package io.dumpguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class CliTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpExplainsCommandsAndExitCodes() {
        Run r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("scan", "sanitize", "verify", "demo", "detectors", "Exit codes", "refused");
    }

    @Test
    void everyCommandExplainsItselfWithHelp() {
        // the usage error for a missing FILE says "Try 'dumpguard scan --help'": that has to work
        for (String[] c : new String[][] {{"scan"}, {"sanitize"}, {"verify"}, {"demo"}, {"detectors", "list"},
                {"rules", "check"}, {"audit", "verify"}}) {
            String[] args = java.util.Arrays.copyOf(c, c.length + 1);
            args[c.length] = "--help";
            Run r = run(args);
            assertThat(r.code()).as(String.join(" ", args)).isZero();
            assertThat(r.out()).as(String.join(" ", args)).startsWith("Usage: dumpguard " + String.join(" ", c));
        }
    }

    /**
     * The launcher's AOT-cache workload: its scan finds the password line and its sanitize of the generated heap dump
     * verifies, or it exits 2 (a training that silently stopped working would leave the cache without the heap-dump
     * path). It is not listed in help, and its temporary folder is gone afterwards.
     */
    @Test
    void theHiddenTrainingWorkloadRunsEndToEndAndLeavesNothing() throws Exception {
        java.util.function.Supplier<java.util.Set<String>> trainDirs = () -> {
            try (var s = java.nio.file.Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
                return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("dumpguard-train-"))
                        .collect(java.util.stream.Collectors.toSet());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        java.util.Set<String> before = trainDirs.get();
        Run r = run("train");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(trainDirs.get()).isEqualTo(before);
        assertThat(run("--help").out()).doesNotContain("train");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("scan").code()).isEqualTo(2);
        assertThat(run("frobnicate").code()).isEqualTo(2);
        Run missing = run("scan", dir.resolve("nope.hprof").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file");
        assertThat(run("sanitize", "x").code()).isEqualTo(2);
    }

    @Test
    void detectorsCheckHoldsForEveryShippedDetector() {
        Run r = run("detectors", "check");
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("all hold");
        assertThat(run("detectors", "list").out()).contains("hprof", "raw");
    }

    @Test
    void rulesCheckHoldsForTheBuiltInPack() {
        Run r = run("rules", "check");
        assertThat(r.code()).as(r.out()).isZero();
    }

    @Test
    void cleanRandomBytesScanCleanAndSanitizeToAnIdenticalCopy() throws Exception {
        byte[] b = new byte[1 << 20];
        new Random(1).nextBytes(b);
        Path f = dir.resolve("random.bin");
        Files.write(f, b);
        Run scan = run("scan", f.toString());
        assertThat(scan.code()).as(scan.out() + scan.err()).isZero();
        assertThat(scan.out()).contains("CLEAN");
        Path out = dir.resolve("out.bin");
        Path report = dir.resolve("r.json");
        Run san = run("sanitize", f.toString(), "-o", out.toString(), "--report", report.toString());
        assertThat(san.code()).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(b);
        assertThat(Files.readString(report)).contains("\"verdict\" : \"clean\"");
        Run again = run("sanitize", f.toString(), "-o", out.toString());
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("exists");
    }

    @Test
    void anEncryptedKeyIsReportedAsProtectedNotAsALeak() throws Exception {
        var gen = java.security.KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        var enc = new org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder(
                org.bouncycastle.openssl.PKCS8Generator.AES_256_CBC).setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
                .setPassword("correct horse".toCharArray()).build();
        var pemObject = new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(gen.generateKeyPair().getPrivate(), enc).generate();
        var sw = new java.io.StringWriter();
        try (var w = new org.bouncycastle.util.io.pem.PemWriter(sw)) {
            w.writeObject(pemObject);
        }
        String pem = sw.toString();
        byte[] b = new byte[64 << 10];
        byte[] p = pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(p, 0, b, 1001, p.length);
        Path f = dir.resolve("with-encrypted-key.bin");
        Files.write(f, b);
        Run r = run("scan", f.toString());
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("protected key left in place: key.pem.encrypted", "CLEAN");
        Path out = dir.resolve("out.bin");
        assertThat(run("sanitize", f.toString(), "-o", out.toString()).code()).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(b);
    }

    @Test
    void demoHoldsEndToEnd() {
        Run r = run("demo");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("demo: OK", "REDACTED", "sanitized dump: 0 present");
    }
}
