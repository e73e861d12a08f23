package io.dumpguard.format.elf.jvm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** jhsdb's heap cap goes on its command line only in the shape of a JVM size, never as free text. */
class AgentHeapTest {
    @TempDir
    Path dir;

    @Test
    void anythingButASizeIsRejectedBeforeJhsdbRuns() {
        HotSpotCores.Jdk jdk = new HotSpotCores.Jdk(dir, dir.resolve("bin/java"), dir.resolve("bin/jhsdb"));
        for (String bad : new String[] {"", "1g -XX:OnError=x", "lots", "-1g", "99999999g"}) {
            assertThatThrownBy(() -> HotSpotCores.toHprof(dir.resolve("core"), jdk, dir.resolve("h.hprof"),
                    Duration.ofSeconds(1), bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
