package io.dumpguard.format.hprof;

import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.error.VerificationFailedException;
import io.dumpguard.core.io.MappedFile;
import io.dumpguard.core.spi.DumpFormat;
import io.dumpguard.core.spi.OffsetFilter;
import io.dumpguard.core.spi.ParsedDump;
import io.dumpguard.core.spi.ScanContext;

/**
 * Java heap dumps in the HPROF binary format ({@code JAVA PROFILE 1.0.1}, {@code 1.0.2}, Android's {@code 1.0.3}),
 * as written by HotSpot ({@code jcmd GC.heap_dump}, {@code -XX:+HeapDumpOnOutOfMemoryError},
 * {@code HotSpotDiagnosticMXBean.dumpHeap}), {@code jhsdb jmap --binaryheap} and the old hprof agent.
 *
 * <p>Memory: the reader keeps per-class facts (bounded by {@code Limits.maxClasses}) and per tracked key-related
 * object one map entry (bounded by {@code Limits.maxTrackedObjects}); nothing per ordinary object, so a dump far
 * larger than the heap is read through {@link MappedFile} windows.
 */
public final class HprofFormat implements DumpFormat {
    public static final String ID = "hprof";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public boolean recognizes(byte[] head, long fileSize) {
        return HprofHeader.hasMagic(head);
    }

    /** The root classes of {@link KeyClassRules}. */
    @Override
    public java.util.Set<String> keyClassNames() {
        return KeyClassRules.rootClassNames();
    }

    @Override
    public ParsedDump parse(MappedFile file, ScanContext context) throws InputRefusedException {
        return parse(file, context, context.structureCompared() ? HprofParser.Structure.NONE
                : HprofParser.Structure.DIGEST);
    }

    @Override
    public boolean comparesCopies() {
        return true;
    }

    @Override
    public ParsedDump parseCopy(MappedFile copy, ScanContext context, MappedFile input, OffsetFilter changed)
            throws InputRefusedException {
        if (copy.size() != input.size()) {
            throw new VerificationFailedException("the sanitized copy has " + copy.size() + " bytes, its input "
                    + input.size());
        }
        return parse(copy, context, HprofParser.Structure.comparedWith(input, changed));
    }

    private static ParsedDump parse(MappedFile file, ScanContext context, HprofParser.Structure structure)
            throws InputRefusedException {
        // the region log serves later replays of the regions; without one, regions() walks the file again
        return new HprofParsedDump(file, context.limits(), HprofParser.parse(file, context.limits(),
                context.regionsElsewhere() ? null : RegionLog::new, structure));
    }
}
