package io.dumpguard.format.elf.jvm;

import io.dumpguard.core.Finding;
import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.io.FileTrees;
import io.dumpguard.core.io.MappedFile;
import io.dumpguard.core.spi.DumpFormat;
import io.dumpguard.core.spi.FindingSink;
import io.dumpguard.core.spi.ParsedDump;
import io.dumpguard.core.spi.ScanContext;
import io.dumpguard.format.elf.ElfCoreDump;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Java-heap structural detection for HotSpot cores: the JDK's Serviceability Agent turns the core's heap into HPROF
 * (by default only the key objects and what they reference, {@link HotSpotCores#keyObjectsToHprof}; with option
 * {@code elf.jvm.reader=jhsdb}, or when that fails, the whole heap with jhsdb), the HPROF format (found
 * with {@link ServiceLoader} by id {@code "hprof"}, so this module needs no compile-time dependency on it) finds
 * key objects, and each finding inside a primitive array is mapped back to the core through the array's object id,
 * which is its address. Nothing is reported unless the core's bytes at the mapped place equal the HPROF's.
 *
 * <p>Options ({@link ScanContext#options()}): {@code elf.jvm.heap=off} disables it, {@code elf.jvm.reader=key-objects|jhsdb},
 * {@code elf.jvm.timeout=SECONDS},
 * {@code elf.jvm.agent-heap=SIZE} (jhsdb's heap cap, default {@value HotSpotCores#DEFAULT_AGENT_HEAP}).
 */
public final class JvmCoreHeapBridge {
    public static final String HPROF_FORMAT_ID = "hprof";
    /** Option {@code elf.jvm.reader}: only the key objects, with dumpguard's agent program (the default). */
    public static final String READER_KEY_OBJECTS = "key-objects";
    /** Option {@code elf.jvm.reader}: the whole heap, with {@code jhsdb jmap --binaryheap}. */
    public static final String READER_JHSDB = "jhsdb";

    private final DumpFormat hprof;
    private final HotSpotCores.Jdk jdk;

    public JvmCoreHeapBridge(DumpFormat hprof, HotSpotCores.Jdk jdk) {
        this.hprof = hprof;
        this.jdk = jdk;
    }

    /** The HPROF format on the classpath, if any. */
    public static Optional<DumpFormat> findHprofFormat() {
        for (DumpFormat f : ServiceLoader.load(DumpFormat.class, JvmCoreHeapBridge.class.getClassLoader())) {
            if (HPROF_FORMAT_ID.equals(f.id())) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** Decides at parse time whether the bridge can run, and says so in the core's notes either way. */
    public static void attach(ElfCoreDump core, ScanContext context) {
        String libjvm = core.libjvmPath().orElseThrow();
        String reason = null;
        Optional<DumpFormat> fmt = findHprofFormat();
        Optional<HotSpotCores.Jdk> jdk = HotSpotCores.jdkFor(libjvm);
        if (context.verifying()) {
            // jhsdb on the sanitized copy would walk the same objects again (the structure is unchanged) and only
            // re-prove what propagation of the input's findings already searches for across the whole copy
            core.addNoteFromBridge("JVM core (verification): every value the Java-heap detection proved in the input"
                    + " is searched for across the copy in every layout; jhsdb is not run again");
            return;
        }
        if ("off".equals(context.options().get("elf.jvm.heap"))) {
            reason = "disabled by option elf.jvm.heap=off";
        } else if (fmt.isEmpty()) {
            reason = "no DumpFormat with id \"hprof\" on the classpath";
        } else if (jdk.isEmpty()) {
            reason = HotSpotCores.whyNoJdk(libjvm);
        }
        if (reason != null) {
            core.addNoteFromBridge("JVM core: structural Java-heap detection unavailable (" + reason
                    + "); raw detectors only");
            return;
        }
        JvmCoreHeapBridge bridge = new JvmCoreHeapBridge(fmt.get(), jdk.get());
        core.addNoteFromBridge("JVM core: structural Java-heap detection through the Serviceability Agent of "
                + jdk.get().home());
        core.setJvmHeapHook(bridge::structuralFindings);
    }

    /** Runs jhsdb, the HPROF structural detection, and reports the findings at their core offsets. */
    public void structuralFindings(ElfCoreDump core, ScanContext context, FindingSink sink)
            throws InputRefusedException {
        Path dir = null;
        try {
            // The HPROF holds the heap unredacted: owner-only, deleted below whatever happens.
            dir = Files.getFileStore(Path.of(System.getProperty("java.io.tmpdir"))).supportsFileAttributeView("posix")
                    ? Files.createTempDirectory("dumpguard-jvmcore", java.nio.file.attribute.PosixFilePermissions
                    .asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")))
                    : Files.createTempDirectory("dumpguard-jvmcore");
            Path out = dir.resolve("heap.hprof");
            long secs = Long.parseLong(context.options().getOrDefault("elf.jvm.timeout",
                    String.valueOf(HotSpotCores.DEFAULT_TIMEOUT.toSeconds())));
            String agentHeap = context.options().getOrDefault("elf.jvm.agent-heap", HotSpotCores.DEFAULT_AGENT_HEAP);
            String reader = context.options().getOrDefault("elf.jvm.reader", READER_KEY_OBJECTS);
            if (!reader.equals(READER_KEY_OBJECTS) && !reader.equals(READER_JHSDB)) {
                throw new IllegalArgumentException("option elf.jvm.reader must be " + READER_KEY_OBJECTS + " or "
                        + READER_JHSDB + ", not '" + reader + "'");
            }
            HotSpotCores.Result r = null;
            if (reader.equals(READER_KEY_OBJECTS) && !hprof.keyClassNames().isEmpty()) {
                r = HotSpotCores.keyObjectsToHprof(core.file().path(), jdk, out, hprof.keyClassNames(),
                        Duration.ofSeconds(secs), agentHeap);
                if (r.timedOut()) {
                    // jhsdb walks the same heap and writes every object: it would run out of time too
                    core.addNoteFromBridge("JVM core: structural Java-heap detection failed (" + r.reason()
                            + "; option elf.jvm.timeout=SECONDS allows more); raw detectors only");
                    return;
                }
                if (r.hprof().isEmpty()) {
                    core.addNoteFromBridge("JVM core: the key-object reader failed (" + r.reason()
                            + "); reading the whole heap with jhsdb instead");
                } else {
                    core.addNoteFromBridge("JVM core: key objects read with the Serviceability Agent of " + jdk.home()
                            + (r.summary().isEmpty() ? "" : " (" + r.summary() + ")"));
                }
            }
            boolean wholeHeap = false;
            if (r == null || r.hprof().isEmpty()) {
                r = HotSpotCores.toHprof(core.file().path(), jdk, out, Duration.ofSeconds(secs), agentHeap);
                if (r.hprof().isPresent()) {
                    core.addNoteFromBridge("JVM core: whole Java heap read with " + jdk.jhsdb());
                    wholeHeap = true;
                }
            }
            if (r.hprof().isEmpty()) {
                core.addNoteFromBridge("JVM core: structural Java-heap detection failed (" + r.reason()
                        + "; the agent's heap was capped at " + agentHeap + ", option elf.jvm.agent-heap); raw detectors only");
                return;
            }
            int[] counts = new int[2];
            try (MappedFile hf = MappedFile.open(out); MappedFile coreBytes = MappedFile.open(core.file().path())) {
                ParsedDump heap = hprof.parse(hf, context);
                if (wholeHeap && !holdsObjects(heap)) {
                    core.addNoteFromBridge("JVM core: structural Java-heap detection failed (jhsdb wrote no object of"
                            + " this heap: its collector is not walkable by the Serviceability Agent); raw detectors only");
                    return;
                }
                List<Finding> found = new ArrayList<>();
                heap.structuralFindings(context, found::add);
                List<HprofArrayLocator.PlacedFinding> placed = new HprofArrayLocator(hf, heap).place(found);
                counts[1] = found.size() - placed.size();
                CoreArrayMapper mapper = new CoreArrayMapper(core, hf, coreBytes);
                for (HprofArrayLocator.PlacedFinding p : placed) {
                    Optional<Finding> mapped = mapper.map(p);
                    mapped.ifPresent(sink::accept);
                    counts[mapped.isPresent() ? 0 : 1]++;
                }
            }
            core.addNoteFromBridge(String.format("JVM core: %d Java-heap findings mapped to core offsets, %d could"
                    + " not be mapped (still proven; their values propagate)", counts[0], counts[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            FileTrees.deleteQuietly(dir);
        }
    }

    /**
     * Whether a whole-heap HPROF holds any object. jhsdb writes the classes but no object of a heap it cannot walk
     * (JDK 17's ZGC), and such a file is no evidence that the heap holds no key objects.
     */
    static boolean holdsObjects(ParsedDump wholeHeap) {
        java.util.Map<String, Long> c = wholeHeap.structure().counts();
        return c.getOrDefault("subrecords.INSTANCE_DUMP", 0L) + c.getOrDefault("subrecords.OBJECT_ARRAY_DUMP", 0L)
                + c.getOrDefault("subrecords.PRIMITIVE_ARRAY_DUMP", 0L) > 0;
    }
}
