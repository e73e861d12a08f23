package io.dumpguard.gate;

/**
 * Audit log settings.
 *
 * @param checkpointEvery a signed checkpoint after every this many entries (also at every rotation)
 * @param rotateBytes     a log file is closed with a checkpoint and a new one started once it is this large
 * @param keepFiles       retention: most closed files kept (0 = keep all)
 * @param keepDays        retention: closed files whose last entry is older than this are removed (0 = keep all);
 *                        every removal is recorded in a retention entry carrying the removed files' anchor hash
 */
public record AuditSettings(int checkpointEvery, long rotateBytes, int keepFiles, int keepDays) {
    public static final AuditSettings DEFAULT = new AuditSettings(100, 16L << 20, 0, 0);

    public AuditSettings {
        if (checkpointEvery < 1 || rotateBytes < 1 || keepFiles < 0 || keepDays < 0) {
            throw new IllegalArgumentException("audit settings out of range: checkpointEvery " + checkpointEvery
                    + ", rotateBytes " + rotateBytes + ", keepFiles " + keepFiles + ", keepDays " + keepDays);
        }
    }

    public AuditSettings withCheckpointEvery(int n) {
        return new AuditSettings(n, rotateBytes, keepFiles, keepDays);
    }

    public AuditSettings withRotateBytes(long n) {
        return new AuditSettings(checkpointEvery, n, keepFiles, keepDays);
    }

    public AuditSettings withRetention(int files, int days) {
        return new AuditSettings(checkpointEvery, rotateBytes, files, days);
    }
}
