package io.dumpguard.format.elf;

import io.dumpguard.core.Region;
import io.dumpguard.core.RegionKind;
import io.dumpguard.core.io.MappedFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The initial-stack search near address 0 (where a descending address wraps around) ends, and finds the strings. */
class InitialStackLocatorTest {
    @TempDir
    Path tmp;

    /**
     * One PT_NOTE with NT_AUXV (AT_PAGESZ, AT_EXECFN, AT_NULL) and one 4 KiB PT_LOAD at vaddr {@code base} holding,
     * when {@code withStack}, argc, argv, envp and the auxv copy followed by the strings.
     */
    private Path core(long base, boolean withStack) throws Exception {
        long execfnOff = 0x200;
        ByteBuffer auxv = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(6).putLong(4096).putLong(31).putLong(base + execfnOff).putLong(0).putLong(0);
        ByteBuffer notes = ByteBuffer.allocate(12 + 8 + 48).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(5).putInt(48).putInt(6).put("CORE\0\0\0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put(auxv.array());
        ByteBuffer seg = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        if (withStack) {
            // argc=1, argv[0], NULL, envp[0], NULL, auxv..., then "prog\0" at 0x100, "SECRET=x\0" at 0x180
            seg.putLong(0x40, 1).putLong(0x48, base + 0x100).putLong(0x50, 0).putLong(0x58, base + 0x180)
                    .putLong(0x60, 0);
            seg.put(0x68, auxv.array(), 0, 48);
            seg.put(0x100, "prog\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            seg.put(0x180, "SECRET=x\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            seg.put((int) execfnOff, "/bin/prog\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        long notesOff = 64 + 2 * 56;
        long segOff = 4096;
        ByteBuffer f = ByteBuffer.allocate((int) segOff + 4096).order(ByteOrder.LITTLE_ENDIAN);
        f.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}).putLong(0);
        f.putShort((short) 4).putShort((short) 62).putInt(1).putLong(0).putLong(64).putLong(0).putInt(0);
        f.putShort((short) 64).putShort((short) 56).putShort((short) 2).putShort((short) 0).putShort((short) 0)
                .putShort((short) 0);
        f.putInt(4).putInt(0).putLong(notesOff).putLong(0).putLong(0).putLong(notes.capacity()).putLong(0).putLong(4);
        f.putInt(1).putInt(6).putLong(segOff).putLong(base).putLong(0).putLong(4096).putLong(4096).putLong(4096);
        f.put(notes.array());
        f.position((int) segOff);
        f.put(seg.array());
        Path p = tmp.resolve("stack-" + Long.toHexString(base) + (withStack ? "" : "-empty"));
        Files.write(p, f.array());
        return p;
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aSearchThatReachesAddressZeroEnds() throws Exception {
        try (MappedFile f = MappedFile.open(core(0, false))) {
            ElfCoreDump d = CoreTestSupport.parse(f);
            assertThat(d.notes()).anyMatch(n -> n.contains("not located") && n.contains("auxv copy was not found"));
        }
    }

    @Test
    void argvAndEnvpStringsBecomeTheirOwnRegions() throws Exception {
        for (long base : new long[] {0, 0x7ffd00000000L}) {
            try (MappedFile f = MappedFile.open(core(base, true))) {
                ElfCoreDump d = CoreTestSupport.parse(f);
                CoreTestSupport.checkInvariants(d, f.size());
                List<Region> rs = CoreTestSupport.regions(d);
                Region env = rs.stream().filter(r -> r.kind() == RegionKind.ENVIRONMENT).findFirst().orElseThrow();
                assertThat(env.address()).isEqualTo(base + 0x180);
                assertThat(env.length()).isEqualTo(0x200 - 0x180);
                Region argv = rs.stream().filter(r -> r.kind() == RegionKind.COMMAND_LINE && r.address() != Region.NO_ADDRESS)
                        .findFirst().orElseThrow();
                assertThat(argv.address()).isEqualTo(base + 0x100);
                assertThat(argv.redactable()).isTrue();
            }
        }
    }
}
