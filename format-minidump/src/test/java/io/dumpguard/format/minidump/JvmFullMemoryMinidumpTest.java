package io.dumpguard.format.minidump;

import io.dumpguard.core.Finding;
import io.dumpguard.core.Region;
import io.dumpguard.core.RegionKind;
import io.dumpguard.core.Verdict;
import io.dumpguard.core.spi.RegisteredKey;
import io.dumpguard.detect.keys.registered.KnownKeys;
import io.dumpguard.engine.Engine;
import io.dumpguard.engine.Report;
import io.dumpguard.engine.ResidueSearch;
import io.dumpguard.engine.RunOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real full-memory minidump (lldb-22, Memory64List) of a HotSpot JVM holding an RSA-2048 key: with the public key
 * registered, {@code Engine.sanitize} must leave no layout (big-endian, little-endian, word-swapped) of p, q or d,
 * and obj2yaml and lldb must still read the result. Unlike an ELF core there is no Java object graph for a minidump,
 * so this proves the raw and registered-key detectors alone find the key's copies in the Java heap.
 */
class JvmFullMemoryMinidumpTest {
    @TempDir
    static Path dir;
    private static JvmKeyHolderDump jvm;

    @BeforeAll
    static void takeDump() throws Exception {
        jvm = JvmKeyHolderDump.take(dir);
    }

    @Test
    void theDumpParsesAndHoldsTheKey() throws Exception {
        MinidumpDump dump = MinidumpFiles.parse(jvm.dump);
        MinidumpFiles.assertRegionInvariants(dump, Files.size(jvm.dump));
        assertThat(dump.structure().counts().get("memoryRanges64")).isGreaterThan(5);
        assertThat(dump.structure().counts().get("threads")).isGreaterThan(5);
        assertThat(dump.regionList()).filteredOn(r -> r.kind() == RegionKind.SYMBOLS)
                .extracting(Region::label).anyMatch(l -> l.contains("libjvm"));
        List<String> present = ResidueSearch.remaining(jvm.dump, jvm.privateValues);
        System.out.println("JVM lldb full minidump: " + Files.size(jvm.dump) + " bytes, " + dump.description()
                + "; private layouts present: " + present);
        assertThat(present).as("the dump holds the key (else the sanitize test proves nothing)").isNotEmpty();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES) // the registered-RSA search runs at tens of MB/s for now
    void engineSanitizeWithTheRegisteredKeyLeavesNoLayoutOfPQOrD() throws Exception {
        List<RegisteredKey> keys = KnownKeys.load(jvm.publicKeyPem);
        Path out = dir.resolve("jvm-sanitized.dmp");
        Report report = Engine.loadPlugins().sanitize(jvm.dump, out, RunOptions.defaults().withRegisteredKeys(keys));
        Map<String, Long> byDetector = report.findings().stream()
                .collect(Collectors.groupingBy(Finding::detector, TreeMap::new, Collectors.counting()));
        System.out.println("Engine.sanitize of the JVM minidump: " + report.verdict() + ", " + report.inputBytes()
                + " bytes in " + report.millis() + " ms, " + report.bytesChanged() + " bytes changed, findings by detector "
                + byDetector + ", registered keys proven " + report.findings().stream().map(Finding::registeredKey)
                .filter(java.util.Objects::nonNull).distinct().toList());
        assertThat(report.refusal()).as("refusal").isNull();
        assertThat(report.verdict()).isEqualTo(Verdict.REDACTED);
        assertThat(ResidueSearch.remaining(out, jvm.privateValues)).as("private layouts left after sanitize").isEmpty();
        assertThat(MinidumpFiles.parse(out).structure()).isEqualTo(MinidumpFiles.parse(jvm.dump).structure());
        assertReadableByLlvmTools(out, MinidumpFiles.parse(out).structure().counts().get("threads"));
    }

    /** obj2yaml decodes every stream, and lldb loads the dump and lists the JVM's threads. */
    private static void assertReadableByLlvmTools(Path dump, long threads) throws Exception {
        Path obj2yaml = ExternalTools.find("obj2yaml");
        Assumptions.assumeTrue(obj2yaml != null, "obj2yaml not found in /usr/lib/llvm-22/bin (apt-get install llvm-22)");
        Path yamlFile = dir.resolve(dump.getFileName() + ".yaml");
        int yamlExit = ExternalTools.runToFile(dir, yamlFile, List.of(obj2yaml.toString(), dump.toString()));
        List<String> yaml = ExternalTools.linePrefixes(yamlFile, 200);
        Files.delete(yamlFile);
        assertThat(yamlExit).as("obj2yaml exit code (%s)", errorLines(String.join("\n", yaml))).isZero();
        assertThat(yaml.get(0)).isEqualTo("--- !minidump");
        assertThat(yaml).as("stream types obj2yaml decoded").filteredOn(l -> l.startsWith("  - Type:"))
                .extracting(l -> l.substring("  - Type:".length()).strip())
                .contains("ThreadList", "ModuleList", "Memory64List", "LinuxMaps", "Exception");
        ExternalTools.Result lldb = ExternalTools.run(dir, dir.resolve(dump.getFileName() + ".lldb.txt"),
                List.of(ExternalTools.find("lldb-22").toString(), "--batch", "-c", dump.toString(),
                        "-o", "image list", "-o", "thread list"));
        assertThat(lldb.exitCode()).as("lldb-22 exit code (%s)", errorLines(lldb.output())).isZero();
        assertThat(lldb.output()).contains("libjvm.so");
        assertThat(lldb.output().lines().filter(l -> l.matches("[* ] thread #\\d+: tid = \\d+.*")).count())
                .as("threads lldb lists").isEqualTo(threads);
    }

    /** A tool's error lines only: its other output may be dumped memory. */
    private static List<String> errorLines(String output) {
        return output.lines().filter(l -> l.contains("rror")).limit(5).map(l -> l.length() > 200 ? l.substring(0, 200) : l)
                .toList();
    }
}
