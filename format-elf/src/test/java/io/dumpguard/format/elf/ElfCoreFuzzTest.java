package io.dumpguard.format.elf;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.io.MappedFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Any bytes either parse into a core whose walk covers the file and whose regions are ordered, or are refused with
 * {@link InputRefusedException}; nothing else may escape. Seeds: a small synthetic core in
 * {@code ElfCoreFuzzTestInputs/parseAndVisit}. Fuzz with {@code JAZZER_FUZZ=1}.
 */
class ElfCoreFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void parseAndVisit(byte[] data) throws IOException {
        Path p = Files.createTempFile("elf-fuzz", ".core");
        try {
            Files.write(p, data);
            try (MappedFile f = MappedFile.open(p)) {
                ElfCoreDump d = CoreTestSupport.parse(f);
                CoreTestSupport.checkInvariants(d, f.size());
                d.structure();
                d.notes();
                d.description();
            } catch (InputRefusedException expected) {
                // the documented outcome for bad input
            }
        } finally {
            Files.deleteIfExists(p);
        }
    }
}
