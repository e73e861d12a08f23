package io.dumpguard.gate;

import io.dumpguard.core.Finding;
import io.dumpguard.core.Verdict;

import java.util.List;
import java.util.Objects;

/**
 * The engine's answer in the terms the gate records. Holds findings (positions, detector ids, fingerprints); their
 * {@code secrets()} are never written anywhere by the gate.
 *
 * @param verdict      clean, redacted or refused
 * @param format       the detected format id, or null when unknown
 * @param inputSha256  hex SHA-256 of the input as the engine read it, or null
 * @param outputSha256 hex SHA-256 of the output as the engine wrote it, or null
 * @param findings     what was found in the input (sanitize) or in the file (verify)
 * @param refusal      why the input was refused, or null
 * @param reportJson   the engine's JSON report (no secret bytes), or null
 * @param verification how the written output was verified (the engine's report says: re-scanned where the
 *                     redaction wrote and compared, or re-scanned in full), or null
 */
public record SanitizeOutcome(Verdict verdict, String format, String inputSha256, String outputSha256,
                              List<Finding> findings, String refusal, String reportJson, String verification) {
    public SanitizeOutcome {
        Objects.requireNonNull(verdict, "verdict");
        findings = findings == null ? List.of() : List.copyOf(findings);
    }

    /** An outcome that does not say how its output was verified. */
    public SanitizeOutcome(Verdict verdict, String format, String inputSha256, String outputSha256,
                           List<Finding> findings, String refusal, String reportJson) {
        this(verdict, format, inputSha256, outputSha256, findings, refusal, reportJson, null);
    }

    public static SanitizeOutcome refused(String format, String inputSha256, String why) {
        return new SanitizeOutcome(Verdict.REFUSED, format, inputSha256, null, List.of(), why, null);
    }
}
