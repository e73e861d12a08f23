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
 */
public record SanitizeOutcome(Verdict verdict, String format, String inputSha256, String outputSha256,
                              List<Finding> findings, String refusal, String reportJson) {
    public SanitizeOutcome {
        Objects.requireNonNull(verdict, "verdict");
        findings = findings == null ? List.of() : List.copyOf(findings);
    }

    public static SanitizeOutcome refused(String format, String inputSha256, String why) {
        return new SanitizeOutcome(Verdict.REFUSED, format, inputSha256, null, List.of(), why, null);
    }
}
