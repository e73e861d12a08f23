package io.dumpguard.format.hprof;

import io.dumpguard.core.Finding;
import io.dumpguard.core.io.MappedFile;
import io.dumpguard.core.spi.ParsedDump;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;

class TmpDebugTest {
    @TempDir Path tmp;
    @Test void show() throws Exception {
        for (Path jdk : new Path[]{ChildJvmDumps.currentJdk(), ChildJvmDumps.JDK17}) {
            ChildJvmDumps.Dump d = ChildJvmDumps.run(jdk, tmp);
            try (MappedFile f = MappedFile.open(d.file())) {
                ParsedDump p = HprofTestFiles.parse(f);
                System.out.println("== " + d.file().getFileName() + " " + f.size() + " " + p.description());
                for (Finding fi : HprofTestFiles.findings(p)) {
                    System.out.println(fi.detector() + " " + fi.encoding() + " " + fi.length() + " fp=" + (fi.fingerprint()==null?null:fi.fingerprint().substring(0,8)) + " " + fi.description() + " secrets=" + fi.secrets().size());
                }
                System.out.println(p.notes());
            }
        }
    }
}
