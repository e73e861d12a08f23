package io.dumpguard.format.minidump;

import io.dumpguard.core.Region;
import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.spi.ParsedDump;
import io.dumpguard.core.spi.RegionVisitor;
import io.dumpguard.core.spi.StructureSummary;

import java.util.List;
import java.util.Map;

/**
 * A validated minidump: its regions (non-overlapping, in file order, covering every byte that is not structure)
 * and its structure summary.
 */
public final class MinidumpDump implements ParsedDump {
    private final String description;
    private final List<Region> regions;
    private final StructureSummary structure;
    private final List<String> notes;

    MinidumpDump(String description, List<Region> regions, Map<String, Long> counts, String digest,
                 List<String> notes) {
        this.description = description;
        this.regions = List.copyOf(regions);
        this.structure = new StructureSummary(counts, digest);
        this.notes = List.copyOf(notes);
    }

    @Override
    public String format() {
        return MinidumpFormat.ID;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public StructureSummary structure() {
        return structure;
    }

    @Override
    public void regions(RegionVisitor visitor) throws InputRefusedException {
        for (Region r : regions) {
            visitor.visit(r);
        }
    }

    /** The regions as a list (tests and tools; {@link #regions(RegionVisitor)} is the streaming contract). */
    public List<Region> regionList() {
        return regions;
    }

    @Override
    public List<String> notes() {
        return notes;
    }
}
