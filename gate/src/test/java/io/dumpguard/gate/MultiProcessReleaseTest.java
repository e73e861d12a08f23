package io.dumpguard.gate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Gate processes that die or run at the same time, as on a real release host. */
class MultiProcessReleaseTest {
    private static final long CHILD_WAIT_SECONDS = 300; // a hang guard, not a timing assertion

    @TempDir
    Path tmp;

    private static List<String> names(Path dir, boolean hidden) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> hidden || !n.startsWith(".")).sorted().toList();
        }
    }

    @Test
    void aReleaseKilledWithSigkillLeavesNothingInTheReleaseFolder() throws Exception {
        Path cfg = tmp.resolve("gate");
        Path to = Files.createDirectories(tmp.resolve("releases"));
        Path in = Files.writeString(tmp.resolve("core.42"), "dump " + FakeSanitizer.MARKER + " tail");
        Process p = ChildJvm.start(ReleaseChild.class, Map.of(), null, cfg.toString(), in.toString(), to.toString(),
                "block");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line = r.readLine();
            assertThat(line).as("child announces it is inside sanitize").startsWith("SANITIZING out.partial");
            assertThat(names(to, true)).as("the half-written output exists, in a hidden staging folder").hasSize(1)
                    .allMatch(n -> n.startsWith(".dumpguard-" + p.pid() + "-"));
            p.destroyForcibly(); // SIGKILL on Linux: no finally blocks, no shutdown hooks
            assertThat(p.waitFor(CHILD_WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(p.exitValue()).isEqualTo(137);
        assertThat(names(to, false)).isEmpty();

        Gate gate = new Gate(GateConfig.in(cfg), new FakeSanitizer());
        ReleaseResult next = gate.release(Files.writeString(tmp.resolve("core.43"), "x"), to, ReleaseOptions.defaults());
        assertThat(next.released()).isTrue();
        assertThat(names(to, true)).as("the dead process's temporary was swept")
                .containsExactly("core.43", "core.43" + Gate.ATTESTATION_SUFFIX);
        assertThat(gate.audit().verify(gate.key().publicKey()).ok()).isTrue();
    }

    @Test
    void eightConcurrentReleasesLeaveEightEntriesAndAValidChain() throws Exception {
        Path cfg = tmp.resolve("gate"); // no key yet: the eight processes also race to create it
        Path to = Files.createDirectories(tmp.resolve("releases"));
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Path in = Files.writeString(tmp.resolve("dump-" + i), "dump " + i + " " + FakeSanitizer.MARKER);
            ps.add(ChildJvm.start(ReleaseChild.class, Map.of(), tmp.resolve("child-" + i + ".log"), cfg.toString(),
                    in.toString(), to.toString(), "normal", "3"));
        }
        for (int i = 0; i < ps.size(); i++) {
            assertThat(ps.get(i).waitFor(CHILD_WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(ps.get(i).exitValue()).as(Files.readString(tmp.resolve("child-" + i + ".log"))).isZero();
        }
        assertThat(names(to, true)).hasSize(16);

        Gate gate = new Gate(GateConfig.in(cfg), new FakeSanitizer());
        Path trust = Files.writeString(tmp.resolve("gate.pub.pem"), gate.publicKeyPem());
        for (int i = 0; i < 8; i++) {
            AcceptResult a = gate.accept(to.resolve("dump-" + i), to.resolve("dump-" + i + Gate.ATTESTATION_SUFFIX),
                    trust, new AcceptOptions(true));
            assertThat(a.accepted()).as(a.reason()).isTrue();
        }
        List<String> lines = new ArrayList<>();
        for (Path f : AuditFiles.list(gate.audit().directory())) {
            lines.addAll(Files.readAllLines(f));
        }
        assertThat(lines.stream().filter(l -> l.contains("\"action\":\"release\""))).hasSize(8);
        assertThat(lines).allMatch(l -> l.startsWith("{") && l.endsWith("}"));
        AuditVerification v = gate.audit().verify(gate.key().publicKey());
        assertThat(v.ok()).as(v.message()).isTrue();
        assertThat(v.checkpoints()).isGreaterThanOrEqualTo(2);
    }
}
