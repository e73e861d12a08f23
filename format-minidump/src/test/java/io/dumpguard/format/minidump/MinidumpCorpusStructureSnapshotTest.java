package io.dumpguard.format.minidump;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The structure summary of every corpus dump is pinned: a change in what the reader treats as structure (and so
 * what verification compares) must be deliberate. On a mismatch the test prints the current lines to paste into
 * {@code minidump-corpus-structure.txt}.
 */
class MinidumpCorpusStructureSnapshotTest {
    @Test
    void structureSummariesMatchTheSnapshot() throws Exception {
        List<Path> files = MinidumpFiles.corpusFiles();
        Assumptions.assumeFalse(files.isEmpty(), "shared minidump corpus not found; skipping");
        List<String> actual = new ArrayList<>();
        for (Path p : files) {
            if (!MinidumpFiles.MALFORMED.contains(p.getFileName().toString())) {
                actual.add(line(p));
            }
        }
        List<String> expected = snapshot();
        if (!actual.equals(expected)) {
            System.out.println("current structure summaries:\n" + String.join("\n", actual));
        }
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    private static String line(Path p) throws Exception {
        var s = MinidumpFiles.parse(p).structure();
        var c = s.counts();
        return p.getParent().getFileName() + "/" + p.getFileName() + " " + s.structureDigest()
                + " streams=" + c.get("streams") + " threads=" + c.getOrDefault("threads", 0L)
                + " modules=" + c.getOrDefault("modules", 0L)
                + " ranges=" + (c.getOrDefault("memoryRanges", 0L) + c.getOrDefault("memoryRanges64", 0L))
                + " structureBytes=" + c.get("structureBytes");
    }

    private static List<String> snapshot() throws IOException {
        try (InputStream in = MinidumpCorpusStructureSnapshotTest.class.getResourceAsStream(
                "/minidump-corpus-structure.txt")) {
            assertThat(in).as("snapshot resource").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        }
    }
}
