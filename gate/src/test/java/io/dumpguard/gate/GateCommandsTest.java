package io.dumpguard.gate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GateCommandsTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void commandsReturnTheContractsExitCodesAndNeverPrintSecrets() throws Exception {
        GateCommands c = new GateCommands(new Gate(GateConfig.in(tmp.resolve("gate")), new FakeSanitizer()));
        Path to = Files.createDirectories(tmp.resolve("rel"));
        Path in = Files.writeString(tmp.resolve("d"), "x " + FakeSanitizer.MARKER);
        assertThat(c.release(in, to, ReleaseOptions.defaults(), out, err)).isZero();
        assertThat(out()).contains("released", "attestation");

        assertThat(c.publicKey(out, err)).isZero();
        Path pem = Files.writeString(tmp.resolve("k.pem"), out().substring(out().indexOf("-----BEGIN")));
        assertThat(c.accept(to.resolve("d"), to.resolve("d" + Gate.ATTESTATION_SUFFIX), pem, new AcceptOptions(true),
                out, err)).isZero();
        assertThat(c.accept(in, to.resolve("d" + Gate.ATTESTATION_SUFFIX), pem, new AcceptOptions(false), out, err))
                .isEqualTo(3);
        assertThat(err()).contains("refused: file SHA-256");
        assertThat(c.accept(in, tmp.resolve("missing"), pem, new AcceptOptions(false), out, err)).isEqualTo(2);

        Path bad = Files.writeString(tmp.resolve("bad"), FakeSanitizer.REFUSE_PREFIX + FakeSanitizer.MARKER);
        assertThat(c.release(bad, to, ReleaseOptions.defaults(), out, err)).isEqualTo(3);
        assertThat(err()).contains("quarantine");
        assertThat(c.release(in, to, ReleaseOptions.defaults(), out, err)).as("existing output").isEqualTo(2);

        assertThat(c.record(AuditEvent.of("scan").withInput("d", null).withVerdict("findings")
                .withDetectors(java.util.Map.of(FakeSanitizer.DETECTOR, 1)), err)).isTrue();
        assertThat(c.auditVerify(null, out, err)).isZero();
        assertThat(c.auditVerify(pem, out, err)).isZero();
        ByteArrayOutputStream exported = new ByteArrayOutputStream();
        assertThat(c.auditExport(AuditLog.ExportFormat.SYSLOG, new PrintStream(exported, true, StandardCharsets.UTF_8),
                err)).isZero();
        assertThat(exported.toString(StandardCharsets.UTF_8).lines().toList()).hasSize(5)
                .allMatch(l -> l.startsWith("<10"));

        Path log = AuditFiles.file(tmp.resolve("gate").resolve("audit"), 1);
        List<String> lines = Files.readAllLines(log);
        lines.remove(1);
        Files.writeString(log, String.join("\n", lines) + "\n");
        assertThat(c.auditVerify(null, out, err)).isEqualTo(1);
        assertThat(err()).contains("REMOVED", "seq 1");
        assertThat(out() + err() + exported.toString(StandardCharsets.UTF_8)).doesNotContain(FakeSanitizer.MARKER);
    }
}
