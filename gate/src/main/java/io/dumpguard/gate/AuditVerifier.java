package io.dumpguard.gate;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks the audit chain across all files in order and names the first entry that was modified, removed, reordered
 * or inserted. The walk expects entry {@code seq = n} with {@code prev = hash(previous line)}; at the first entry
 * that does not fit, the shape of the break tells which tampering it was:
 * <ul>
 *   <li>its {@code prev} is the hash of a line further down → that line was moved: REORDERED;</li>
 *   <li>the line after it fits where it should be → it was added: INSERTED (also a copied line);</li>
 *   <li>its {@code prev} is the hash of a line two or more back, and its seq follows that line's → the lines in
 *       between were added with a forged link: INSERTED;</li>
 *   <li>its {@code prev} matches no line and its seq is the expected one → the line before it was changed:
 *       MODIFIED (that line); a seq further on → entries were taken out: REMOVED;</li>
 *   <li>otherwise the entry itself was changed: MODIFIED.</li>
 * </ul>
 * A log whose whole chain was recomputed after an edit passes these checks; the next signed checkpoint then fails.
 */
final class AuditVerifier {
    private final PublicKey trusted;

    AuditVerifier(PublicKey trusted) {
        this.trusted = trusted;
    }

    private record Line(String file, int lineNo, String text, String hash, JsonNode node) {
        long seq() {
            return node == null ? Long.MIN_VALUE : node.get("seq").asLong();
        }

        String prev() {
            return node == null ? null : node.get("prev").asText();
        }
    }

    AuditVerification verify(Path dir) throws IOException {
        List<Line> lines = new ArrayList<>();
        for (Path f : AuditFiles.list(dir)) {
            int n = 0;
            for (String t : AuditFiles.lines(f)) {
                lines.add(new Line(f.getFileName().toString(), ++n, t, AuditFiles.hash(t), AuditFiles.parse(t)));
            }
        }
        Map<String, Integer> firstByHash = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            firstByHash.putIfAbsent(lines.get(i).hash, i);
        }
        if (lines.isEmpty()) {
            return AuditVerification.ok(0, 0, 0);
        }
        long expSeq;
        String expPrev;
        Line first = lines.getFirst();
        if (first.node != null && !AuditFiles.GENESIS.equals(first.prev()) && first.seq() > 0) {
            if (!anchored(lines, first)) {
                return problem(AuditVerification.Problem.REMOVED, 0, first,
                        "entries seq 0.." + (first.seq() - 1) + " before " + first.file + ":1 are missing and no"
                                + " retention entry records their removal");
            }
            expSeq = first.seq();
            expPrev = first.prev();
        } else {
            expSeq = 0;
            expPrev = AuditFiles.GENESIS;
        }
        int checkpoints = 0;
        int sinceCheckpoint = 0;
        for (int i = 0; i < lines.size(); i++) {
            Line x = lines.get(i);
            if (x.node != null && x.seq() == expSeq && expPrev.equals(x.prev())) {
                if ("checkpoint".equals(x.node.path("action").asText())) {
                    if (!checkpointValid(x)) {
                        return problem(AuditVerification.Problem.BAD_CHECKPOINT, x.seq(), x,
                                "checkpoint seq " + x.seq() + " at " + x.file + ":" + x.lineNo + " does not verify"
                                        + " with the trusted gate key: the entries before it were rewritten");
                    }
                    checkpoints++;
                    sinceCheckpoint = 0;
                } else {
                    sinceCheckpoint++;
                }
                expSeq++;
                expPrev = x.hash;
                continue;
            }
            return classify(lines, firstByHash, i, expSeq, expPrev);
        }
        return AuditVerification.ok(lines.size(), checkpoints, sinceCheckpoint);
    }

    private AuditVerification classify(List<Line> lines, Map<String, Integer> firstByHash, int i, long expSeq,
                                       String expPrev) {
        Line x = lines.get(i);
        Integer j = x.node == null ? null : firstByHash.get(x.prev());
        if (j != null && j > i) {
            return problem(AuditVerification.Problem.REORDERED, x.seq(), x, "entry seq " + x.seq() + " at " + x.file
                    + ":" + x.lineNo + " appears before the entry it follows (seq " + lines.get(j).seq() + " at "
                    + lines.get(j).file + ":" + lines.get(j).lineNo + ")");
        }
        if (i + 1 < lines.size() && lines.get(i + 1).node != null && lines.get(i + 1).seq() == expSeq
                && expPrev.equals(lines.get(i + 1).prev())) {
            return problem(AuditVerification.Problem.INSERTED, x.seq(), x, "the line at " + x.file + ":" + x.lineNo
                    + " is not part of the chain (inserted)");
        }
        if (x.node == null) {
            return problem(AuditVerification.Problem.MODIFIED, expSeq, x, "the line at " + x.file + ":" + x.lineNo
                    + " (expected seq " + expSeq + ") is not a valid audit entry");
        }
        if (j != null && j < i - 1 && x.seq() == lines.get(j).seq() + 1) {
            Line ins = lines.get(j + 1);
            return problem(AuditVerification.Problem.INSERTED, ins.seq(), ins, "the line at " + ins.file + ":"
                    + ins.lineNo + " is not part of the chain (inserted): the next entry, seq " + x.seq()
                    + ", chains past it");
        }
        if (j == null && x.seq() > expSeq) {
            return problem(AuditVerification.Problem.REMOVED, expSeq, x, (x.seq() - expSeq == 1 ? "entry seq "
                    + expSeq + " was" : "entries seq " + expSeq + ".." + (x.seq() - 1) + " were")
                    + " removed before " + x.file + ":" + x.lineNo);
        }
        if (j == null && x.seq() == expSeq && i > 0) {
            Line m = lines.get(i - 1);
            return problem(AuditVerification.Problem.MODIFIED, m.seq(), m, "entry seq " + m.seq() + " at " + m.file
                    + ":" + m.lineNo + " was modified: its hash no longer matches the prev of seq " + x.seq());
        }
        return problem(AuditVerification.Problem.MODIFIED, x.seq(), x, "entry at " + x.file + ":" + x.lineNo
                + " was modified (seq " + x.seq() + ", expected seq " + expSeq + ")");
    }

    /** The first surviving entry chains to an anchor kept by a retention entry. */
    private static boolean anchored(List<Line> lines, Line first) {
        for (Line l : lines) {
            if (l.node != null && "retention".equals(l.node.path("action").asText())
                    && first.prev().equals(l.node.path("anchor").asText())
                    && l.node.path("anchorSeq").asLong(-2) == first.seq() - 1) {
                return true;
            }
        }
        return false;
    }

    private boolean checkpointValid(Line x) {
        try {
            byte[] sig = Base64.getDecoder().decode(x.node.path("sig").asText(""));
            return GateKey.verify(trusted, Dsse.pae(AuditLog.CHECKPOINT_TYPE,
                    AuditLog.checkpointBody(x.seq(), x.prev())), sig);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static AuditVerification problem(AuditVerification.Problem p, long seq, Line at, String msg) {
        return new AuditVerification(p, seq, at.file, at.lineNo, msg, 0, 0, 0);
    }
}
