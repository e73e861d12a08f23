package io.dumpguard.format.elf.jvm;

import io.dumpguard.core.io.MappedFile;
import io.dumpguard.core.spi.ScanContext;
import io.dumpguard.format.hprof.HprofFormat;
import io.dumpguard.format.hprof.HprofTags;
import io.dumpguard.format.hprof.synth.HprofWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * jhsdb writes the classes and no object of a heap its agent cannot walk (seen on a JDK 17 ZGC core): such a file is
 * not taken for a heap without key objects.
 */
class WholeHeapTest {
    @TempDir
    Path dir;

    @Test
    void aHeapDumpWithClassesAndNoObjectIsNotAWalkedHeap() throws Exception {
        Path classesOnly = dir.resolve("classes-only.hprof");
        try (HprofWriter w = new HprofWriter(classesOnly, "1.0.2", 8, true)) {
            w.utf8(1, "java/lang/Object");
            w.loadClass(1, 0x100, 1);
            w.classDump(0x100, 0, 0, new long[0], new int[0]);
        }
        Path withObject = dir.resolve("with-object.hprof");
        try (HprofWriter w = new HprofWriter(withObject, "1.0.2", 8, true)) {
            w.utf8(1, "java/lang/Object");
            w.loadClass(1, 0x100, 1);
            w.classDump(0x100, 0, 0, new long[0], new int[0]);
            w.primitiveArray(0x200, HprofTags.BYTE, new byte[] {1, 2, 3}, 0, 3);
        }
        HprofFormat hprof = new HprofFormat();
        try (MappedFile a = MappedFile.open(classesOnly); MappedFile b = MappedFile.open(withObject)) {
            assertThat(JvmCoreHeapBridge.holdsObjects(hprof.parse(a, ScanContext.defaults()))).isFalse();
            assertThat(JvmCoreHeapBridge.holdsObjects(hprof.parse(b, ScanContext.defaults()))).isTrue();
        }
    }
}
