package io.dumpguard.core.raw;

import io.dumpguard.core.Region;
import io.dumpguard.core.io.MappedFile;
import io.dumpguard.core.spi.DumpFormat;
import io.dumpguard.core.spi.ParsedDump;
import io.dumpguard.core.spi.RegionVisitor;
import io.dumpguard.core.spi.ScanContext;
import io.dumpguard.core.spi.StructureSummary;
import io.dumpguard.core.error.InputRefusedException;

import java.util.Map;

/**
 * Any file no other format claims (raw memory images, logs): one region, every byte scanned, every byte
 * redactable. Alignment decisions use file offsets, which for a memory image are addresses relative to its start.
 */
public final class RawFormat implements DumpFormat {
    public static final String ID = "raw";
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int priority() {
        return Integer.MAX_VALUE;
    }

    @Override
    public boolean recognizes(byte[] head, long fileSize) {
        return true;
    }

    @Override
    public ParsedDump parse(MappedFile file, ScanContext context) {
        long size = file.size();
        return new ParsedDump() {
            @Override
            public String format() {
                return ID;
            }

            @Override
            public String description() {
                return "raw bytes, " + size + " bytes";
            }

            @Override
            public StructureSummary structure() {
                return new StructureSummary(Map.of("bytes", size), EMPTY_SHA256);
            }

            @Override
            public void regions(RegionVisitor visitor) throws InputRefusedException {
                if (size > 0) {
                    visitor.visit(Region.raw(0, size));
                }
            }
        };
    }
}
