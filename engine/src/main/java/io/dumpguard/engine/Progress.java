package io.dumpguard.engine;

/** Receives progress of long phases. Called from the scanning thread; implementations must be cheap. */
@FunctionalInterface
public interface Progress {
    Progress NONE = (phase, done, total) -> { };

    /** @param phase "parse", "scan", "propagate", "redact", "verify"; {@code done} of {@code total} bytes */
    void update(String phase, long done, long total);

    /**
     * A step whose progress cannot be measured in bytes, such as waiting for an external tool: called once when it
     * starts ({@code done} false) and once when it ends.
     */
    default void step(String what, boolean done) {
    }
}
