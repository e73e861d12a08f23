package io.dumpguard.format.hprof;

import io.dumpguard.core.Finding;
import io.dumpguard.core.Limits;
import io.dumpguard.core.Policy;
import io.dumpguard.core.Region;
import io.dumpguard.core.RegionKind;
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

import static io.dumpguard.format.hprof.HprofTags.*;

/**
 * A validated HPROF file. Regions, structural findings and policy ranges are each produced by a fresh walk over
 * the mapped file (nothing per object is kept between calls); the key-object analysis runs once and is cached,
 * because both {@link #structuralFindings} and the strict {@link #policyRanges} need it.
 */
public final class HprofParsedDump implements ParsedDump {
    /**
     * Arrays with fewer payload bytes are not handed to byte detectors: no key, PEM block, DER structure or
     * credential the detectors look for fits in 7 bytes, and the smallest arrays are the most numerous. (They are
     * still overwritten by the paranoid policy.)
     */
    public static final int MIN_SCANNED_ARRAY_BYTES = 8;

    /** Region labels by HPROF basic type (2..11); other slots are never used for primitive arrays. */
    private static final String[] ARRAY_LABELS = new String[16];

    static {
        for (int t = 0; t < 16; t++) {
            ARRAY_LABELS[t] = t >= 4 && t <= 11 ? typeName(t) + "[] payload" : "array payload";
        }
    }

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

    @Override
    public void regions(RegionVisitor visitor) throws InputRefusedException {
        HprofInput in = new HprofInput(file);
        int idSize = parsed.header().idSize();
        LongIntMap names = parsed.referencedNames();
        walker(in).walk(new HprofVisitor() {
            /**
             * A top-level record of unknown tag is skipped by its length, but its bytes are scanned as raw bytes
             * (and cannot be overwritten): a secret there makes the run refuse rather than pass unseen.
             */
            @Override
            public void record(int tag, long offset, long bodyLength) throws InputRefusedException {
                if (!known(tag) && bodyLength > 0) {
                    visitor.visit(new Region(offset + HprofWalker.RECORD_HEADER, bodyLength, RegionKind.RAW,
                            Region.NO_ADDRESS, 0, false, String.format("record of unknown tag 0x%02x", tag)));
                }
            }

            @Override
            public void utf8(long id, long textOffset, long textLength) throws InputRefusedException {
                if (textLength > 0) {
                    visitor.visit(names.containsKey(id)
                            ? new Region(textOffset, textLength, RegionKind.SYMBOLS, Region.NO_ADDRESS, 0, false,
                            "UTF8 name 0x" + Long.toHexString(id))
                            : new Region(textOffset, textLength, RegionKind.TEXT, Region.NO_ADDRESS, 0, true,
                            "UTF8 unreferenced symbol 0x" + Long.toHexString(id)));
                }
            }

            @Override
            public void primitiveArray(long id, int type, long payload, long count, long rec)
                    throws InputRefusedException {
                long len = count * typeSize(type, idSize);
                if (len >= MIN_SCANNED_ARRAY_BYTES) {
                    // one label per element type: millions of arrays, and the label only names the kind in errors
                    visitor.visit(new Region(payload, len, RegionKind.HEAP_ARRAY, Region.NO_ADDRESS, 0, true,
                            ARRAY_LABELS[type & 0x0f]));
                }
            }
        });
    }

    @Override
    public boolean implementsPolicies() {
        return true;
    }

    private static boolean known(int tag) {
        return switch (tag) {
            case UTF8, LOAD_CLASS, UNLOAD_CLASS, STACK_FRAME, STACK_TRACE, ALLOC_SITES, HEAP_SUMMARY, START_THREAD,
                 END_THREAD, HEAP_DUMP, CPU_SAMPLES, CONTROL_SETTINGS, HEAP_DUMP_SEGMENT, HEAP_DUMP_END -> true;
            default -> false;
        };
    }

    private synchronized KeyObjectAnalysis.Result keys() throws InputRefusedException {
        if (keys == null) {
            HprofInput in = new HprofInput(file);
            keys = KeyObjectAnalysis.run(walker(in), in, parsed.classes(), limits);
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
        PolicyRangeWalk walk = new PolicyRangeWalk(in, parsed.classes(), policy == Policy.PARANOID,
                parsed.referencedNames(), sink);
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
