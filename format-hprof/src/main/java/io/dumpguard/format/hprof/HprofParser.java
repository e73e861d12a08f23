package io.dumpguard.format.hprof;

import io.dumpguard.core.Limits;
import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.error.MalformedDumpException;
import io.dumpguard.core.io.MappedFile;
import io.dumpguard.core.spi.OffsetFilter;
import io.dumpguard.core.spi.StructureSummary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.dumpguard.format.hprof.HprofTags.*;

/**
 * The validating pass: walks the whole file once, registers every class, checks each instance's data length
 * against its class layout, counts every kind of structure and digests every structural byte (or compares it with
 * the input's, for a sanitized copy: {@link Structure}). When some instance precedes its class dump (HPROF order is
 * not topological), its layout is unknown during the walk, so the structural bytes are read again in a second walk
 * once every class is known; HotSpot's own order never needs it. The (last) walk also records, within fixed bounds,
 * what the later passes would otherwise walk the file again for: the regions ({@link RegionLog}) and which heap
 * records hold which object ids and key-class instances ({@link HeapRecordIndex}).
 */
final class HprofParser {
    /**
     * Most distinct UTF8 ids the structure may use as names (class, field, method, thread names). A large
     * application has about 10^5..10^6; at this bound the set takes about 100 MB of heap.
     */
    static final int MAX_REFERENCED_NAMES = 4_000_000;

    private HprofParser() {
    }

    /**
     * @param referencedNames UTF8 ids the structure uses as names (value 1); the other UTF8 records are symbol text
     *                        nothing refers to, which may be overwritten
     */
    record Result(HprofHeader header, ClassRegistry classes, StructureSummary summary, List<String> notes,
                  long instances, long objectArrays, long primitiveArrays, int digestPasses,
                  LongIntMap referencedNames, HeapRecordIndex heapRecords, RegionLog regionLog) {
    }

    /**
     * What a parse does with the file's structural bytes ({@link StructuralBytes}): digests them, compares them with
     * the input of which the file is a sanitized copy where {@code changed} meets, or nothing.
     */
    record Structure(boolean digest, MappedFile input, OffsetFilter changed) {
        static final Structure DIGEST = new Structure(true, null, null);
        static final Structure NONE = new Structure(false, null, null);

        static Structure comparedWith(MappedFile input, OffsetFilter changed) {
            return new Structure(false, java.util.Objects.requireNonNull(input), java.util.Objects.requireNonNull(changed));
        }

        StructuralBytes newBytes(HprofInput in) {
            return digest ? new StructuralDigest(in) : input != null ? new StructuralComparison(in, input, changed)
                    : StructuralBytes.none();
        }

        /** Whether the structural bytes are read at all (digested or compared). */
        boolean reads() {
            return digest || input != null;
        }
    }

    static Result parse(MappedFile file, Limits limits) throws InputRefusedException {
        return parse(file, limits, RegionLog::new);
    }

    static Result parse(MappedFile file, Limits limits, java.util.function.Supplier<RegionLog> newRegionLog)
            throws InputRefusedException {
        return parse(file, limits, newRegionLog, Structure.DIGEST);
    }

    /**
     * @param newRegionLog makes the region log kept for {@link HprofParsedDump#regions}; null for none (every call
     *                     then walks the file)
     * @param structure    what to do with the structural bytes; the summary's digest is null unless they are digested
     */
    static Result parse(MappedFile file, Limits limits, java.util.function.Supplier<RegionLog> newRegionLog,
                        Structure structure) throws InputRefusedException {
        HprofHeader header = HprofHeader.read(file);
        HprofInput in = new HprofInput(file);
        HprofInput layoutReader = new HprofInput(file);
        HprofWalker walker = new HprofWalker(in, header, limits);
        ClassRegistry classes = new ClassRegistry(header.idSize(), limits.maxClasses());
        LongIntMap names = new LongIntMap(1 << 12);
        ParseVisitor first = new ParseVisitor(structure.newBytes(in), layoutReader, classes, true, names);
        RegionLog regionLog = newRegionLog == null ? null : newRegionLog.get();
        walker.walk(withRegionLog(first, regionLog, header));
        classes.checkSuperClasses();
        int passes = 1;
        ParseVisitor last = first;
        if (first.deferredInstances > 0) {
            last = new ParseVisitor(structure.newBytes(in), layoutReader, classes, false, names);
            regionLog = newRegionLog == null ? null : newRegionLog.get();
            walker.walk(withRegionLog(last, regionLog, header));
            passes = 2;
        }
        // only the last walk's verdict counts: a first walk that defers instances cannot exclude their field values
        String digest = last.structural.finish(file.size());
        if (regionLog != null) {
            regionLog.seal();
        }
        if (structure.reads()) {
            HprofInput namesReader = new HprofInput(file);
            StructuralBytes namesBytes = structure.newBytes(namesReader);
            referencedNames(new HprofWalker(namesReader, header, limits), names, namesBytes);
            String namesDigest = namesBytes.result();
            digest = digest == null ? null : combine(digest, namesDigest);
        }
        List<String> notes = new ArrayList<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int t = 0; t < 256; t++) {
            if (walker.recordCounts[t] > 0) {
                counts.put("records." + recordName(t), walker.recordCounts[t]);
            }
            if (walker.subRecordCounts[t] > 0) {
                counts.put("subrecords." + subRecordName(t), walker.subRecordCounts[t]);
            }
        }
        long primArrays = 0;
        long primElements = 0;
        for (int t = BOOLEAN; t <= LONG; t++) {
            if (walker.primitiveArrays[t] > 0) {
                counts.put("arrays." + typeName(t), walker.primitiveArrays[t]);
                counts.put("elements." + typeName(t), walker.primitiveElements[t]);
                primArrays += walker.primitiveArrays[t];
                primElements += walker.primitiveElements[t];
            }
        }
        long instances = walker.subRecordCounts[INSTANCE_DUMP];
        long objArrays = walker.subRecordCounts[OBJECT_ARRAY_DUMP];
        counts.put("classes", (long) classes.count());
        counts.put("instances", instances);
        counts.put("arrays.object", objArrays);
        counts.put("elements.object", walker.objectArrayElements);
        counts.put("arrays.primitive", primArrays);
        counts.put("elements.primitive", primElements);
        counts.put("elements.total", primElements + walker.objectArrayElements);
        counts.put("idSize", (long) header.idSize());
        counts.put("names.referenced", (long) names.size());
        counts.put("bytes", file.size());
        if (walker.unknownRecords > 0) {
            counts.put("records.unknown", walker.unknownRecords);
            notes.add(walker.unknownRecords + " top-level record(s) of unknown tag skipped by their length (first at 0x"
                    + Long.toHexString(walker.firstUnknownRecordOffset) + "); their bytes are digested and scanned as raw bytes that cannot be overwritten");
        }
        if (passes == 2) {
            notes.add(first.deferredInstances + " instance(s) precede their class dump; structural bytes read in a second pass");
        }
        return new Result(header, classes, new StructureSummary(counts, digest), List.copyOf(notes), instances,
                objArrays, primArrays, passes, names, last.heapRecords, regionLog);
    }

    /** The parse's walk also logs the regions, so that the detection passes need not walk the file again. */
    private static HprofVisitor withRegionLog(ParseVisitor v, RegionLog log, HprofHeader header) {
        return log == null ? v : new TeeVisitor(v, new RegionWalk(log, header.idSize()));
    }

    /**
     * Hands the (id, text) of every referenced UTF8 record, in file order, to {@code bytes}: the main walk leaves all
     * UTF8 texts out because which of them are referenced is only known at the end of the walk (names come first).
     */
    private static void referencedNames(HprofWalker walker, LongIntMap names, StructuralBytes bytes)
            throws InputRefusedException {
        walker.walk(new HprofVisitor() {
            @Override
            public boolean topLevelOnly() {
                return true;
            }

            @Override
            public void utf8(long id, long textOffset, long textLength) throws InputRefusedException {
                if (names.containsKey(id)) {
                    bytes.symbol(id, textOffset, textOffset + textLength);
                }
            }
        });
    }

    private static String combine(String structure, String names) {
        java.security.MessageDigest sha = sha256();
        sha.update(structure.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        sha.update(names.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return java.util.HexFormat.of().formatHex(sha.digest());
    }

    private static java.security.MessageDigest sha256() {
        return io.dumpguard.core.digest.Sha256.newDigest();
    }

    /** Registers classes, checks instance lengths, announces the ranges that are not structural bytes. */
    private static final class ParseVisitor implements HprofVisitor {
        private final HprofInput layoutReader;
        private final ClassRegistry classes;
        private final boolean registering;
        private final LongIntMap names;
        final StructuralBytes structural;
        /** Complete after the last walk: in a first walk that defers instances, their classes are not yet known. */
        final HeapRecordIndex heapRecords = new HeapRecordIndex();
        long deferredInstances;

        /** @param structural reads through the walker's reader the record headers it has just read from its window */
        ParseVisitor(StructuralBytes structural, HprofInput layoutReader, ClassRegistry classes, boolean registering,
                     LongIntMap names) {
            this.layoutReader = layoutReader;
            this.classes = classes;
            this.registering = registering;
            this.names = names;
            this.structural = structural;
        }

        @Override
        public boolean enterHeapRecord(long offset, long bodyLength) {
            heapRecords.begin(offset);
            return true;
        }

        @Override
        public void objectArray(long id, long elementClassId, long elementsOffset, long count, long recordOffset) {
            heapRecords.add(id);
        }

        @Override
        public void utf8(long id, long textOffset, long textLength) throws InputRefusedException {
            structural.exclude(textOffset, textLength); // read separately when referenced: referencedNames
        }

        @Override
        public void nameReference(long utf8Id) throws InputRefusedException {
            if (!registering || utf8Id == 0 || names.containsKey(utf8Id)) {
                return;
            }
            if (names.size() >= MAX_REFERENCED_NAMES) {
                throw new io.dumpguard.core.error.LimitExceededException("HprofParser.MAX_REFERENCED_NAMES",
                        names.size() + 1L, MAX_REFERENCED_NAMES, "a heap dump with more distinct names than this "
                        + "is not supported");
            }
            names.put(utf8Id, 1);
        }

        @Override
        public void loadClass(long classId, long nameId, long recordOffset) throws InputRefusedException {
            if (registering) {
                classes.loadClass(classId, nameId, recordOffset);
            }
        }

        @Override
        public void classDump(long classId, long superId, long recordOffset, long fields, int n)
                throws InputRefusedException {
            if (registering) {
                classes.classDump(classId, superId, recordOffset, fields, n, layoutReader);
            }
        }

        @Override
        public void instance(long id, long classId, long data, long len, long recordOffset)
                throws InputRefusedException {
            heapRecords.add(id);
            int c = classes.indexOf(classId);
            ClassLayout layout = c < 0 ? null : classes.layout(c, layoutReader);
            if (layout == null) {
                if (!registering) {
                    throw new MalformedDumpException(recordOffset, "INSTANCE_DUMP",
                            "class 0x" + Long.toHexString(classId) + " has no CLASS_DUMP");
                }
                deferredInstances++;
                return;
            }
            if (layout.size() != len) {
                throw MalformedDumpException.expected(recordOffset, "INSTANCE_DUMP",
                        "field data of " + layout.size() + " bytes for class 0x" + Long.toHexString(classId), len);
            }
            heapRecords.addInstanceOf(c);
            int[] runs = layout.primitiveRuns();
            for (int i = 0; i < runs.length; i += 2) {
                structural.exclude(data + runs[i], runs[i + 1]);
            }
        }

        @Override
        public void primitiveArray(long id, int type, long payload, long count, long recordOffset)
                throws InputRefusedException {
            heapRecords.add(id);
            structural.exclude(payload, count * typeSize(type, 0));
        }
    }
}
