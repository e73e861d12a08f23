package io.dumpguard.format.hprof;

import io.dumpguard.core.Finding;
import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.io.MappedFile;
import io.dumpguard.core.spi.ParsedDump;
import io.dumpguard.core.spi.ScanContext;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** Helpers shared by the HPROF tests: corpus location, decompression, parse and collect. */
final class HprofTestFiles {
    private HprofTestFiles() {
    }

    /** ../shared/corpus/hprof, or null when the shared corpus is absent. */
    static Path corpus() {
        String shared = System.getProperty("dumpguard.shared");
        if (shared == null) {
            return null;
        }
        Path p = Path.of(shared, "corpus", "hprof");
        return Files.isDirectory(p) ? p : null;
    }

    /** Every corpus dump, gzip ones decompressed into {@code tmp}. */
    static List<Path> corpusDumps(Path tmp) throws IOException {
        Path root = corpus();
        List<Path> out = new ArrayList<>();
        if (root == null) {
            return out;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(".md")) {
                    continue;
                }
                if (name.endsWith(".gz")) {
                    Path target = tmp.resolve(name.substring(0, name.length() - 3));
                    try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                    out.add(target);
                } else {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /**
     * The symbols, LOAD_CLASS records and class dumps of {@code app/Thing} (class 0x200: an int field {@code count},
     * a reference {@code next}) and its root class {@code java/lang/Object} (0x100). The class dumps go into the heap
     * after whatever sub-records the writer holds already.
     */
    static void twoClasses(io.dumpguard.format.hprof.synth.HprofWriter w) throws IOException {
        w.utf8(1, "java/lang/Object");
        w.utf8(2, "app/Thing");
        w.utf8(3, "count");
        w.utf8(4, "next");
        w.loadClass(1, 0x100, 1);
        w.loadClass(2, 0x200, 2);
        w.classDump(0x100, 0, 0, new long[0], new int[0]);
        w.classDump(0x200, 0x100, 0, new long[]{3, 4}, new int[]{HprofTags.INT, HprofTags.OBJECT});
    }

    static ParsedDump parse(MappedFile f) throws InputRefusedException, IOException {
        return new HprofFormat().parse(f, ScanContext.defaults());
    }

    static List<Finding> findings(ParsedDump d) throws InputRefusedException {
        List<Finding> out = new ArrayList<>();
        d.structuralFindings(ScanContext.defaults(), out::add);
        return out;
    }
}
