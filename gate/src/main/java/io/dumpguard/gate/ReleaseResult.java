package io.dumpguard.gate;

import java.nio.file.Path;

/**
 * What a release did.
 *
 * @param released     true when the sanitized dump and its attestation are in the release folder
 * @param output       the released dump, or null
 * @param attestation  its DSSE envelope ({@code NAME.intoto.jsonl}), or null
 * @param outputSha256 hex SHA-256 of the released dump, or null
 * @param quarantine   the quarantine folder holding the refused input and its report, or null
 * @param reason       why it was refused, or null
 * @param outcome      the engine's outcome (findings without secret bytes)
 * @param auditSeq     seq of the audit entry recording it
 */
public record ReleaseResult(boolean released, Path output, Path attestation, String outputSha256, Path quarantine,
                            String reason, SanitizeOutcome outcome, long auditSeq) {
    /** The CLI contract: 0 released, 3 refused. */
    public int exitCode() {
        return released ? 0 : 3;
    }
}
