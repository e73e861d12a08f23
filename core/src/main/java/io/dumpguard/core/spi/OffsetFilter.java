package io.dumpguard.core.spi;

/**
 * Which parts of a file a pass wants: {@link ParsedDump#regions(RegionVisitor, OffsetFilter)} may leave out regions
 * that lie wholly in a span the filter does not meet (a verification that re-scans only where the redaction wrote).
 */
@FunctionalInterface
public interface OffsetFilter {
    /** Whether {@code [from, to)} holds any wanted byte. */
    boolean meets(long from, long to);
}
