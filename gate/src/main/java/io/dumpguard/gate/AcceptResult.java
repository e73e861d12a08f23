package io.dumpguard.gate;

/**
 * The receiving side's decision.
 *
 * @param accepted     true when every check passed
 * @param reason       the check that failed, or a summary of what was checked
 * @param fileSha256   hex SHA-256 of the file as checked
 * @param verdict      the attested verdict, or null when the attestation could not be read
 * @param policy       the attested policy, or null
 * @param auditSeq     seq of the audit entry recording the decision
 */
public record AcceptResult(boolean accepted, String reason, String fileSha256, String verdict, String policy,
                           long auditSeq) {
    /** The CLI contract: 0 accepted, 3 refused. */
    public int exitCode() {
        return accepted ? 0 : 3;
    }
}
