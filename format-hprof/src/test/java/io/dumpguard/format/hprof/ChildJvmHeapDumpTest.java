package io.dumpguard.format.hprof;

import io.dumpguard.core.Finding;
import io.dumpguard.core.SecretValue;
import io.dumpguard.core.io.MappedFile;
import io.dumpguard.core.spi.ParsedDump;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real heap dumps of a JVM holding keys (the JDK running the tests, and JDK 17 where installed): every secret value
 * the child wrote after dumping must be carried by a structural finding, with the public key fingerprints where
 * derivable, and the dump must load in the NetBeans profiler heap library.
 */
class ChildJvmHeapDumpTest {
    private static final List<String> STRUCTURAL_SECRETS = List.of("rsa.d", "rsa.p", "rsa.q", "rsa.pe", "rsa.qe",
            "rsa.coeff", "ec.s", "ed25519.seed", "aes.key", "hmac.key", "keystore.password", "literal.password");

    @TempDir
    Path tmp;

    @Test
    void currentJdkDumpYieldsEveryKey() throws Exception {
        check(ChildJvmDumps.run(ChildJvmDumps.currentJdk(), tmp));
    }

    @Test
    void jdk17DumpYieldsEveryKey() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(ChildJvmDumps.JDK17.resolve("bin/java")), "JDK 17 not installed");
        check(ChildJvmDumps.run(ChildJvmDumps.JDK17, tmp));
    }

    @Test
    void bouncyCastleKeysAreFound() throws Exception {
        ChildJvmDumps.Dump dump = ChildJvmDumps.runBouncyCastle(ChildJvmDumps.currentJdk(), tmp);
        List<Finding> findings;
        try (MappedFile f = MappedFile.open(dump.file())) {
            findings = HprofTestFiles.findings(HprofTestFiles.parse(f));
        }
        for (String name : List.of("rsa.d", "rsa.p", "rsa.q", "rsa.pe", "rsa.qe", "rsa.coeff", "ec.s",
                "ed25519.seed", "aes.key", "hmac.key")) {
            byte[] expected = dump.secrets().get(name);
            assertThat(findings.stream().anyMatch(fi -> carries(fi, expected)))
                    .as("a structural finding carries " + name + " in " + dump.file().getFileName())
                    .isTrue();
        }
        assertThat(findings).extracting(Finding::detector).contains("hprof.aes-schedule", "hprof.hmac-key");
    }

    private void check(ChildJvmDumps.Dump dump) throws Exception {
        List<Finding> findings;
        ParsedDump parsed;
        try (MappedFile f = MappedFile.open(dump.file())) {
            parsed = HprofTestFiles.parse(f);
            findings = HprofTestFiles.findings(parsed);
        }
        for (String name : STRUCTURAL_SECRETS) {
            byte[] expected = dump.secrets().get(name);
            assertThat(findings.stream().anyMatch(fi -> carries(fi, expected)))
                    .as("a structural finding carries " + name + " in " + dump.file().getFileName())
                    .isTrue();
        }
        assertThat(findings).extracting(Finding::detector).contains("hprof.rsa-private-key", "hprof.ec-private-key",
                "hprof.eddsa-private-key", "hprof.secret-key", "hprof.aes-schedule", "hprof.hmac-key",
                "hprof.password", "hprof.pkcs8-encoding");
        String rsaFp = HexFormat.of().formatHex(dump.secrets().get("rsa.spki-sha256"));
        String edFp = HexFormat.of().formatHex(dump.secrets().get("ed25519.spki-sha256"));
        assertThat(findings).filteredOn(fi -> fi.detector().equals("hprof.rsa-private-key"))
                .extracting(Finding::fingerprint).contains(rsaFp);
        assertThat(findings).filteredOn(fi -> fi.detector().equals("hprof.eddsa-private-key"))
                .extracting(Finding::fingerprint).containsOnly(edFp);
        for (Finding fi : findings) {
            assertThat(fi.redactable()).isTrue();
            assertThat(fi.description()).doesNotContain(HexFormat.of().formatHex(dump.secrets().get("aes.key")));
        }
        NetBeansCounts nb = NetBeansCounts.of(dump.file(), tmp);
        Map<String, Long> counts = parsed.structure().counts();
        assertThat(nb.classes()).isPositive();
        assertThat(nb.instances()).isEqualTo(counts.get("instances") + counts.get("arrays.object")
                + counts.get("arrays.primitive"));
    }

    private static boolean carries(Finding f, byte[] expected) {
        for (SecretValue v : f.secrets()) {
            if (Arrays.equals(v.unsafeBytes(), expected)) {
                return true;
            }
        }
        return false;
    }
}
