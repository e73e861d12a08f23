package io.dumpguard.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dumpguard.core.Policy;
import io.dumpguard.core.spi.RegisteredKey;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GateReleaseTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    Path cfg;
    Path releases;
    Gate gate;
    Path trust;

    @BeforeEach
    void setUp() throws Exception {
        cfg = tmp.resolve("gate");
        releases = Files.createDirectories(tmp.resolve("releases"));
        gate = new Gate(GateConfig.in(cfg), new FakeSanitizer());
        trust = Files.writeString(tmp.resolve("gate.pub.pem"), gate.publicKeyPem());
    }

    private Path dump(String name, String content) throws Exception {
        return Files.writeString(tmp.resolve(name), content, StandardCharsets.US_ASCII);
    }

    private static List<String> visible(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    @Test
    void releaseWritesTheSanitizedDumpAndAVerifiableAttestationAndLeavesTheInputAlone() throws Exception {
        Path in = dump("core.1", "header " + FakeSanitizer.MARKER + " middle " + FakeSanitizer.MARKER + " end");
        byte[] before = Files.readAllBytes(in);
        RegisteredKey reg = RegisteredKey.of("keys.pem#1",
                KeyPairGenerator.getInstance("EC").generateKeyPair().getPublic());
        ReleaseResult r = gate.release(in, releases, ReleaseOptions.defaults().withRegisteredKeys(List.of(reg)));

        assertThat(r.released()).isTrue();
        assertThat(r.exitCode()).isZero();
        assertThat(Files.readAllBytes(in)).isEqualTo(before);
        assertThat(visible(releases)).containsExactly("core.1", "core.1" + Gate.ATTESTATION_SUFFIX);
        try (Stream<Path> s = Files.list(releases)) {
            assertThat(s).hasSize(2); // no temporaries left
        }
        assertThat(Files.readString(r.output())).doesNotContain(FakeSanitizer.MARKER).hasSize(before.length);

        String envText = Files.readString(r.attestation()).strip();
        assertThat(envText).doesNotContain(FakeSanitizer.MARKER);
        JsonNode env = JSON.readTree(envText);
        assertThat(env.get("payloadType").asText()).isEqualTo("application/vnd.in-toto+json");
        assertThat(env.get("signatures").get(0).get("keyid").asText()).isEqualTo(gate.key().keyId());
        String payload = new String(Base64.getDecoder().decode(env.get("payload").asText()), StandardCharsets.UTF_8);
        assertThat(payload).doesNotContain(FakeSanitizer.MARKER);
        JsonNode st = JSON.readTree(payload);
        assertThat(st.get("_type").asText()).isEqualTo("https://in-toto.io/Statement/v1");
        assertThat(st.get("predicateType").asText()).isEqualTo(ReleaseStatement.PREDICATE_TYPE);
        assertThat(st.at("/subject/0/name").asText()).isEqualTo("core.1");
        assertThat(st.at("/subject/0/digest/sha256").asText()).isEqualTo(r.outputSha256())
                .isEqualTo(DurableFiles.sha256Hex(r.output()));
        JsonNode p = st.get("predicate");
        assertThat(p.at("/input/digest/sha256").asText()).isEqualTo(DurableFiles.sha256Hex(in));
        assertThat(p.at("/input/format").asText()).isEqualTo("fake");
        assertThat(p.at("/tool/version").asText()).isEqualTo("0.1.0-test");
        assertThat(p.at("/tool/detectors").toString()).contains(FakeSanitizer.DETECTOR);
        assertThat(p.at("/tool/rulePackDigest/sha256").asText()).isEqualTo("cd".repeat(32));
        assertThat(p.get("policy").asText()).isEqualTo("targeted");
        assertThat(p.get("verdict").asText()).isEqualTo("redacted");
        assertThat(p.at("/findings/total").asInt()).isEqualTo(2);
        assertThat(p.at("/findings/byDetector/0/detector").asText()).isEqualTo(FakeSanitizer.DETECTOR);
        assertThat(p.at("/findings/byDetector/0/count").asInt()).isEqualTo(2);
        assertThat(p.at("/findings/byDetector/0/keyFingerprints/0").asText()).isEqualTo(FakeSanitizer.FINGERPRINT);
        assertThat(p.at("/registeredKeysProvenAbsent/0/fingerprint").asText()).isEqualTo(reg.fingerprint());
        assertThat(p.get("releasedAt").asText()).isNotEmpty();

        AcceptResult a = gate.accept(r.output(), r.attestation(), trust, new AcceptOptions(true));
        assertThat(a.accepted()).as(a.reason()).isTrue();
        assertThat(a.exitCode()).isZero();

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        gate.audit().export(AuditLog.ExportFormat.JSONL, new PrintStream(log, true, StandardCharsets.UTF_8));
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("\"action\":\"release\"", "\"action\":\"accept\"",
                "\"verdict\":\"accepted\"").doesNotContain(FakeSanitizer.MARKER);
        assertThat(gate.audit().verify(gate.key().publicKey()).ok()).isTrue();
    }

    @Test
    void aFlippedByteInTheReleasedDumpIsRejected() throws Exception {
        ReleaseResult r = gate.release(dump("d", "abc " + FakeSanitizer.MARKER), releases, ReleaseOptions.defaults());
        byte[] b = Files.readAllBytes(r.output());
        b[1] ^= 1;
        Files.write(r.output(), b);
        AcceptResult a = gate.accept(r.output(), r.attestation(), trust, new AcceptOptions(false));
        assertThat(a.accepted()).isFalse();
        assertThat(a.exitCode()).isEqualTo(3);
        assertThat(a.reason()).contains("does not match the attested subject digest");
    }

    @Test
    void anAttestationOfAnotherReleaseIsRejected() throws Exception {
        ReleaseResult r1 = gate.release(dump("one", "first " + FakeSanitizer.MARKER), releases, ReleaseOptions.defaults());
        ReleaseResult r2 = gate.release(dump("two", "second dump"), releases, ReleaseOptions.defaults());
        AcceptResult a = gate.accept(r1.output(), r2.attestation(), trust, new AcceptOptions(false));
        assertThat(a.accepted()).isFalse();
        assertThat(a.reason()).contains("subject digest");
    }

    @Test
    void anAttestationSignedByAnUntrustedKeyIsRejected() throws Exception {
        ReleaseResult r = gate.release(dump("d", "data"), releases, ReleaseOptions.defaults());
        Gate other = new Gate(GateConfig.in(tmp.resolve("other-gate")), new FakeSanitizer());
        Path otherTrust = Files.writeString(tmp.resolve("other.pub.pem"), other.publicKeyPem());
        AcceptResult a = other.accept(r.output(), r.attestation(), otherTrust, new AcceptOptions(false));
        assertThat(a.accepted()).isFalse();
        assertThat(a.reason()).contains("no signature", "trusted gate key");
    }

    @Test
    void anEditedStatementIsRejectedEvenWithItsDigestFixedUp() throws Exception {
        ReleaseResult r = gate.release(dump("d", "data " + FakeSanitizer.MARKER), releases, ReleaseOptions.defaults());
        JsonNode env = JSON.readTree(Files.readString(r.attestation()));
        String payload = new String(Base64.getDecoder().decode(env.get("payload").asText()), StandardCharsets.UTF_8);
        String forged = payload.replace("\"policy\":\"targeted\"", "\"policy\":\"paranoid\"");
        assertThat(forged).isNotEqualTo(payload);
        Files.writeString(r.attestation(), env.toString().replace(env.get("payload").asText(),
                Base64.getEncoder().encodeToString(forged.getBytes(StandardCharsets.UTF_8))));
        AcceptResult a = gate.accept(r.output(), r.attestation(), trust, new AcceptOptions(false));
        assertThat(a.accepted()).isFalse();
        assertThat(a.reason()).contains("no signature");
    }

    @Test
    void aWeakerPolicyThanRequiredIsRejected() throws Exception {
        ReleaseResult r = gate.release(dump("d", "data"), releases, ReleaseOptions.defaults());
        AcceptResult a = gate.accept(r.output(), r.attestation(), trust,
                new AcceptOptions(false).withMinimumPolicy(Policy.STRICT));
        assertThat(a.accepted()).isFalse();
        assertThat(a.reason()).contains("weaker than the required strict");
        ReleaseResult s = gate.release(dump("e", "data"), releases, ReleaseOptions.defaults().withPolicy(Policy.PARANOID));
        assertThat(gate.accept(s.output(), s.attestation(), trust,
                new AcceptOptions(false).withMinimumPolicy(Policy.STRICT)).accepted()).isTrue();
    }

    @Test
    void rescanCatchesWhatABrokenEngineReleased() throws Exception {
        Gate brokenGate = new Gate(GateConfig.in(cfg), FakeSanitizer.broken());
        ReleaseResult r = brokenGate.release(dump("leaky", "x " + FakeSanitizer.MARKER), releases,
                ReleaseOptions.defaults());
        assertThat(r.released()).isTrue();
        assertThat(gate.accept(r.output(), r.attestation(), trust, new AcceptOptions(false)).accepted()).isTrue();
        AcceptResult a = gate.accept(r.output(), r.attestation(), trust, new AcceptOptions(true));
        assertThat(a.accepted()).isFalse();
        assertThat(a.reason()).contains("rescan", FakeSanitizer.DETECTOR).doesNotContain(FakeSanitizer.MARKER);
    }

    @Test
    void aRefusedInputIsQuarantinedWithItsReportAndNothingAppearsInTheReleaseFolder() throws Exception {
        Path in = dump("bad.dmp", FakeSanitizer.REFUSE_PREFIX + " " + FakeSanitizer.MARKER);
        byte[] before = Files.readAllBytes(in);
        ReleaseResult r = gate.release(in, releases, ReleaseOptions.defaults());
        assertThat(r.released()).isFalse();
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.reason()).contains("refusal");
        try (Stream<Path> s = Files.list(releases)) {
            assertThat(s).isEmpty();
        }
        assertThat(Files.readAllBytes(in)).isEqualTo(before);
        assertThat(r.quarantine().getParent()).isEqualTo(cfg.resolve("quarantine"));
        assertThat(Files.readAllBytes(r.quarantine().resolve("bad.dmp"))).isEqualTo(before);
        JsonNode report = JSON.readTree(r.quarantine().resolve("report.json").toFile());
        assertThat(report.get("verdict").asText()).isEqualTo("refused");
        assertThat(report.get("refusal").asText()).contains("refusal");
        assertThat(Files.getPosixFilePermissions(cfg.resolve("quarantine")).toString()).doesNotContain("OTHERS", "GROUP");

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        gate.audit().export(AuditLog.ExportFormat.JSONL, new PrintStream(log, true, StandardCharsets.UTF_8));
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("\"action\":\"refusal\"", "\"verdict\":\"refused\"");
    }

    @Test
    void aQuarantineFolderFromTheConfigIsUsed() throws Exception {
        Path q = tmp.resolve("q");
        Gate g = new Gate(GateConfig.in(cfg).withQuarantineDir(q), new FakeSanitizer());
        ReleaseResult r = g.release(dump("bad", FakeSanitizer.REFUSE_PREFIX), releases, ReleaseOptions.defaults());
        assertThat(r.quarantine().getParent()).isEqualTo(q);
    }

    @Test
    void anExistingReleaseIsNeverReplaced() throws Exception {
        Path in = dump("same", "v1");
        ReleaseResult r = gate.release(in, releases, ReleaseOptions.defaults());
        byte[] released = Files.readAllBytes(r.output());
        Files.writeString(in, "v2");
        assertThatThrownBy(() -> gate.release(in, releases, ReleaseOptions.defaults()))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readAllBytes(r.output())).isEqualTo(released);
        ReleaseResult renamed = gate.release(in, releases, ReleaseOptions.defaults().withOutputName("same-v2"));
        assertThat(renamed.output().getFileName().toString()).isEqualTo("same-v2");
    }

    @Test
    void stagingFoldersOfDeadProcessesAreSweptButLiveOnesKept() throws Exception {
        Path dead = Files.createDirectories(releases.resolve(".dumpguard-999999999-" + java.util.UUID.randomUUID()));
        Files.writeString(dead.resolve("out.partial"), "x");
        Path live = Files.createDirectories(releases.resolve(".dumpguard-" + ProcessHandle.current().pid() + "-"
                + java.util.UUID.randomUUID()));
        gate.release(dump("d", "data"), releases, ReleaseOptions.defaults());
        assertThat(dead).doesNotExist();
        assertThat(live).exists();
    }
}
