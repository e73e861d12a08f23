package io.dumpguard.core;

import java.util.Locale;

/** The outcome of a scan or sanitize run. Never {@link #CLEAN} for input that was not fully understood. */
public enum Verdict {
    /** Fully parsed, fully scanned, nothing found. */
    CLEAN,
    /** scan/verify: secret material is present (exit code 1). */
    FINDINGS,
    /** sanitize: findings were present, have been removed, and the output verified clean. */
    REDACTED,
    /** The input could not be fully parsed, a finding could not be removed, or verification failed. */
    REFUSED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
