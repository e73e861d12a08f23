package io.dumpguard.format.hprof;

import org.netbeans.lib.profiler.heap.Heap;
import org.netbeans.lib.profiler.heap.HeapFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Class and instance counts as the NetBeans profiler heap library (an independent HPROF reader) sees them. It
 * writes {@code <file>.nbcache} beside its input, so the dump is copied into a directory of its own first.
 */
record NetBeansCounts(long classes, long instances) {
    static NetBeansCounts of(Path dump, Path scratch) throws IOException {
        Path dir = Files.createTempDirectory(scratch, "netbeans");
        Path copy = dir.resolve(dump.getFileName());
        Files.copy(dump, copy);
        Heap heap = HeapFactory.createHeap(copy.toFile());
        return new NetBeansCounts(heap.getAllClasses().size(), heap.getSummary().getTotalLiveInstances());
    }
}
