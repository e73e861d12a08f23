package io.dumpguard.core;

import java.util.Locale;

/** The outcome of a scan or sanitize run. Never {@link #CLEAN} for input that was not fully understood. */
public enum Verdict {
    /** Fully parsed, fully scanned, nothing found. */
    CLEAN,
    /** Findings were present and have been removed and verified (sanitize), or findings are present (scan). */
    REDACTED,
    /** The input could not be fully parsed, a finding could not be removed, or verification failed. */
    REFUSED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
