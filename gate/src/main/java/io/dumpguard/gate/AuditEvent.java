package io.dumpguard.gate;

import io.dumpguard.core.Finding;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One thing that happened, as the audit log records it: digests, names, verdict and detector counts. Never secret
 * bytes: the caller passes findings only through {@link #detectorCounts(List)}, which keeps ids and counts.
 *
 * @param action       scan, sanitize, verify, release, accept, refusal (the CLI may add its own)
 * @param inputName    the input's file name (not its content), or null
 * @param inputSha256  hex SHA-256 of the input, or null
 * @param outputName   the output's file name, or null
 * @param outputSha256 hex SHA-256 of the output, or null
 * @param verdict      clean, redacted, refused, accepted, rejected, or null
 * @param detectors    detector id → number of findings
 * @param reason       why (refusal reason, acceptance check), or null
 */
public record AuditEvent(String action, String inputName, String inputSha256, String outputName,
                         String outputSha256, String verdict, Map<String, Integer> detectors, String reason) {
    public AuditEvent {
        Objects.requireNonNull(action, "action");
        detectors = detectors == null ? Map.of() : Map.copyOf(new TreeMap<>(detectors));
    }

    public static AuditEvent of(String action) {
        return new AuditEvent(action, null, null, null, null, null, null, null);
    }

    public AuditEvent withInput(String name, String sha256) {
        return new AuditEvent(action, name, sha256, outputName, outputSha256, verdict, detectors, reason);
    }

    public AuditEvent withOutput(String name, String sha256) {
        return new AuditEvent(action, inputName, inputSha256, name, sha256, verdict, detectors, reason);
    }

    public AuditEvent withVerdict(String v) {
        return new AuditEvent(action, inputName, inputSha256, outputName, outputSha256, v, detectors, reason);
    }

    public AuditEvent withDetectors(Map<String, Integer> counts) {
        return new AuditEvent(action, inputName, inputSha256, outputName, outputSha256, verdict, counts, reason);
    }

    public AuditEvent withReason(String r) {
        return new AuditEvent(action, inputName, inputSha256, outputName, outputSha256, verdict, detectors, r);
    }

    /** Detector id → number of findings, sorted by id. */
    public static Map<String, Integer> detectorCounts(List<Finding> findings) {
        Map<String, Integer> m = new TreeMap<>();
        for (Finding f : findings) {
            m.merge(f.detector(), 1, Integer::sum);
        }
        return m;
    }
}
