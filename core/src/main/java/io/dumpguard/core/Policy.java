package io.dumpguard.core;

import java.util.Locale;

/** How much a sanitize run overwrites. */
public enum Policy {
    /** Only the bytes of the findings (and every copy of their secret values). The default. */
    TARGETED,
    /** Also every primitive array reachable from a key object and every high-entropy array of 16+ bytes. */
    STRICT,
    /** Every primitive array and primitive field value, as blanket sanitizers do; names are kept. */
    PARANOID;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Policy parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown policy '" + s + "' (expected targeted, strict or paranoid)");
        }
    }
}
