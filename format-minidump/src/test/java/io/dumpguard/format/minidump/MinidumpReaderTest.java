package io.dumpguard.format.minidump;

import io.dumpguard.core.Region;
import io.dumpguard.core.RegionKind;
import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.error.LimitExceededException;
import io.dumpguard.core.error.MalformedDumpException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reader on synthetic dumps: what each structure becomes, and how each kind of bad input is refused. */
class MinidumpReaderTest {
    @TempDir
    Path tmp;

    private MinidumpDump parse(byte[] bytes) throws Exception {
        Path p = Files.createTempFile(tmp, "synthetic", ".dmp");
        Files.write(p, bytes);
        MinidumpDump dump = MinidumpFiles.parse(p);
        MinidumpFiles.assertRegionInvariants(dump, bytes.length);
        return dump;
    }

    private Throwable refusal(byte[] bytes) {
        try {
            parse(bytes);
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("accepted");
    }

    private static MinidumpBuilder typical(int streams) {
        return MinidumpReaderTestDumps.typical(streams);
    }

    @Test
    void typicalDumpBecomesTypedRegions() throws Exception {
        MinidumpDump dump = parse(typical(5).build());
        List<Region> regions = dump.regionList();
        assertThat(regions).filteredOn(r -> r.kind() == RegionKind.STACK).singleElement()
                .satisfies(r -> {
                    assertThat(r.address()).isEqualTo(0x7ffe0000L);
                    assertThat(r.alignBase()).isEqualTo(0x7ffe0000L);
                    assertThat(r.redactable()).isTrue();
                });
        assertThat(regions).filteredOn(r -> r.kind() == RegionKind.MODULE_IMAGE).singleElement()
                .satisfies(r -> assertThat(r.address()).isEqualTo(0x7f0000001000L));
        assertThat(regions).filteredOn(r -> r.kind() == RegionKind.REGISTERS).hasSize(2)
                .allMatch(Region::redactable)
                .extracting(Region::length).containsExactly(0x30L, ThreadContextLayout.AMD64_CONTEXT_SIZE - 0x34L);
        assertThat(regions).filteredOn(r -> r.kind() == RegionKind.SYMBOLS).singleElement()
                .satisfies(r -> assertThat(r.redactable()).isFalse());
        assertThat(regions).filteredOn(r -> r.kind() == RegionKind.ENVIRONMENT).singleElement()
                .satisfies(r -> assertThat(r.redactable()).isTrue());
        assertThat(dump.structure().counts()).containsEntry("threads", 1L).containsEntry("modules", 1L)
                .containsEntry("memoryRanges", 2L).containsEntry("streams.LinuxEnviron", 1L);
    }

    @Test
    void payloadChangesLeaveTheStructureDigestAlone() throws Exception {
        byte[] a = typical(5).build();
        byte[] b = a.clone();
        for (Region r : parse(a).regionList()) {
            if (r.redactable()) {
                java.util.Arrays.fill(b, (int) r.offset(), (int) r.end(), (byte) 0x5a);
            }
        }
        assertThat(parse(b).structure()).isEqualTo(parse(a).structure());
        byte[] c = a.clone();
        c[32 + 12 + 4] ^= 1; // ThreadListStream DataSize: structure
        assertThat(refusalOrStructure(c)).isNotEqualTo(parse(a).structure());
    }

    private Object refusalOrStructure(byte[] bytes) {
        try {
            return parse(bytes).structure();
        } catch (Exception e) {
            return e;
        }
    }

    @Test
    void overlappingMemoryDescriptorsAreRefusedByName() {
        MinidumpBuilder b = new MinidumpBuilder(1);
        int data = b.append(new byte[64]);
        b.stream(0, StreamType.MEMORY_LIST, MinidumpBuilder.le(4 + 32).putInt(2)
                .putLong(4, 0x1000).putInt(12, 64).putInt(16, data)
                .putLong(20, 0x9000).putInt(28, 32).putInt(32, data + 16).array());
        assertThat(refusal(b.build())).isInstanceOf(MalformedDumpException.class)
                .hasMessageContaining("MINIDUMP_MEMORY_DESCRIPTOR #1")
                .hasMessageContaining("overlaps MINIDUMP_MEMORY_DESCRIPTOR #0")
                .hasMessageContaining(String.format("offset 0x%x", data + 16));
    }

    @Test
    void memoryPointingIntoTheDirectoryIsRefused() {
        MinidumpBuilder b = new MinidumpBuilder(1);
        b.stream(0, StreamType.MEMORY_LIST, MinidumpBuilder.le(20).putInt(1).putLong(4, 0x1000).putInt(12, 16)
                .putInt(16, 32).array());
        assertThat(refusal(b.build())).isInstanceOf(MalformedDumpException.class)
                .hasMessageContaining("MINIDUMP_MEMORY_DESCRIPTOR #0").hasMessageContaining("MINIDUMP_DIRECTORY");
    }

    @Test
    void countsAreCheckedBeforeAnythingIsAllocated() {
        MinidumpBuilder huge = new MinidumpBuilder(1);
        huge.stream(0, StreamType.MODULE_LIST, MinidumpBuilder.le(8).putInt(-1).array());
        assertThat(refusal(huge.build())).isInstanceOf(LimitExceededException.class).hasMessageContaining("maxRegions");

        MinidumpBuilder tooMany = new MinidumpBuilder(1);
        tooMany.stream(0, StreamType.THREAD_LIST, MinidumpBuilder.le(8).putInt(1000).array());
        assertThat(refusal(tooMany.build())).isInstanceOf(MalformedDumpException.class)
                .hasMessageContaining("ThreadListStream").hasMessageContaining("runs past the end");

        MinidumpBuilder mem64 = new MinidumpBuilder(1);
        mem64.stream(0, StreamType.MEMORY64_LIST, MinidumpBuilder.le(32).putLong(1).putLong(8, 64)
                .putLong(16, 0x1000).putLong(24, Long.MAX_VALUE).array());
        assertThat(refusal(mem64.build())).isInstanceOf(InputRefusedException.class)
                .hasMessageContaining("MINIDUMP_MEMORY_DESCRIPTOR64 #0");
    }

    @Test
    void badSignatureVersionAndDirectoryAreRefusedWithOffsets() {
        byte[] ok = typical(5).build();
        byte[] sig = ok.clone();
        sig[0] = 'X';
        assertThat(refusal(sig)).hasMessageContaining("MINIDUMP_HEADER at offset 0x0");
        byte[] ver = ok.clone();
        ver[4] = 0;
        assertThat(refusal(ver)).hasMessageContaining("MINIDUMP_HEADER at offset 0x4");
        byte[] dir = ok.clone();
        ByteBuffer.wrap(dir).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(12, ok.length - 8);
        assertThat(refusal(dir)).isInstanceOf(MalformedDumpException.class).hasMessageContaining("MINIDUMP_DIRECTORY");
        byte[] rva = ok.clone();
        ByteBuffer.wrap(rva).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(32 + 12 * 4 + 8, ok.length);
        assertThat(refusal(rva)).isInstanceOf(MalformedDumpException.class)
                .hasMessageContaining("MINIDUMP_DIRECTORY #4 LinuxEnviron");
    }

    @Test
    void unknownStreamsAreScannedAsRawAndNoted() throws Exception {
        MinidumpBuilder b = new MinidumpBuilder(1);
        b.stream(0, 0x7777, new byte[40]);
        MinidumpDump dump = parse(b.build());
        assertThat(dump.regionList()).filteredOn(r -> r.kind() == RegionKind.RAW && r.length() == 40).singleElement()
                .satisfies(r -> assertThat(r.redactable()).isTrue());
        assertThat(dump.notes()).singleElement().asString().contains("0x00007777");
    }

    @Test
    void crashpadAnnotationValuesAreRedactableTextAndKeysAreSymbols() throws Exception {
        MinidumpBuilder b = new MinidumpBuilder(1);
        int key = b.append(MinidumpBuilder.utf8("upload_token"));
        int value = b.append(MinidumpBuilder.utf8("s3cr3t-value"));
        int dict = b.append(MinidumpBuilder.le(12).putInt(1).putInt(key).putInt(value).array());
        b.stream(0, StreamType.CRASHPAD_INFO, MinidumpBuilder.le(52).putInt(1).putInt(36, 12).putInt(40, dict).array());
        MinidumpDump dump = parse(b.build());
        assertThat(dump.regionList()).filteredOn(r -> r.kind() == RegionKind.TEXT).singleElement()
                .satisfies(r -> {
                    assertThat(r.offset()).isEqualTo(value + 4);
                    assertThat(r.redactable()).isTrue();
                });
        assertThat(dump.regionList()).filteredOn(r -> r.kind() == RegionKind.SYMBOLS).singleElement()
                .satisfies(r -> assertThat(r.redactable()).isFalse());
        assertThat(dump.structure().counts()).containsEntry("crashpadAnnotations", 1L);
    }

    @Test
    void recognisesOnlyTheMdmpSignature() {
        MinidumpFormat f = new MinidumpFormat();
        assertThat(f.recognizes("MDMP\u0093\u00a7".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 6)).isTrue();
        assertThat(f.recognizes("PMDM".getBytes(), 4)).isFalse();
        assertThat(f.recognizes("MDM".getBytes(), 3)).isFalse();
        assertThat(f.id()).isEqualTo("minidump");
        assertThat(java.util.ServiceLoader.load(io.dumpguard.core.spi.DumpFormat.class).stream()
                .map(p -> p.type().getName())).contains(MinidumpFormat.class.getName());
    }
}
