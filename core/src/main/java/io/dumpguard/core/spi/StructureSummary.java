package io.dumpguard.core.spi;

import java.util.Map;
import java.util.TreeMap;

/**
 * What must be identical between a dump and its sanitized copy: counts of each kind of structure and a digest of
 * every byte the redactor must never touch (headers, tags, lengths, ids, class records, directories).
 *
 * @param counts          named counts ("records.HEAP_DUMP_SEGMENT", "instances", "arrays.int", "segments.PT_LOAD")
 * @param structureDigest hex SHA-256 over the structural bytes in file order; null when they were not digested (a
 *                        sanitize run whose format proves the copy's structure by comparison instead:
 *                        {@link DumpFormat#parseCopy}); a digest on one side only is a difference
 */
public record StructureSummary(Map<String, Long> counts, String structureDigest) {
    public StructureSummary {
        counts = java.util.Collections.unmodifiableMap(new TreeMap<>(counts));
    }

    /** A readable list of what differs, empty when equal. */
    public java.util.List<String> differences(StructureSummary other) {
        java.util.List<String> d = new java.util.ArrayList<>();
        java.util.Set<String> keys = new java.util.TreeSet<>(counts.keySet());
        keys.addAll(other.counts.keySet());
        for (String k : keys) {
            Long a = counts.get(k);
            Long b = other.counts.get(k);
            if (!java.util.Objects.equals(a, b)) {
                d.add(k + ": " + a + " -> " + b);
            }
        }
        if (!java.util.Objects.equals(structureDigest, other.structureDigest)) {
            d.add("structural bytes digest: " + structureDigest + " -> " + other.structureDigest);
        }
        return d;
    }
}
