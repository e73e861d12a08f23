package io.dumpguard.format.elf;

import io.dumpguard.core.Layouts;
import io.dumpguard.core.Region;
import io.dumpguard.core.RegionKind;
import io.dumpguard.core.io.MappedFile;
import io.dumpguard.format.elf.synth.SyntheticCore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark generator writes cores this reader (and so gdb's view of the layout) accepts, with plants where it says. */
class SyntheticCoreTest {
    @TempDir
    Path tmp;

    static List<SyntheticCore.Secret> secrets() {
        Random r = new Random(7);
        byte[] a = new byte[128];
        byte[] b = new byte[48];
        r.nextBytes(a);
        r.nextBytes(b);
        a[0] |= (byte) 0x80;
        b[0] |= (byte) 0x80;
        return List.of(new SyntheticCore.Secret("test value A", a, List.of(Layouts.Layout.values())),
                new SyntheticCore.Secret("test value B", b, List.of(Layouts.Layout.LITTLE_ENDIAN)));
    }

    @Test
    void plantsLieInRedactableSegmentRegionsAtTheirAddresses() throws Exception {
        SyntheticCore.Result res = SyntheticCore.write(tmp.resolve("s.core"),
                new SyntheticCore.Spec(6, 64 << 10, secrets(), 3, false));
        assertThat(res.planted()).hasSize(4);
        try (MappedFile f = MappedFile.open(res.file())) {
            assertThat(f.size()).isEqualTo(res.bytes());
            ElfCoreDump d = CoreTestSupport.parse(f);
            CoreTestSupport.checkInvariants(d, f.size());
            assertThat(d.segmentCount()).isEqualTo(6);
            assertThat(d.segment(0).kind()).isEqualTo(RegionKind.MODULE_IMAGE);
            assertThat(d.segment(0).label()).contains("/usr/lib/libsynthetic.so");
            assertThat(d.segment(5).kind()).isEqualTo(RegionKind.STACK);
            List<Region> rs = CoreTestSupport.regions(d);
            for (SyntheticCore.Planted p : res.planted()) {
                assertThat(d.fileOffsetOf(p.vaddr())).hasValue(p.fileOffset());
                Region r = rs.stream().filter(x -> x.contains(p.fileOffset(), p.length())).findFirst().orElseThrow();
                assertThat(r.redactable()).isTrue();
                byte[] want = Layouts.toLayout(secrets().stream().filter(s -> s.what().equals(p.what()))
                        .findFirst().orElseThrow().bigEndian(), p.layout());
                assertThat(f.bytes(p.fileOffset(), p.length(), "plant")).isEqualTo(want);
            }
        }
    }

    @Test
    void pnXnumTakesTheProgramHeaderCountFromSectionHeaderZero() throws Exception {
        SyntheticCore.Result res = SyntheticCore.write(tmp.resolve("x.core"),
                new SyntheticCore.Spec(5, 4096, secrets(), 1, true));
        try (MappedFile f = MappedFile.open(res.file())) {
            assertThat(f.u16(56, ByteOrder.LITTLE_ENDIAN, "e_phnum")).isEqualTo(0xffff);
            ElfCoreDump d = CoreTestSupport.parse(f);
            CoreTestSupport.checkInvariants(d, f.size());
            assertThat(d.structure().counts()).containsEntry("program_headers", 6L)
                    .containsEntry("segments.PT_LOAD", 5L).containsEntry("sections", 1L);
        }
    }
}
