package io.dumpguard.format.hprof;

import io.dumpguard.core.Finding;
import io.dumpguard.core.Limits;
import io.dumpguard.core.Policy;
import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.io.MappedFile;
import io.dumpguard.core.spi.FindingSink;
import io.dumpguard.core.spi.ParsedDump;
import io.dumpguard.core.spi.RangeSink;
import io.dumpguard.core.spi.RegionVisitor;
import io.dumpguard.core.spi.ScanContext;
import io.dumpguard.core.spi.StructureSummary;

import java.util.ArrayList;
import java.util.List;

/**
 * A validated HPROF file. Regions are replayed from the parse's bounded {@link RegionLog} (a walk covers what it
 * does not hold); structural findings come from key-object passes that the parse's {@link HeapRecordIndex} lets
 * skip the heap records holding nothing they look for; policy ranges from a fresh walk. Nothing per object is kept
 * between calls beyond those two bounded structures; the key-object analysis runs once and is cached, because both
 * {@link #structuralFindings} and the strict {@link #policyRanges} need it.
 */
public final class HprofParsedDump implements ParsedDump {
    /**
     * Arrays with fewer payload bytes are not handed to byte detectors: no key, PEM block, DER structure or
     * credential the detectors look for fits in 7 bytes, and the smallest arrays are the most numerous. (They are
     * still overwritten by the paranoid policy.)
     */
    public static final int MIN_SCANNED_ARRAY_BYTES = 8;

    private final MappedFile file;
    private final Limits limits;
    private final HprofParser.Result parsed;
    private KeyObjectAnalysis.Result keys;

    HprofParsedDump(MappedFile file, Limits limits, HprofParser.Result parsed) {
        this.file = file;
        this.limits = limits;
        this.parsed = parsed;
    }

    @Override
    public String format() {
        return HprofFormat.ID;
    }

    @Override
    public String description() {
        HprofHeader h = parsed.header();
        return "HPROF JAVA PROFILE " + h.version() + ", " + (h.idSize() * 8) + "-bit ids, "
                + parsed.classes().count() + " classes, " + parsed.instances() + " instances, "
                + parsed.objectArrays() + " object arrays, " + parsed.primitiveArrays() + " primitive arrays";
    }

    @Override
    public StructureSummary structure() {
        return parsed.summary();
    }

    /** The file header (version, identifier size). */
    public HprofHeader header() {
        return parsed.header();
    }

    private HprofWalker walker(HprofInput in) {
        return new HprofWalker(in, parsed.header(), limits);
    }

    /**
     * Replays the regions the parse logged and walks the file only for what the log does not hold (all of it when
     * the log was not kept or has been taken back by the collector, the records past its bound otherwise).
     */
    @Override
    public void regions(RegionVisitor visitor) throws InputRefusedException {
        regions(visitor, null);
    }

    /** Replays only the stretches of the log that meet {@code only} (the log keeps an index of where each starts). */
    @Override
    public void regions(RegionVisitor visitor, io.dumpguard.core.spi.OffsetFilter only) throws InputRefusedException {
        RegionEmitter emitter = new RegionEmitter(visitor, parsed.referencedNames());
        RegionLog log = parsed.regionLog();
        long from = -1;
        if (log != null && log.replay(emitter, only)) {
            from = log.resumeOffset();
            if (from < 0) {
                return;
            }
        }
        HprofWalker walker = walker(new HprofInput(file));
        RegionWalk walk = new RegionWalk(emitter, parsed.header().idSize());
        if (from >= 0) {
            walker.walk(walk, from);
        } else {
            walker.walk(walk);
        }
    }

    @Override
    public boolean implementsPolicies() {
        return true;
    }

    private synchronized KeyObjectAnalysis.Result keys() throws InputRefusedException {
        if (keys == null) {
            HprofInput in = new HprofInput(file);
            keys = KeyObjectAnalysis.run(walker(in), in, parsed.classes(), parsed.heapRecords(), limits);
        }
        return keys;
    }

    @Override
    public void structuralFindings(ScanContext context, FindingSink sink) throws InputRefusedException {
        for (Finding f : keys().findings()) {
            sink.accept(f);
        }
    }

    @Override
    public void policyRanges(Policy policy, ScanContext context, RangeSink sink) throws InputRefusedException {
        if (policy == Policy.TARGETED) {
            return;
        }
        if (policy == Policy.STRICT) {
            long[] reached = keys().reached();
            for (int i = 0; i < reached.length; i += 2) {
                sink.overwrite(reached[i], reached[i + 1]);
            }
        }
        HprofInput in = new HprofInput(file);
        PolicyRangeWalk walk = new PolicyRangeWalk(in, new HprofInput(file), parsed.classes(),
                policy == Policy.PARANOID, parsed.referencedNames(), sink);
        walker(in).walk(walk);
        walk.flush();
    }

    @Override
    public List<String> notes() {
        List<String> n = new ArrayList<>(parsed.notes());
        if (keys != null) {
            n.add(keys.keyObjects() + " key object(s) found in " + keys.passes() + " heap pass(es), "
                    + keys.findings().size() + " finding(s)");
            n.addAll(keys.notes());
        }
        return n;
    }
}
