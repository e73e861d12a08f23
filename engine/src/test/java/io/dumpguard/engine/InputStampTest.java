package io.dumpguard.engine;

import io.dumpguard.core.error.InputRefusedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A stamp holds while nobody writes the file, and breaks on a write, even one that restores size and mtime. */
class InputStampTest {
    @TempDir
    Path dir;

    @Test
    void unchangedHolds() throws Exception {
        Path f = Files.write(dir.resolve("a"), new byte[] {1, 2, 3});
        InputStamp s = InputStamp.of(f);
        Files.readAllBytes(f);
        assertThatCode(s::checkUnchanged).doesNotThrowAnyException();
    }

    @Test
    void aSameSizeRewriteWithItsOldModificationTimeIsCaught() throws Exception {
        Path f = Files.write(dir.resolve("a"), new byte[] {1, 2, 3});
        FileTime mtime = Files.getLastModifiedTime(f);
        InputStamp s = InputStamp.of(f);
        Thread.sleep(30); // past the file system's coarse clock tick
        Files.write(f, new byte[] {9, 9, 9});
        Files.setLastModifiedTime(f, mtime);
        assertThatThrownBy(s::checkUnchanged).isInstanceOf(InputRefusedException.class)
                .hasMessageContaining("changed while it was being read");
    }

    @Test
    void aReplacedFileIsCaught() throws Exception {
        Path f = Files.write(dir.resolve("a"), new byte[] {1, 2, 3});
        InputStamp s = InputStamp.of(f);
        Path other = Files.write(dir.resolve("b"), new byte[] {1, 2, 3});
        Files.move(other, f, StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(s::checkUnchanged).isInstanceOf(InputRefusedException.class)
                .hasMessageContaining("replaced by another file");
    }
}
