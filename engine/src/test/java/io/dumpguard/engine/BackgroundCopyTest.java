package io.dumpguard.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The background copy is exact, hands over an open channel, and a refused run leaves nothing open behind. */
class BackgroundCopyTest {
    @TempDir
    Path dir;

    @Test
    void theCopyIsExactAndOpenForRedaction() throws Exception {
        byte[] content = new byte[3 << 20];
        new Random(3).nextBytes(content);
        Path in = Files.write(dir.resolve("in.bin"), content);
        Path out = dir.resolve("out.bin");
        try (BackgroundCopy copy = BackgroundCopy.start(in, out)) {
            try (FileChannel ch = copy.await()) {
                assertThat(ch.size()).isEqualTo(content.length);
                ch.write(ByteBuffer.wrap(new byte[] {0}), 5); // writable: the redactor edits it in place
            }
        }
        content[5] = 0;
        assertThat(Files.readAllBytes(out)).isEqualTo(content);
    }

    @Test
    void aRefusedRunClosesTheCopyItNeverTook() throws Exception {
        byte[] content = new byte[64 << 20];
        Path in = Files.write(dir.resolve("big.bin"), content);
        Path out = dir.resolve("out.bin");
        BackgroundCopy copy = BackgroundCopy.start(in, out);
        copy.close(); // interrupts, waits, closes whatever was made
        Files.deleteIfExists(out); // as the engine's clean-up does; nothing still writes to it
        assertThat(out).doesNotExist();
    }

    @Test
    void aFailedCopyIsReportedToWhoeverAwaitsIt() throws Exception {
        Path out = dir.resolve("exists.bin");
        Files.write(out, new byte[1]); // the copy must never overwrite an existing file
        try (BackgroundCopy copy = BackgroundCopy.start(Files.write(dir.resolve("in.bin"), new byte[10]), out)) {
            assertThatThrownBy(copy::await).isInstanceOf(IOException.class);
        }
        assertThat(Files.size(out)).isEqualTo(1);
    }

    /**
     * Aligned blocks of zeros become holes and are reported as such; everything else, including zero blocks that are
     * not whole or not aligned and a tail shorter than a block, is copied; the copy reads back exactly the input.
     */
    @net.jqwik.api.Property(tries = 25)
    void zeroBlocksBecomeHolesAndTheCopyIsExact(@net.jqwik.api.ForAll long seed,
                                                @net.jqwik.api.ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 9)
                                                int blocks,
                                                @net.jqwik.api.ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 5000)
                                                int tail) throws Exception {
        Random r = new Random(seed);
        int block = BackgroundCopy.BLOCK;
        byte[] content = new byte[blocks * block + tail];
        java.util.List<long[]> expectedHoles = new java.util.ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            int kind = r.nextInt(4); // 0: zeros, 1: random, 2: zeros but one byte anywhere, 3: zeros, data in page 0
            if (kind == 0) {
                expectedHoles.add(new long[] {(long) b * block, (long) (b + 1) * block});
                continue;
            }
            if (kind == 1) {
                byte[] x = new byte[block];
                r.nextBytes(x);
                System.arraycopy(x, 0, content, b * block, block);
            } else {
                int at = kind == 2 ? r.nextInt(block) : r.nextInt(4096);
                content[b * block + at] = (byte) (1 + r.nextInt(255));
            }
        }
        for (int t = 0; t < tail; t += 1 + r.nextInt(100)) {
            content[blocks * block + t] = (byte) r.nextInt(256);
        }
        Path in = Files.createTempFile("dumpguard-copy", ".in"); // jqwik runs outside Jupiter's @TempDir
        Path out = in.resolveSibling(in.getFileName() + ".out");
        try {
            Files.write(in, content);
            try (BackgroundCopy copy = BackgroundCopy.start(in, out)) {
                try (FileChannel ch = copy.await()) {
                    assertThat(ch.size()).isEqualTo(content.length);
                }
                io.dumpguard.core.io.ZeroRanges.Builder want = new io.dumpguard.core.io.ZeroRanges.Builder();
                expectedHoles.forEach(h -> want.add(h[0], h[1]));
                assertThat(copy.holes().toString()).isEqualTo(want.build().toString());
                assertThat(copy.holes().bytes()).isEqualTo((long) expectedHoles.size() * block);
            }
            assertThat(Files.readAllBytes(out)).isEqualTo(content);
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
        }
    }
}
