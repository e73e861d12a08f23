package io.dumpguard.gate;

/**
 * The result of {@link AuditLog#verify}: either the chain holds, or the first place it breaks.
 *
 * @param problem          null when the log verifies, else what was found first
 * @param seq              the seq of the entry the problem is about (for REMOVED: the first missing seq), or -1
 * @param file             the log file name where it was found, or null
 * @param line             1-based line number in that file, or 0
 * @param message          a sentence for the user
 * @param entries          entries read
 * @param checkpoints      checkpoints whose signatures verified
 * @param unsignedTail     entries after the last verified checkpoint (protected by the chain only)
 */
public record AuditVerification(Problem problem, long seq, String file, int line, String message, int entries,
                                int checkpoints, int unsignedTail) {
    public enum Problem {
        /** An entry's content was changed (its hash no longer matches the next entry's prev). */
        MODIFIED,
        /** One or more entries are missing. */
        REMOVED,
        /** An entry appears before one it chains to. */
        REORDERED,
        /** A line that is not part of the chain was added. */
        INSERTED,
        /** A checkpoint signature does not verify: the entries before it were rewritten or the key differs. */
        BAD_CHECKPOINT
    }

    public boolean ok() {
        return problem == null;
    }

    static AuditVerification ok(int entries, int checkpoints, int unsignedTail) {
        return new AuditVerification(null, -1, null, 0,
                "audit log verifies: " + entries + " entries, " + checkpoints + " signed checkpoints, "
                        + unsignedTail + " entries after the last checkpoint", entries, checkpoints, unsignedTail);
    }
}
