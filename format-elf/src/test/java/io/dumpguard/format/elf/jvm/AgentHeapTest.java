package io.dumpguard.format.elf.jvm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What goes on the command line of the agent processes (jhsdb, and the key-object reader on the core's JDK) is only
 * ever a JVM size and binary class names, never free text; and a reader that cannot run fails with a reason.
 */
class AgentHeapTest {
    @TempDir
    Path dir;

    @Test
    void anythingButASizeIsRejectedBeforeJhsdbRuns() {
        HotSpotCores.Jdk jdk = new HotSpotCores.Jdk(dir, dir.resolve("bin/java"), dir.resolve("bin/jhsdb"));
        for (String bad : new String[] {"", "1g -XX:OnError=x", "lots", "-1g", "99999999g"}) {
            assertThatThrownBy(() -> HotSpotCores.toHprof(dir.resolve("core"), jdk, dir.resolve("h.hprof"),
                    Duration.ofSeconds(1), bad)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> HotSpotCores.keyObjectsToHprof(dir.resolve("core"), jdk, dir.resolve("h.hprof"),
                    List.of("a.B"), Duration.ofSeconds(1), bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void onlyBinaryClassNamesReachTheKeyObjectReader() {
        HotSpotCores.Jdk jdk = new HotSpotCores.Jdk(dir, dir.resolve("bin/java"), dir.resolve("bin/jhsdb"));
        for (String bad : new String[] {"", "a,b", "a b", "--out=/etc/x", "a;b"}) {
            assertThatThrownBy(() -> HotSpotCores.keyObjectsToHprof(dir.resolve("core"), jdk, dir.resolve("h.hprof"),
                    List.of(bad), Duration.ofSeconds(1), "64m")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theReaderIsOnTheClassPathAndFailsWithAReasonOnANonCore() throws Exception {
        assertThat(HotSpotCores.agentClassPath()).isPresent();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        HotSpotCores.Jdk jdk = new HotSpotCores.Jdk(Path.of(System.getProperty("java.home")), java, java);
        Path notACore = Files.write(dir.resolve("not-a-core"), new byte[4096]);
        HotSpotCores.Result r = HotSpotCores.keyObjectsToHprof(notACore, jdk, dir.resolve("h.hprof"),
                List.of("javax.crypto.spec.SecretKeySpec"), Duration.ofMinutes(2), "64m");
        assertThat(r.hprof()).isEmpty();
        assertThat(r.reason()).contains("exited with");
        assertThat(dir.resolve("h.hprof")).doesNotExist();
    }

    /** A crafted core names the JDK to run: only one nobody else can replace is run. */
    @Test
    void aJdkOthersCanReplaceIsNotRun() throws Exception {
        Path home = dir.resolve("jdk");
        Path bin = Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("lib/server"));
        for (String tool : new String[] {"java", "jhsdb"}) {
            Path t = Files.writeString(bin.resolve(tool), "#!/bin/sh\nexit 0\n");
            Files.setPosixFilePermissions(t, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.setPosixFilePermissions(bin, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        String libjvm = home.resolve("lib/server/libjvm.so").toString();
        org.junit.jupiter.api.Assumptions.assumeTrue(HotSpotCores.untrusted(bin.resolve("java")).isEmpty(),
                "the test's temp folder itself is not safe here");
        assertThat(HotSpotCores.jdkFor(libjvm)).isPresent();
        Files.setPosixFilePermissions(bin, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(HotSpotCores.jdkFor(libjvm)).isEmpty();
        assertThat(HotSpotCores.whyNoJdk(libjvm)).contains("is not run").contains("writable by others");
        Files.setPosixFilePermissions(bin, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(bin.resolve("jhsdb"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxrw-r-x"));
        assertThat(HotSpotCores.jdkFor(libjvm)).isEmpty();
    }
}
