package io.dumpguard.format.elf;

import io.dumpguard.core.io.MappedFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A core with 200,000 PT_LOADs listed in descending address order (the unsorted path of the segment index) parses
 * in bounded time; a generous timeout catches a super-linear regression, it does not measure speed.
 */
class ManySegmentsTest {
    static final int N = 200_000;
    static final int SEG = 16;

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void twoHundredThousandUnsortedSegmentsParseAndEachIsARegion() throws Exception {
        int phnum = N;
        long dataOff = 64 + (long) phnum * 56;
        ByteBuffer b = ByteBuffer.allocate((int) (dataOff + (long) N * SEG)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}).putLong(0);
        b.putShort((short) 4).putShort((short) 62).putInt(1).putLong(0).putLong(64).putLong(0).putInt(0);
        b.putShort((short) 64).putShort((short) 56).putShort((short) (phnum >= 0xffff ? 0xffff : phnum));
        b.putShort((short) 0).putShort((short) 0).putShort((short) 0);
        if (phnum >= 0xffff) {
            // PN_XNUM: append section header 0 carrying the count
            ByteBuffer big = ByteBuffer.allocate(b.capacity() + 64).order(ByteOrder.LITTLE_ENDIAN);
            big.put(b.array(), 0, 64);
            b = big;
            b.putLong(40, b.capacity() - 64);
            b.putShort(58, (short) 64).putShort(60, (short) 1);
            b.putInt(b.capacity() - 64 + 44, phnum);
            b.position(64);
        }
        for (int i = 0; i < N; i++) {
            b.putInt(1).putInt(6).putLong(dataOff + (long) i * SEG).putLong(0x7f0000000000L - (long) i * 0x1000)
                    .putLong(0).putLong(SEG).putLong(0x1000).putLong(0x1000);
        }
        Path p = tmp.resolve("many.core");
        Files.write(p, b.array());
        try (MappedFile f = MappedFile.open(p)) {
            ElfCoreDump d = CoreTestSupport.parse(f);
            assertThat(d.segmentCount()).isEqualTo(N);
            long[] count = {0};
            d.regions(r -> count[0]++);
            assertThat(count[0]).isEqualTo(N);
            assertThat(d.fileOffsetOf(0x7f0000000000L - 5L * 0x1000 + 3)).hasValue(dataOff + 5L * SEG + 3);
            assertThat(d.fileOffsetOf(0x7f0000000000L - 5L * 0x1000 + SEG)).isEmpty();
        }
    }
}
