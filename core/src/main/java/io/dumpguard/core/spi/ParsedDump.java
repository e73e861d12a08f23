package io.dumpguard.core.spi;

import io.dumpguard.core.Policy;
import io.dumpguard.core.error.InputRefusedException;

import java.util.List;

/**
 * A dump whose structure has been read and validated. Regions are streamed rather than listed, so that a heap dump
 * with a hundred million arrays needs no memory proportional to it.
 */
public interface ParsedDump {
    /** The format id, as {@link DumpFormat#id()}. */
    String format();

    /** One line for people: version, word size, architecture, counts. */
    String description();

    /** What verification compares between input and output: counts and a digest of every structural byte. */
    StructureSummary structure();

    /**
     * Visits every region the byte detectors must scan, in file order. Bytes that no region covers are headers
     * and directories that the format has fully parsed.
     */
    void regions(RegionVisitor visitor) throws InputRefusedException;

    /**
     * As {@link #regions(RegionVisitor)} for a caller that wants only regions meeting {@code only} (null: every
     * region): the format may leave out any region that does not (the caller checks each region it gets anyway). The
     * default visits all.
     */
    default void regions(RegionVisitor visitor, OffsetFilter only) throws InputRefusedException {
        regions(visitor);
    }

    /** Findings that need the format's structure (key objects in a Java heap). Default: none. */
    default void structuralFindings(ScanContext context, FindingSink sink) throws InputRefusedException {
    }

    /** Ranges a non-targeted policy overwrites beyond the findings (all payloads reachable from keys, ...). */
    default void policyRanges(Policy policy, ScanContext context, RangeSink sink) throws InputRefusedException {
    }

    /**
     * Whether {@link #policyRanges} implements the strict and paranoid policies for this format. When false, the
     * engine applies its region-based policy (every redactable memory region for paranoid, high-entropy blocks
     * of them for strict), so that a policy is never silently ignored.
     */
    /**
     * Whether {@link #structuralFindings} is slow enough (an external tool reading a Java heap) that the engine should
     * run it beside the first byte pass rather than before it. It then runs on another thread while
     * {@link #regions} is read, so it must use file handles of its own; the values it proves are propagated by the
     * second pass instead of the first.
     */
    default boolean structuralFindingsConcurrently() {
        return false;
    }

    default boolean implementsPolicies() {
        return false;
    }

    /** Things a reader should know that are not errors (a truncated last segment, an unknown stream type). */
    default List<String> notes() {
        return List.of();
    }
}
