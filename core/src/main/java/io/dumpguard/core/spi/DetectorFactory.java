package io.dumpguard.core.spi;

import io.dumpguard.core.error.InputRefusedException;

import java.util.List;

/**
 * A byte detector plug-in, found with {@link java.util.ServiceLoader}. It carries its own evidence: examples that
 * must match and negative examples that must not ({@code dumpguard detectors check} runs them).
 */
public interface DetectorFactory {
    /** What part of the pipeline a detector belongs to. */
    enum Role {
        /** Runs on every region of every dump. */
        PRIMARY,
        /** Searches every copy of already-proven secret values ({@link ScanContext#secrets()}). */
        PROPAGATION
    }

    /** Stable id of the family ("key.der", "aes.schedule"); findings use ids under it. */
    String id();

    /** Every detector id this factory's findings may carry. */
    default List<String> findingIds() {
        return List.of(id());
    }

    /** One line for {@code detectors list}. */
    String description();

    default Role role() {
        return Role.PRIMARY;
    }

    /**
     * Examples for {@code detectors check} and the parameterized test. Built at call time: key material is
     * generated, never stored.
     */
    List<DetectorExample> examples();

    /**
     * The proof of one run, from the instances this factory created for it (one per scanning thread). The default
     * lists each instance's distinct lines; a factory whose lines carry counts should sum them instead.
     */
    default List<String> proof(List<ByteDetector> instances) {
        java.util.LinkedHashSet<String> lines = new java.util.LinkedHashSet<>();
        instances.forEach(d -> lines.addAll(d.proof()));
        return List.copyOf(lines);
    }

    /**
     * Builds the expensive state every run shares (a compiled rule pack, a native matcher and its library) ahead of
     * {@link #create}. The engine calls it on a background thread as a run starts, so that this work overlaps with
     * opening and parsing the dump instead of delaying the first scan. Must be idempotent and thread-safe; whatever
     * it does not finish, {@code create} still does.
     */
    default void prepare() {
    }

    /** A detector for one run, or null when it has nothing to do (no registered keys, no secrets). */
    ByteDetector create(ScanContext context) throws InputRefusedException;
}
