package io.dumpguard.gate;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** An attestation made by the gate verifies with an independent DSSE implementation in Python (verify_dsse.py). */
class PythonDsseInteropTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void needsPythonWithCryptography() throws Exception {
        int rc;
        try {
            Process p = new ProcessBuilder("python3", "-c", "import cryptography").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            rc = p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (java.io.IOException e) {
            rc = -1;
        }
        assumeTrue(rc == 0, "skipped: python3 with the 'cryptography' package is not available"
                + " (apt-get install python3-cryptography)");
    }

    private record Run(int rc, String out) {
    }

    private Run python(Path envelope, Path key, Path subject) throws Exception {
        Path script = tmp.resolve("verify_dsse.py");
        if (!Files.exists(script)) {
            try (var in = getClass().getResourceAsStream("verify_dsse.py")) {
                Files.copy(in, script);
            }
        }
        Process p = new ProcessBuilder("python3", script.toString(), envelope.toString(), key.toString(),
                subject.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void theGatesAttestationVerifiesInPythonAndTamperingDoesNot() throws Exception {
        Gate gate = new Gate(GateConfig.in(tmp.resolve("gate")), new FakeSanitizer());
        Path to = Files.createDirectories(tmp.resolve("rel"));
        ReleaseResult r = gate.release(Files.writeString(tmp.resolve("core.7"), "x " + FakeSanitizer.MARKER + " y"),
                to, ReleaseOptions.defaults());
        Path key = Files.writeString(tmp.resolve("gate.pub.pem"), gate.publicKeyPem());

        Run ok = python(r.attestation(), key, r.output());
        assertThat(ok.rc()).as(ok.out()).isZero();
        assertThat(ok.out()).contains("OK " + ReleaseStatement.PREDICATE_TYPE);

        Path flipped = tmp.resolve("flipped");
        byte[] b = Files.readAllBytes(r.output());
        b[0] ^= 1;
        Files.write(flipped, b);
        assertThat(python(r.attestation(), key, flipped).out()).contains("REJECTED: subject digest");

        Gate other = new Gate(GateConfig.in(tmp.resolve("other")), new FakeSanitizer());
        Path otherKey = Files.writeString(tmp.resolve("other.pub.pem"), other.publicKeyPem());
        assertThat(python(r.attestation(), otherKey, r.output()).out()).contains("REJECTED: no valid signature");
    }
}
