package io.dumpguard.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class AuditLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    GateKey key;
    Path dir;

    @BeforeEach
    void setUp() throws Exception {
        key = GateKeys.fileBacked(tmp.resolve("gate"));
        dir = tmp.resolve("audit");
    }

    private AuditLog log(AuditSettings s) {
        return new AuditLog(dir, s, () -> key);
    }

    private AuditLog filled(int n, AuditSettings s) throws Exception {
        AuditLog log = log(s);
        for (int i = 0; i < n; i++) {
            log.append(AuditEvent.of("scan").withInput("dump-" + i, "ab".repeat(32)).withVerdict("clean")
                    .withDetectors(Map.of("key.der.pkcs8", i)));
        }
        return log;
    }

    private AuditLog filled(int n) throws Exception {
        return filled(n, AuditSettings.DEFAULT.withCheckpointEvery(1000));
    }

    private Path first() {
        return AuditFiles.file(dir, 1);
    }

    private List<String> lines(Path f) throws Exception {
        return new ArrayList<>(Files.readAllLines(f));
    }

    private void write(Path f, List<String> lines) throws Exception {
        Files.writeString(f, String.join("\n", lines) + "\n");
    }

    private AuditVerification verify(AuditLog log) throws Exception {
        return log.verify(key.publicKey());
    }

    @Test
    void anUntouchedLogVerifies() throws Exception {
        AuditLog log = filled(10, AuditSettings.DEFAULT.withCheckpointEvery(4));
        AuditVerification v = verify(log);
        assertThat(v.ok()).as(v.message()).isTrue();
        assertThat(v.checkpoints()).isEqualTo(3);
        List<String> l = lines(first());
        assertThat(l.getFirst()).contains("\"seq\":0", "\"prev\":\"" + "0".repeat(64) + "\"", "\"actor\":",
                "\"host\":", "\"pid\":", "\"time\":");
        for (int i = 1; i < l.size(); i++) {
            assertThat(JSON.readTree(l.get(i)).get("prev").asText()).isEqualTo(AuditFiles.hash(l.get(i - 1)));
            assertThat(JSON.readTree(l.get(i)).get("seq").asLong()).isEqualTo(i);
        }
    }

    @Test
    void anEditedEntryIsNamed() throws Exception {
        AuditLog log = filled(10);
        List<String> l = lines(first());
        l.set(4, l.get(4).replace("\"verdict\":\"clean\"", "\"verdict\":\"redacted\""));
        write(first(), l);
        AuditVerification v = verify(log);
        assertThat(v.problem()).isEqualTo(AuditVerification.Problem.MODIFIED);
        assertThat(v.seq()).isEqualTo(4);
        assertThat(v.line()).isEqualTo(5);
        assertThat(v.file()).isEqualTo("audit-000001.jsonl");
    }

    @Test
    void aDeletedEntryIsNamed() throws Exception {
        AuditLog log = filled(10);
        List<String> l = lines(first());
        l.remove(4);
        write(first(), l);
        AuditVerification v = verify(log);
        assertThat(v.problem()).isEqualTo(AuditVerification.Problem.REMOVED);
        assertThat(v.seq()).isEqualTo(4);
        assertThat(v.message()).contains("entry seq 4 was removed");
    }

    @Test
    void reorderedEntriesAreNamed() throws Exception {
        AuditLog log = filled(10);
        List<String> l = lines(first());
        String a = l.get(4);
        l.set(4, l.get(5));
        l.set(5, a);
        write(first(), l);
        AuditVerification v = verify(log);
        assertThat(v.problem()).isEqualTo(AuditVerification.Problem.REORDERED);
        assertThat(v.seq()).isEqualTo(5);
        assertThat(v.line()).isEqualTo(5);
    }

    @Test
    void aCopiedLineInsertedIsNamed() throws Exception {
        AuditLog log = filled(10);
        List<String> l = lines(first());
        l.add(4, l.get(3));
        write(first(), l);
        AuditVerification v = verify(log);
        assertThat(v.problem()).isEqualTo(AuditVerification.Problem.INSERTED);
        assertThat(v.line()).isEqualTo(5);
    }

    @Test
    void aForgedEntryWithACorrectLinkInsertedIsNamed() throws Exception {
        AuditLog log = filled(10);
        List<String> l = lines(first());
        ObjectNode forged = (ObjectNode) JSON.readTree(l.get(4));
        forged.put("prev", AuditFiles.hash(l.get(3)));
        forged.put("inputName", "innocent.dmp");
        l.add(4, forged.toString());
        write(first(), l);
        AuditVerification v = verify(log);
        assertThat(v.problem()).isEqualTo(AuditVerification.Problem.INSERTED);
        assertThat(v.line()).isEqualTo(5);
    }

    @Test
    void aGarbageLineInsertedIsNamed() throws Exception {
        AuditLog log = filled(10);
        List<String> l = lines(first());
        l.add(7, "{\"hello\":1}");
        write(first(), l);
        AuditVerification v = verify(log);
        assertThat(v.problem()).isEqualTo(AuditVerification.Problem.INSERTED);
        assertThat(v.line()).isEqualTo(8);
    }

    @Test
    void aRewrittenChainIsCaughtByTheNextSignedCheckpoint() throws Exception {
        AuditLog log = filled(12, AuditSettings.DEFAULT.withCheckpointEvery(5));
        List<String> l = lines(first());
        l.set(2, l.get(2).replace("dump-2", "dump-X"));
        for (int i = 3; i < l.size(); i++) { // the forger recomputes every later link
            ObjectNode n = (ObjectNode) JSON.readTree(l.get(i));
            n.put("prev", AuditFiles.hash(l.get(i - 1)));
            l.set(i, n.toString());
        }
        write(first(), l);
        AuditVerification v = verify(log);
        assertThat(v.problem()).isEqualTo(AuditVerification.Problem.BAD_CHECKPOINT);
        assertThat(v.seq()).isEqualTo(5);
    }

    @Test
    void checkpointsDoNotVerifyWithAnotherKey() throws Exception {
        AuditLog log = filled(6, AuditSettings.DEFAULT.withCheckpointEvery(3));
        GateKey other = GateKeys.fileBacked(tmp.resolve("other"));
        assertThat(log.verify(other.publicKey()).problem()).isEqualTo(AuditVerification.Problem.BAD_CHECKPOINT);
    }

    @Test
    void rotationKeepsTheChainAcrossFiles() throws Exception {
        AuditLog log = filled(30, AuditSettings.DEFAULT.withRotateBytes(2000));
        List<Path> files = AuditFiles.list(dir);
        assertThat(files).hasSizeGreaterThan(2);
        for (int i = 1; i < files.size(); i++) {
            List<String> prev = lines(files.get(i - 1));
            assertThat(prev.getLast()).contains("\"action\":\"checkpoint\"", "\"reason\":\"rotation\"");
            assertThat(JSON.readTree(lines(files.get(i)).getFirst()).get("prev").asText())
                    .isEqualTo(AuditFiles.hash(prev.getLast()));
        }
        AuditVerification v = verify(log);
        assertThat(v.ok()).as(v.message()).isTrue();
        assertThat(v.checkpoints()).isGreaterThanOrEqualTo(files.size() - 1);
    }

    @Test
    void aWholeFileRemovedFromTheMiddleIsNamed() throws Exception {
        AuditLog log = filled(30, AuditSettings.DEFAULT.withRotateBytes(2000));
        List<Path> files = AuditFiles.list(dir);
        long firstMissing = JSON.readTree(lines(files.get(1)).getFirst()).get("seq").asLong();
        Files.delete(files.get(1));
        AuditVerification v = verify(log);
        assertThat(v.problem()).isEqualTo(AuditVerification.Problem.REMOVED);
        assertThat(v.seq()).isEqualTo(firstMissing);
    }

    @Test
    void retentionRemovesOldFilesWithARecordAndTheRestStillVerifies() throws Exception {
        AuditLog log = filled(40, AuditSettings.DEFAULT.withRotateBytes(2000).withRetention(2, 0));
        List<Path> files = AuditFiles.list(dir);
        assertThat(AuditFiles.number(files.getFirst())).isGreaterThan(1);
        assertThat(files.size()).isLessThanOrEqualTo(3);
        StringBuilder all = new StringBuilder();
        for (Path f : files) {
            all.append(Files.readString(f));
        }
        assertThat(all).contains("\"action\":\"retention\"", "\"anchor\":");
        AuditVerification v = verify(log);
        assertThat(v.ok()).as(v.message()).isTrue();
    }

    @Test
    void silentlyDeletingTheOldestFileIsNamed() throws Exception {
        AuditLog log = filled(30, AuditSettings.DEFAULT.withRotateBytes(2000));
        Files.delete(first());
        AuditVerification v = verify(log);
        assertThat(v.problem()).isEqualTo(AuditVerification.Problem.REMOVED);
        assertThat(v.message()).contains("no retention entry");
    }

    @Test
    void aPartialLineFromACrashIsCutOffAndRecorded() throws Exception {
        AuditLog log = filled(3);
        Files.writeString(first(), "{\"seq\":3,\"prev\":\"ab", StandardOpenOption.APPEND);
        log.append(AuditEvent.of("scan"));
        List<String> l = lines(first());
        assertThat(l.get(3)).contains("\"action\":\"repair\"", "\"truncatedBytes\":19");
        assertThat(l.get(4)).contains("\"seq\":4");
        assertThat(verify(log).ok()).isTrue();
    }

    @Test
    void concurrentAppendsFromThreadsLoseNothing() throws Exception {
        AuditLog log = log(AuditSettings.DEFAULT.withCheckpointEvery(7).withRotateBytes(8000));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> fs = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                fs.add(pool.submit(() -> log.append(AuditEvent.of("scan").withInput("t" + n, null))));
            }
            for (Future<Long> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        AuditVerification v = verify(log);
        assertThat(v.ok()).as(v.message()).isTrue();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        log.export(AuditLog.ExportFormat.JSONL, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8).lines().filter(s -> s.contains("\"action\":\"scan\"")))
                .hasSize(200);
    }

    @Test
    void exportsSyslogLines() throws Exception {
        AuditLog log = filled(3, AuditSettings.DEFAULT.withCheckpointEvery(2));
        log.append(AuditEvent.of("refusal").withVerdict("refused").withReason("bad \"quote\" ] here"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        log.export(AuditLog.ExportFormat.SYSLOG, new PrintStream(out, true, StandardCharsets.UTF_8));
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(lines(first()).size());
        assertThat(lines).allMatch(s -> s.matches(
                "<10[89]>1 \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z \\S+ dumpguard \\d+ [a-z]+ \\[dumpguard@32473 seq=\"\\d+\""
                        + " prev=\"[0-9a-f]{64}\".*] \\{.*}"), "RFC 5424 shape");
        assertThat(lines.stream().filter(s -> s.contains(" refusal ")).findFirst().orElseThrow())
                .startsWith("<108>1 ").contains("verdict=\"refused\"");
    }
}
