package io.dumpguard.core.io;

import io.dumpguard.core.error.MalformedDumpException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MappedFileTest {
    @TempDir
    Path dir;

    private static final byte[] DATA = new byte[3 * MappedFile.WINDOW + 12345];

    static {
        new Random(3).nextBytes(DATA);
    }

    private Path file() throws IOException {
        Path f = Files.createTempFile("mapped", ".bin");
        Files.write(f, DATA);
        return f;
    }

    @Test
    void typedReadsMatchByteBufferInBothOrdersAcrossWindowEdges() throws Exception {
        try (MappedFile m = MappedFile.open(file())) {
            for (long off : new long[] {0, 1, MappedFile.WINDOW - 3, MappedFile.WINDOW - 1, 2L * MappedFile.WINDOW + 7,
                    DATA.length - 8}) {
                for (ByteOrder o : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
                    ByteBuffer b = ByteBuffer.wrap(DATA).order(o);
                    assertThat(m.i64(off, o, "t")).isEqualTo(b.getLong((int) off));
                    assertThat(m.i32(off, o, "t")).isEqualTo(b.getInt((int) off));
                    assertThat(m.u16(off, o, "t")).isEqualTo(b.getShort((int) off) & 0xffff);
                }
                assertThat(m.u1(off, "t")).isEqualTo(DATA[(int) off] & 0xff);
            }
        }
    }

    @Test
    void readsPastTheEndNameOffsetAndStructure() throws Exception {
        try (MappedFile m = MappedFile.open(file())) {
            assertThatThrownBy(() -> m.i32(DATA.length - 2, ByteOrder.BIG_ENDIAN, "Elf64_Phdr #3"))
                    .isInstanceOf(MalformedDumpException.class)
                    .hasMessageContaining("Elf64_Phdr #3").hasMessageContaining("0x" + Long.toHexString(DATA.length - 2));
            assertThatThrownBy(() -> m.bytes(-1, 4, "x")).isInstanceOf(MalformedDumpException.class);
            assertThatThrownBy(() -> m.check(10, Long.MAX_VALUE, "huge")).isInstanceOf(MalformedDumpException.class);
        }
    }

    @Property(tries = 200)
    void bulkReadsEqualTheFileAnywhere(@ForAll @IntRange(min = 0, max = 3 * (1 << 20) + 12000) int off,
                                       @ForAll @IntRange(min = 0, max = 200_000) int len) throws Exception {
        int n = Math.min(len, DATA.length - off);
        Path f = Files.createTempFile("mapped", ".bin");
        try {
            Files.write(f, DATA);
            try (MappedFile m = MappedFile.open(f)) {
                m.u1(DATA.length - 1, "warm the window somewhere else");
                assertThat(m.bytes(off, n, "t")).isEqualTo(Arrays.copyOfRange(DATA, off, off + n));
            }
        } finally {
            Files.delete(f);
        }
    }
}
