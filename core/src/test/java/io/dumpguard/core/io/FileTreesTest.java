package io.dumpguard.core.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class FileTreesTest {
    @TempDir
    Path dir;

    @Test
    void removesTheTreeButNeverWhatALinkInsideItPointsTo() throws Exception {
        Path outside = Files.writeString(dir.resolve("outside.txt"), "kept");
        Path outsideDir = Files.createDirectories(dir.resolve("outside-dir"));
        Files.writeString(outsideDir.resolve("x"), "kept too");
        Path root = Files.createDirectories(dir.resolve("work/a/b"));
        Files.writeString(root.resolve("f"), "x");
        Files.createSymbolicLink(dir.resolve("work/link-to-file"), outside);
        Files.createSymbolicLink(dir.resolve("work/a/link-to-dir"), outsideDir);
        FileTrees.delete(dir.resolve("work"));
        assertThat(dir.resolve("work")).doesNotExist();
        assertThat(outside).hasContent("kept");
        assertThat(outsideDir.resolve("x")).hasContent("kept too");
    }

    @Test
    void aMissingFolderIsNothingToDo() {
        assertThatCode(() -> FileTrees.delete(dir.resolve("nope"))).doesNotThrowAnyException();
        assertThatCode(() -> FileTrees.deleteQuietly(dir.resolve("nope"))).doesNotThrowAnyException();
        assertThatCode(() -> FileTrees.deleteQuietly(null)).doesNotThrowAnyException();
    }

    @Test
    void quietDeletionRemovesWhatItCan() throws Exception {
        Path root = Files.createDirectories(dir.resolve("q/sub"));
        Files.write(root.resolve("data"), new byte[4096]);
        FileTrees.deleteQuietly(dir.resolve("q"));
        assertThat(dir.resolve("q")).doesNotExist();
    }
}
