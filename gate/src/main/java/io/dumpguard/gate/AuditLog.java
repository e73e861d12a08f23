package io.dumpguard.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The gate's tamper-evident audit log: JSON lines in {@code audit-NNNNNN.jsonl}, each entry carrying {@code seq}
 * and {@code prev} (hex SHA-256 of the previous line's bytes, all zeros for the very first entry), so editing,
 * removing, reordering or inserting a line breaks the chain at a nameable place. Signed checkpoint entries (every
 * {@link AuditSettings#checkpointEvery()} entries and at every rotation) sign {@code seq} and the chain head with
 * the gate key, so rewriting the whole chain after an edit is detected too.
 *
 * <p>Several processes may append at once: an append takes an exclusive {@link FileLock} on {@code .audit.lock}
 * (and a per-directory lock inside this JVM, because one JVM cannot hold two overlapping file locks), reads the last
 * line's hash, writes the new line with one write on an {@code O_APPEND} channel and fsyncs before releasing the
 * lock. A line is therefore complete or absent; a partial line can only be left by a crash or power loss, and the
 * next append cuts it off and records that in a {@code repair} entry (it was never acknowledged to anyone).
 *
 * <p>Rotation closes a file with a checkpoint; the next file's first entry chains to it. Retention removes only
 * whole closed files from the oldest end, after recording a {@code retention} entry that names them and keeps the
 * hash of their last line as the new anchor: removal is never silent.
 */
public final class AuditLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
    static final String CHECKPOINT_TYPE = "application/vnd.dumpguard.audit-checkpoint";

    /** Supplies the gate key when a checkpoint is due (lazily: appending never needs it otherwise). */
    public interface KeySupplier {
        GateKey get() throws IOException;
    }

    private final Path dir;
    private final AuditSettings settings;
    private final KeySupplier key;

    public AuditLog(Path dir, AuditSettings settings, KeySupplier key) {
        this.dir = dir.toAbsolutePath().normalize();
        this.settings = settings;
        this.key = key;
    }

    public Path directory() {
        return dir;
    }

    /** Appends one entry and returns its seq. Durable (fsynced) when this returns. */
    public long append(AuditEvent event) throws IOException {
        return locked(() -> {
            State s = state();
            ObjectNode entry = entryFor(s.nextSeq, s.head, event.action());
            putEvent(entry, event);
            long seq = write(s, entry);
            if ((seq + 1) % settings.checkpointEvery() == 0) {
                checkpoint(state(), "interval");
            }
            State after = state();
            if (Files.size(after.file) >= settings.rotateBytes()) {
                rotate(after);
            }
            return seq;
        });
    }

    /** Closes the current file with a checkpoint now (for example before archiving). */
    public void rotate() throws IOException {
        locked(() -> {
            State s = state();
            if (s.nextSeq > 0 && !s.closed) {
                rotate(s);
            }
            return null;
        });
    }

    /** Checks the whole log; see {@link AuditVerifier}. */
    public AuditVerification verify(PublicKey trusted) throws IOException {
        return sharedLocked(() -> new AuditVerifier(trusted).verify(dir));
    }

    public enum ExportFormat {
        /** The entries exactly as stored, one JSON object per line. */
        JSONL,
        /** RFC 5424 syslog lines, the entry as structured data and message. */
        SYSLOG
    }

    /** Writes every entry, oldest first, to {@code out}. */
    public void export(ExportFormat format, PrintStream out) throws IOException {
        sharedLocked(() -> {
            for (Path f : AuditFiles.list(dir)) {
                for (String line : AuditFiles.lines(f)) {
                    out.print(format == ExportFormat.JSONL ? line : SyslogLine.of(line));
                    out.print('\n');
                }
            }
            out.flush();
            return null;
        });
    }

    // ---- appending -------------------------------------------------------------------------------------------

    /** Where the next entry goes and what it chains to. */
    private record State(Path file, long nextSeq, String head, boolean closed) {
    }

    private State state() throws IOException {
        List<Path> files = AuditFiles.list(dir);
        if (files.isEmpty()) {
            return new State(AuditFiles.file(dir, 1), 0, AuditFiles.GENESIS, false);
        }
        for (int i = files.size() - 1; i >= 0; i--) {
            Path f = files.get(i);
            AuditFiles.Tail t = AuditFiles.tail(f);
            if (t.partialStart() >= 0) {
                repair(f, t);
                t = AuditFiles.tail(f);
            }
            if (t.lastLine() == null) {
                if (i == 0) {
                    return new State(f, 0, AuditFiles.GENESIS, false);
                }
                continue; // an empty newest file: chain to the file before it, write into this one
            }
            JsonNode last = AuditFiles.parse(t.lastLine());
            if (last == null) {
                throw new IOException(f + ": last audit entry is not a valid entry; run 'audit verify'");
            }
            boolean closed = "checkpoint".equals(last.path("action").asText())
                    && "rotation".equals(last.path("reason").asText());
            Path target = closed ? AuditFiles.file(dir, AuditFiles.number(files.getLast()) + (i == files.size() - 1
                    ? 1 : 0)) : files.getLast();
            return new State(target, last.get("seq").asLong() + 1, AuditFiles.hash(t.lastLine()), closed);
        }
        throw new IllegalStateException("unreachable");
    }

    private void repair(Path f, AuditFiles.Tail t) throws IOException {
        long cut = t.size() - t.partialStart();
        byte[] partial = new byte[(int) cut]; // at most 2 * MAX_LINE_BYTES + 2 (AuditFiles.tail checks)
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.seek(t.partialStart());
            raf.readFully(partial);
            raf.setLength(t.partialStart());
            raf.getFD().sync();
        }
        State s = state();
        ObjectNode e = entryFor(s.nextSeq, s.head, "repair");
        e.put("file", f.getFileName().toString());
        e.put("truncatedBytes", cut);
        e.put("truncatedSha256", io.dumpguard.core.Fingerprints.sha256Hex(partial));
        e.put("reason", "partial line left by an interrupted append was removed");
        write(s, e);
    }

    private void checkpoint(State s, String reason) throws IOException {
        ObjectNode e = entryFor(s.nextSeq, s.head, "checkpoint");
        e.put("reason", reason);
        GateKey k = key.get();
        try {
            e.put("keyid", k.keyId());
            e.put("sig", java.util.Base64.getEncoder().encodeToString(
                    k.sign(Dsse.pae(CHECKPOINT_TYPE, checkpointBody(s.nextSeq, s.head)))));
        } catch (GeneralSecurityException ex) {
            throw new IOException("cannot sign the audit checkpoint with " + k + ": " + ex.getMessage(), ex);
        }
        write(s, e);
    }

    static byte[] checkpointBody(long seq, String head) {
        return ("dumpguard-audit-checkpoint/v1 seq=" + seq + " head=" + head).getBytes(StandardCharsets.US_ASCII);
    }

    private void rotate(State s) throws IOException {
        checkpoint(s, "rotation");
        State next = state(); // now points at the next file
        applyRetention(next);
    }

    private void applyRetention(State s) throws IOException {
        if (settings.keepFiles() == 0 && settings.keepDays() == 0) {
            return;
        }
        List<Path> closed = AuditFiles.list(dir).stream().filter(p -> !p.equals(s.file)).toList();
        Instant cutoff = Instant.now().minus(Duration.ofDays(settings.keepDays()));
        List<Path> remove = new ArrayList<>();
        for (int i = 0; i < closed.size(); i++) {
            boolean tooMany = settings.keepFiles() > 0 && closed.size() - i > settings.keepFiles();
            boolean tooOld = settings.keepDays() > 0 && lastTime(closed.get(i)).isBefore(cutoff);
            if (!tooMany && !tooOld) {
                break; // only a prefix goes, so the remaining chain stays contiguous
            }
            remove.add(closed.get(i));
        }
        if (remove.isEmpty()) {
            return;
        }
        ObjectNode e = entryFor(s.nextSeq, s.head, "retention");
        ArrayNode files = e.putArray("removed");
        String anchor = null;
        long anchorSeq = -1;
        for (Path f : remove) {
            List<String> lines = AuditFiles.lines(f);
            ObjectNode r = files.addObject();
            r.put("file", f.getFileName().toString());
            r.put("firstSeq", AuditFiles.parse(lines.getFirst()).get("seq").asLong());
            anchorSeq = AuditFiles.parse(lines.getLast()).get("seq").asLong();
            anchor = AuditFiles.hash(lines.getLast());
            r.put("lastSeq", anchorSeq);
            r.put("lastHash", anchor);
        }
        e.put("anchorSeq", anchorSeq);
        e.put("anchor", anchor);
        e.put("reason", "retention keepFiles=" + settings.keepFiles() + " keepDays=" + settings.keepDays());
        write(s, e); // recorded before anything is deleted: a crash in between leaves extra files, never a gap
        for (Path f : remove) {
            Files.delete(f);
        }
        DurableFiles.fsyncDirectory(dir);
    }

    private static Instant lastTime(Path f) throws IOException {
        AuditFiles.Tail t = AuditFiles.tail(f);
        JsonNode n = t.lastLine() == null ? null : AuditFiles.parse(t.lastLine());
        try {
            return n == null ? Instant.MAX : Instant.parse(n.path("time").asText());
        } catch (RuntimeException e) {
            return Instant.MAX; // unreadable time: keep the file
        }
    }

    private static ObjectNode entryFor(long seq, String prev, String action) {
        ObjectNode e = JSON.createObjectNode();
        e.put("seq", seq);
        e.put("prev", prev);
        e.put("time", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        e.put("action", action);
        e.put("actor", System.getProperty("user.name", "unknown"));
        e.put("host", Host.NAME);
        e.put("pid", ProcessHandle.current().pid());
        return e;
    }

    private static void putEvent(ObjectNode e, AuditEvent ev) {
        putIf(e, "inputName", ev.inputName());
        putIf(e, "inputSha256", ev.inputSha256());
        putIf(e, "outputName", ev.outputName());
        putIf(e, "outputSha256", ev.outputSha256());
        putIf(e, "verdict", ev.verdict());
        if (!ev.detectors().isEmpty()) {
            ObjectNode d = e.putObject("detectors");
            ev.detectors().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(x -> d.put(x.getKey(), x.getValue()));
        }
        putIf(e, "reason", ev.reason());
    }

    private static void putIf(ObjectNode e, String k, String v) {
        if (v != null) {
            e.put(k, v);
        }
    }

    /** One write of the whole line on an O_APPEND channel, then fsync; returns the entry's seq. */
    private long write(State s, ObjectNode entry) throws IOException {
        byte[] line = (entry.toString() + "\n").getBytes(StandardCharsets.UTF_8);
        if (line.length > AuditFiles.MAX_LINE_BYTES) {
            String reason = entry.path("reason").asText("");
            entry.put("reason", reason.substring(0, Math.min(reason.length(), 1024)) + "...");
            entry.remove("detectors");
            entry.put("detectorsOmitted", true);
            line = (entry.toString() + "\n").getBytes(StandardCharsets.UTF_8);
        }
        DurableFiles.createOwnerOnlyDirectories(dir);
        boolean created = !Files.exists(s.file);
        try (FileChannel ch = FileChannel.open(s.file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buf = ByteBuffer.wrap(line);
            ch.write(buf);
            // a regular file write is not short unless the disk is full; finishing it keeps the line whole
            DurableFiles.writeFully(ch, buf);
            ch.force(true);
        }
        if (created) {
            DurableFiles.fsyncDirectory(dir);
        }
        return entry.get("seq").asLong();
    }

    // ---- locking ---------------------------------------------------------------------------------------------

    private interface Locked<T> {
        T run() throws IOException;
    }

    private <T> T locked(Locked<T> body) throws IOException {
        return withLock(false, body);
    }

    private <T> T sharedLocked(Locked<T> body) throws IOException {
        return withLock(true, body);
    }

    private <T> T withLock(boolean shared, Locked<T> body) throws IOException {
        DurableFiles.createOwnerOnlyDirectories(dir);
        ReentrantLock jvm = JVM_LOCKS.computeIfAbsent(dir, d -> new ReentrantLock());
        jvm.lock();
        try (FileChannel ch = FileChannel.open(dir.resolve(AuditFiles.LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock(0, Long.MAX_VALUE, shared)) {
            return body.run();
        } finally {
            jvm.unlock();
        }
    }

    /** The host name, looked up once. */
    private static final class Host {
        static final String NAME = lookup();

        private static String lookup() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                String env = System.getenv("HOSTNAME");
                return env == null ? "unknown" : env;
            }
        }
    }
}
