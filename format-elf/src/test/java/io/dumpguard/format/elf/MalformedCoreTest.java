package io.dumpguard.format.elf;

import io.dumpguard.core.Region;
import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.error.LimitExceededException;
import io.dumpguard.core.error.MalformedDumpException;
import io.dumpguard.core.io.MappedFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static io.dumpguard.format.elf.CoreTestSupport.le;
import static io.dumpguard.format.elf.CoreTestSupport.patched;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Corruptions of a real kernel core (pyelftools core_linux64.elf: 19 Elf64_Phdr at 0x40, PT_NOTE #0 with its first
 * note at 0x468, NT_FILE descriptor at 0x854, PT_LOAD #1 at file 0x2000, last PT_LOAD #18 ending at 0x40000) are
 * refused with the offset and structure named; a cut inside the last segment is only reported.
 */
class MalformedCoreTest {
    static final long PHOFF = 0x40;
    static final int PHSZ = 56;

    @TempDir
    Path tmp;
    Path base;

    @BeforeEach
    void base() {
        base = CoreTestSupport.corpusDir().resolve("pyelftools/core_linux64.elf");
    }

    private ElfCoreDump parse(Path p) throws IOException, InputRefusedException {
        try (MappedFile f = MappedFile.open(p)) {
            ElfCoreDump d = CoreTestSupport.parse(f);
            CoreTestSupport.checkInvariants(d, f.size());
            return d;
        }
    }

    private Path truncated(Path in, long size) throws IOException {
        Path out = tmp.resolve("cut-" + size);
        Files.copy(in, out);
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
        return out;
    }

    private Path patch(long offset, byte[] bytes) throws IOException {
        return patched(base, tmp.resolve("patched"), offset, bytes);
    }

    @Test
    void aCopyCutInTheMiddleIsRefusedNamingTheFirstSegmentThatRunsPastTheEnd() {
        assertThatThrownBy(() -> parse(truncated(base, 0x20000)))
                .isInstanceOf(MalformedDumpException.class)
                .hasMessageContaining("Elf64_Phdr #15")
                .hasMessageContaining(String.format("0x%x", PHOFF + 15 * PHSZ))
                .hasMessageContaining("outside the file");
    }

    @Test
    void aCutInsideTheLastSegmentIsReportedAndOnlyPresentBytesAreRegions() throws Exception {
        ElfCoreDump d = parse(truncated(base, 0x3f800));
        assertThat(d.notes()).anyMatch(n -> n.startsWith("truncated") && n.contains("Elf64_Phdr #18"));
        List<Region> rs = CoreTestSupport.regions(d);
        Region last = rs.get(rs.size() - 1);
        assertThat(last.offset()).isEqualTo(0x3f000);
        assertThat(last.length()).isEqualTo(0x800);
        assertThat(d.structure().counts()).containsEntry("truncated_segments", 1L);
    }

    @Test
    void anI386CoreCutShortIsRefusedNamingAnElf32Phdr() throws Exception {
        Path i686 = CoreTestSupport.corpusDir().resolve("elfutils/testfile_i686_core");
        assertThatThrownBy(() -> parse(truncated(i686, 0x10000)))
                .isInstanceOf(MalformedDumpException.class).hasMessageContaining("Elf32_Phdr #");
    }

    @Test
    void programHeadersOutsideTheFileAreRefused() {
        assertThatThrownBy(() -> parse(patch(32, le(0x100000, 8))))
                .isInstanceOf(MalformedDumpException.class)
                .hasMessageContaining("Elf64_Phdr table").hasMessageContaining("0x100000");
    }

    @Test
    void overlappingSegmentsAreRefused() {
        assertThatThrownBy(() -> parse(patch(PHOFF + 2 * PHSZ + 8, le(0x2800, 8))))
                .isInstanceOf(MalformedDumpException.class)
                .hasMessageContaining("Elf64_Phdr #2").hasMessageContaining("overlaps Elf64_Phdr #1");
    }

    @Test
    void aSegmentOverlappingTheProgramHeadersIsRefused() {
        assertThatThrownBy(() -> parse(patch(PHOFF + 1 * PHSZ + 8, le(0x80, 8))))
                .isInstanceOf(MalformedDumpException.class).hasMessageContaining("overlaps");
    }

    @Test
    void segmentsOverlappingInMemoryAreRefused() throws Exception {
        long vaddr1;
        try (MappedFile f = MappedFile.open(base)) {
            vaddr1 = f.i64(PHOFF + PHSZ + 16, java.nio.ByteOrder.LITTLE_ENDIAN, "test");
        }
        assertThatThrownBy(() -> parse(patch(PHOFF + 2 * PHSZ + 16, le(vaddr1 + 8, 8))))
                .isInstanceOf(MalformedDumpException.class).hasMessageContaining("in memory");
    }

    @Test
    void fileSizeAboveMemorySizeIsRefused() {
        assertThatThrownBy(() -> parse(patch(PHOFF + PHSZ + 40, le(0x10, 8))))
                .isInstanceOf(MalformedDumpException.class)
                .hasMessageContaining("Elf64_Phdr #1").hasMessageContaining("p_filesz");
    }

    @Test
    void aNoteDescriptorRunningPastItsSegmentIsRefused() {
        assertThatThrownBy(() -> parse(patch(0x468 + 4, le(0x7fffffff, 4))))
                .isInstanceOf(MalformedDumpException.class)
                .hasMessageContaining("Elf64_Nhdr #0.n_descsz").hasMessageContaining("0x46c");
    }

    @Test
    void anNtFileCountBeyondItsDescriptorIsRefused() {
        assertThatThrownBy(() -> parse(patch(0x854, le(1000, 8))))
                .isInstanceOf(MalformedDumpException.class).hasMessageContaining("NT_FILE")
                .hasMessageContaining("0x854");
    }

    @Test
    void anNtFileCountAboveTheRegionLimitIsRefusedAsALimit() {
        assertThatThrownBy(() -> parse(patch(0x854, le(1L << 40, 8))))
                .isInstanceOf(LimitExceededException.class).hasMessageContaining("maxRegions");
    }

    @Test
    void anElfSharedLibraryIsRefusedAsNotADump() {
        assertThatThrownBy(() -> parse(patch(16, le(3, 2))))
                .isInstanceOf(MalformedDumpException.class)
                .hasMessageContaining("ET_DYN").hasMessageContaining("not a core dump");
    }

    @Test
    void pnXnumWithoutSectionHeadersIsRefused() {
        assertThatThrownBy(() -> parse(patch(56, le(0xffff, 2))))
                .isInstanceOf(MalformedDumpException.class).hasMessageContaining("PN_XNUM");
    }

    @Test
    void aBadClassByteIsRefused() {
        assertThatThrownBy(() -> parse(patch(4, new byte[] {7})))
                .isInstanceOf(MalformedDumpException.class).hasMessageContaining("EI_CLASS");
    }

    @Test
    void aWrongProgramHeaderEntrySizeIsRefused() {
        assertThatThrownBy(() -> parse(patch(54, le(32, 2))))
                .isInstanceOf(MalformedDumpException.class).hasMessageContaining("e_phentsize");
    }
}
