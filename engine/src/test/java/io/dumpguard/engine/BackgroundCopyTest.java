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
}
