package io.dumpguard.core.io;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Splitting by known-zero ranges covers a span exactly, and a file read through them is the file. */
class ZeroRangesTest {
    @Property(tries = 300)
    void splitCoversTheSpanInOrderAndMarksExactlyTheZeroBytes(@ForAll long seed,
                                                              @ForAll @IntRange(min = 0, max = 12) int ranges) {
        Random r = new Random(seed);
        boolean[] zero = new boolean[500];
        ZeroRanges.Builder b = new ZeroRanges.Builder();
        int pos = 0;
        for (int i = 0; i < ranges && pos < 500; i++) {
            int start = Math.min(500, pos + r.nextInt(40));
            int end = Math.min(500, start + r.nextInt(60));
            b.add(start, end);
            for (int k = start; k < end; k++) {
                zero[k] = true;
            }
            pos = end + (r.nextBoolean() ? 0 : 1); // touching ranges merge
        }
        ZeroRanges z = b.build();
        int from = r.nextInt(500);
        int len = r.nextInt(501 - from);
        List<long[]> parts = new ArrayList<>();
        z.split(from, len, (at, n, isZero) -> parts.add(new long[] {at, n, isZero ? 1 : 0}));
        long next = from;
        for (long[] p : parts) {
            assertThat(p[0]).isEqualTo(next);
            assertThat(p[1]).isPositive();
            for (long k = p[0]; k < p[0] + p[1]; k++) {
                assertThat(zero[(int) k]).isEqualTo(p[2] == 1);
            }
            next = p[0] + p[1];
        }
        assertThat(next).isEqualTo((long) from + len);
    }

    @Test
    void rangesMustComeInOrder() {
        ZeroRanges.Builder b = new ZeroRanges.Builder().add(10, 20);
        assertThatThrownBy(() -> b.add(5, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new ZeroRanges.Builder().add(0, 4).add(4, 9).build().toString()).contains("1 ranges, 9 bytes");
    }

    /** A file whose zero ranges are declared reads the same through MappedFile, both kinds of read. */
    @Property(tries = 30)
    void aFileReadThroughItsZeroRangesIsTheFile(@ForAll long seed) throws Exception {
        Random r = new Random(seed);
        byte[] content = new byte[3 << 20];
        r.nextBytes(content);
        ZeroRanges.Builder b = new ZeroRanges.Builder();
        int pos = 0;
        while (pos < content.length) {
            int start = pos + r.nextInt(300_000);
            int end = Math.min(content.length, start + r.nextInt(300_000));
            if (start >= content.length) {
                break;
            }
            java.util.Arrays.fill(content, start, end, (byte) 0);
            b.add(start, end);
            pos = end + 1;
        }
        Path f = Files.createTempFile("dumpguard-zeros", ".bin");
        try {
            Files.write(f, content);
            try (MappedFile m = MappedFile.open(f, b.build())) {
                for (int i = 0; i < 40; i++) {
                    int at = r.nextInt(content.length);
                    int n = r.nextInt(Math.min(content.length - at, 2 << 20) + 1);
                    byte[] got = new byte[n + 3];
                    m.read(at, got, 3, n, "test");
                    assertThat(java.util.Arrays.copyOfRange(got, 3, n + 3))
                            .isEqualTo(java.util.Arrays.copyOfRange(content, at, at + n));
                    ByteBuffer direct = ByteBuffer.allocateDirect(n + 5);
                    m.read(at, direct, 5, n, "test");
                    byte[] d = new byte[n];
                    direct.get(5, d);
                    assertThat(d).isEqualTo(java.util.Arrays.copyOfRange(content, at, at + n));
                    if (at + 8 <= content.length) {
                        assertThat(m.i64(at, java.nio.ByteOrder.LITTLE_ENDIAN, "test"))
                                .isEqualTo(ByteBuffer.wrap(content, at, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong());
                    }
                }
            }
        } finally {
            Files.delete(f);
        }
    }
}
