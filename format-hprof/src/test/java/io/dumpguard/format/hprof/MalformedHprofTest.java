package io.dumpguard.format.hprof;

import io.dumpguard.core.Limits;
import io.dumpguard.core.error.LimitExceededException;
import io.dumpguard.core.error.MalformedDumpException;
import io.dumpguard.core.io.MappedFile;
import io.dumpguard.core.spi.ParsedDump;
import io.dumpguard.core.spi.ScanContext;
import io.dumpguard.format.hprof.synth.HprofWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hand-made bad inputs: each is refused with the record and the hex offset, or (unknown top-level tags) noted. */
class MalformedHprofTest {
    @TempDir
    Path tmp;

    private interface Body {
        void write(HprofWriter w) throws Exception;
    }

    private Path dump(String version, int idSize, boolean segments, Body body) throws Exception {
        Path p = Files.createTempFile(tmp, "bad", ".hprof");
        try (HprofWriter w = new HprofWriter(p, version, idSize, segments)) {
            body.write(w);
        }
        return p;
    }

    private static ParsedDump parse(Path p) throws Exception {
        try (MappedFile f = MappedFile.open(p)) {
            ParsedDump d = HprofTestFiles.parse(f);
            d.regions(r -> { });
            HprofTestFiles.findings(d);
            return d;
        }
    }

    private static void refused(Path p, String... fragments) {
        assertThatThrownBy(() -> parse(p)).isInstanceOf(MalformedDumpException.class)
                .hasMessageContaining("offset 0x").hasMessageContainingAll(fragments);
    }

    @Test
    void identifierSizeOtherThanFourOrEightIsRefused() throws Exception {
        refused(dump("1.0.2", 6, true, w -> { }), "identifier size", "4 or 8");
    }

    @Test
    void wrongMagicIsRefused() throws Exception {
        Path p = tmp.resolve("magic.hprof");
        Files.writeString(p, "JAVA PROFILE 2.0.0\0aaaaaaaaaaaaaaaaaaaa");
        refused(p, "HPROF header");
        assertThat(new HprofFormat().recognizes(Files.readAllBytes(p), Files.size(p))).isFalse();
    }

    @Test
    void validMinimalDumpsParse() throws Exception {
        ParsedDump d = parse(dump("1.0.2", 8, true, w -> {
            HprofTestFiles.twoClasses(w);
            w.beginInstance(0x1000, 0x200, 12).i4(7).id(0);
        }));
        assertThat(d.structure().counts()).containsEntry("instances", 1L).containsEntry("classes", 2L);
        parse(dump("1.0.1", 4, false, w -> {
            HprofTestFiles.twoClasses(w);
            w.beginInstance(0x1000, 0x200, 8).i4(7).id(0);
        }));
        parse(dump("1.0.2", 8, true, w -> { }));
    }

    @Test
    void unknownTopLevelRecordIsSkippedAndNoted() throws Exception {
        Path p = dump("1.0.2", 8, true, w -> w.record(0x42, new byte[10]));
        List<io.dumpguard.core.Region> regions = new java.util.ArrayList<>();
        try (MappedFile f = MappedFile.open(p)) {
            ParsedDump d = HprofTestFiles.parse(f);
            assertThat(d.notes()).anyMatch(n -> n.contains("unknown tag"));
            assertThat(d.structure().counts()).containsEntry("records.unknown", 1L);
            d.regions(regions::add);
        }
        assertThat(regions).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(io.dumpguard.core.RegionKind.RAW);
            assertThat(r.redactable()).isFalse();
            assertThat(r.length()).isEqualTo(10);
        });
    }

    @Test
    void unknownHeapSubRecordIsFatal() throws Exception {
        refused(dump("1.0.2", 8, true, w -> {
            w.reserve(16);
            w.u1(0x77).i8(0);
        }), "HEAP_DUMP_SEGMENT", "unknown tag 0x77");
    }

    @Test
    void androidSubRecordsOnlyInVersion103() throws Exception {
        Body android = w -> {
            w.reserve(64);
            w.u1(HprofTags.ROOT_INTERNED_STRING).id(0x10);
            w.u1(HprofTags.HEAP_DUMP_INFO).i4(0).id(0x20);
            w.u1(HprofTags.PRIMITIVE_ARRAY_NODATA).id(0x30).i4(1).i4(100).u1(HprofTags.INT);
            w.u1(HprofTags.ROOT_JNI_MONITOR).id(0x40).i4(1).i4(2);
        };
        ParsedDump d = parse(dump("1.0.3", 8, true, android));
        assertThat(d.structure().counts()).containsEntry("subrecords.ROOT_INTERNED_STRING", 1L);
        refused(dump("1.0.2", 8, true, android), "unknown tag 0x89");
    }

    @Test
    void recordLengthPastTheEndIsRefused() throws Exception {
        Path p = dump("1.0.2", 8, true, w -> w.utf8(1, "java/lang/Object"));
        byte[] b = Files.readAllBytes(p);
        // the UTF8 record starts right after the 31-byte header; its length field is at +5
        b[31 + 5] = 0x7f;
        Files.write(p, b);
        refused(p, "UTF8", "runs past the end", "0x1f");
    }

    @Test
    void subRecordPastItsSegmentIsRefused() throws Exception {
        refused(dump("1.0.2", 8, true, w -> {
            HprofTestFiles.twoClasses(w);
            w.reserve(64);
            w.u1(HprofTags.PRIMITIVE_ARRAY_DUMP).id(0x500).i4(1).i4(1000).u1(HprofTags.INT).i8(0);
        }), "PRIMITIVE_ARRAY_DUMP in HEAP_DUMP_SEGMENT", "runs past the end");
    }

    @Test
    void invalidArrayElementTypeIsRefused() throws Exception {
        refused(dump("1.0.2", 8, true, w -> {
            w.reserve(64);
            w.u1(HprofTags.PRIMITIVE_ARRAY_DUMP).id(0x500).i4(1).i4(1).u1(3).i4(0);
        }), "element type");
    }

    @Test
    void instanceLengthMustMatchItsClassLayout() throws Exception {
        refused(dump("1.0.2", 8, true, w -> {
            HprofTestFiles.twoClasses(w);
            w.beginInstance(0x1000, 0x200, 4).i4(7);
        }), "INSTANCE_DUMP", "field data of 12 bytes");
    }

    @Test
    void instanceOfAnUndumpedClassIsRefused() throws Exception {
        refused(dump("1.0.2", 8, true, w -> {
            HprofTestFiles.twoClasses(w);
            w.beginInstance(0x1000, 0x999, 0);
        }), "INSTANCE_DUMP", "has no CLASS_DUMP");
    }

    @Test
    void superClassCycleIsRefused() throws Exception {
        refused(dump("1.0.2", 8, true, w -> {
            w.classDump(0x100, 0x200, 0, new long[0], new int[0]);
            w.classDump(0x200, 0x100, 0, new long[0], new int[0]);
        }), "CLASS_DUMP", "cycle");
    }

    @Test
    void missingHeapDumpEndIsRefused() throws Exception {
        Path p = dump("1.0.2", 8, true, w -> {
            HprofTestFiles.twoClasses(w);
        });
        byte[] b = Files.readAllBytes(p);
        Files.write(p, java.util.Arrays.copyOf(b, b.length - 9));
        refused(p, "HEAP_DUMP_END", "missing");
    }

    @Test
    void classCountIsBoundedByLimits() throws Exception {
        Path p = dump("1.0.2", 8, true, HprofTestFiles::twoClasses);
        Limits one = new Limits(1L << 40, 2000, 1L << 36, 4_000_000, 1, 4_000_000, 1_000_000, 100_000, 64 * 1024);
        try (MappedFile f = MappedFile.open(p)) {
            ScanContext ctx = new ScanContext(one, io.dumpguard.core.Policy.TARGETED, List.of(), List.of(),
                    java.util.Map.of());
            assertThatThrownBy(() -> new HprofFormat().parse(f, ctx)).isInstanceOf(LimitExceededException.class)
                    .hasMessageContaining("maxClasses");
        }
    }
}
