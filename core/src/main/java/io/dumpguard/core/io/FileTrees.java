package io.dumpguard.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Removal of the temporary folders runs work in (unwrapped content, staged outputs, training data). The walk does
 * not follow symbolic links: a link inside a folder is removed, never what it points to.
 */
public final class FileTrees {
    private FileTrees() {
    }

    /** Removes {@code root} and everything under it; nothing when it does not exist. */
    public static void delete(Path root) throws IOException {
        if (root == null || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> deepestFirst;
        try (Stream<Path> s = Files.walk(root)) {
            deepestFirst = s.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : deepestFirst) {
            Files.deleteIfExists(p);
        }
    }

    /**
     * {@link #delete} as far as it gets, for clean-up paths that must not hide the run's own outcome: whatever is
     * left is in a private temporary folder and holds no more than the input did.
     */
    public static void deleteQuietly(Path root) {
        if (root == null || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort, as documented
                }
            }
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // the folder went away while it was walked
        }
    }
}
