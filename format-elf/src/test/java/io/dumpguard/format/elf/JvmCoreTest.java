package io.dumpguard.format.elf;

import io.dumpguard.core.Finding;
import io.dumpguard.core.Layouts;
import io.dumpguard.core.SecretValue;
import io.dumpguard.core.Verdict;
import io.dumpguard.core.io.MappedFile;
import io.dumpguard.core.spi.DetectorFactory;
import io.dumpguard.core.spi.RegisteredKey;
import io.dumpguard.core.spi.ScanContext;
import io.dumpguard.engine.Engine;
import io.dumpguard.engine.Report;
import io.dumpguard.engine.RunOptions;
import io.dumpguard.format.elf.jvm.HotSpotCores;
import io.dumpguard.format.elf.jvm.JvmCoreHeapBridge;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A HotSpot JVM holding an RSA key, dumped with gcore: the core is recognised as a JVM core by libjvm.so in NT_FILE,
 * jhsdb of the same JDK turns it into HPROF, and the HPROF's key findings map back to core offsets whose bytes are
 * the key's numbers word-swapped (a Java int[] in little-endian memory).
 */
class JvmCoreTest {
    static final String CHILD = """
            import java.nio.file.*;
            import java.security.*;
            public class HoldKeys {
                static KeyPair held;
                public static void main(String[] a) throws Exception {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(2048);
                    held = g.generateKeyPair();
                    Files.write(Path.of(a[0]), held.getPrivate().getEncoded());
                    System.out.println("READY");
                    System.out.flush();
                    Thread.sleep(600_000);
                }
            }
            """;

    @TempDir
    static Path tmp;
    static Path core;
    static RSAPrivateCrtKey key;
    static Process child;

    @BeforeAll
    static void dumpAJvmHoldingAKey() throws Exception {
        ProcessTools.tool("gcore");
        Path src = tmp.resolve("HoldKeys.java");
        Files.writeString(src, CHILD);
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", tmp.toString(), src.toString()))
                .isZero();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path keyFile = tmp.resolve("key.pk8");
        child = ProcessTools.startAndWait("READY", 120, java.toString(), "-Xmx32m", "-XX:+UseSerialGC",
                "-XX:ReservedCodeCacheSize=16m", "-XX:CompressedClassSpaceSize=16m", "-Xshare:off", "-cp",
                tmp.toString(), "HoldKeys", keyFile.toString());
        try {
            core = ProcessTools.gcore(child.pid(), tmp);
        } finally {
            child.destroy();
            child.waitFor();
        }
        key = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(
                new PKCS8EncodedKeySpec(Files.readAllBytes(keyFile)));
    }

    @AfterAll
    static void stopChild() {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
        }
    }

    @Test
    void theCoreIsRecognisedAsHotSpotAndItsJdkIsFound() throws Exception {
        try (MappedFile f = MappedFile.open(core)) {
            ElfCoreDump d = CoreTestSupport.parse(f);
            CoreTestSupport.checkInvariants(d, f.size());
            String libjvm = d.libjvmPath().orElseThrow();
            assertThat(Path.of(libjvm)).isEqualTo(Path.of(System.getProperty("java.home"), "lib", "server",
                    "libjvm.so").toRealPath());
            Optional<HotSpotCores.Jdk> jdk = HotSpotCores.jdkFor(libjvm);
            assertThat(jdk).isPresent();
            Path hprof = tmp.resolve("direct.hprof");
            HotSpotCores.Result r = HotSpotCores.toHprof(core, jdk.get(), hprof, Duration.ofMinutes(5));
            assertThat(r.reason()).isNull();
            assertThat(Files.size(hprof)).isPositive();
        }
    }

    @Test
    void heapFindingsMapToCoreBytesHoldingTheKeyWordSwapped() throws Exception {
        Assumptions.assumeTrue(JvmCoreHeapBridge.findHprofFormat().isPresent(), "no HPROF format on the classpath");
        try (MappedFile f = MappedFile.open(core)) {
            ElfCoreDump d = (ElfCoreDump) new ElfCoreFormat().parse(f, ScanContext.defaults());
            assertThat(d.notes()).anyMatch(n -> n.startsWith("JVM core: Java heap read with"));
            List<Finding> found = new ArrayList<>();
            d.structuralFindings(ScanContext.defaults(), found::add);
            assertThat(d.notes()).anyMatch(n -> n.matches("JVM core: \\d+ Java-heap findings mapped.*"));
            assertThat(found).isNotEmpty();
            List<byte[]> wanted = new ArrayList<>();
            for (java.math.BigInteger v : List.of(key.getPrimeP(), key.getPrimeQ(), key.getPrivateExponent())) {
                wanted.add(Layouts.wordSwapped(SecretValue.integer(v, "k").unsafeBytes()));
            }
            int keyArrays = 0;
            for (Finding g : found) {
                assertThat(g.redactable()).isTrue();
                assertThat(g.address()).isNotEqualTo(io.dumpguard.core.Region.NO_ADDRESS);
                byte[] at = f.bytes(g.offset(), (int) g.length(), "finding");
                if (wanted.stream().anyMatch(w -> java.util.Arrays.equals(w, at))) {
                    keyArrays++;
                    assertThat(g.encoding()).isEqualTo("word-swapped");
                }
            }
            assertThat(keyArrays).as("p, q and d found through the Java heap").isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void theEngineSanitizesTheJvmCore() throws Exception {
        Assumptions.assumeTrue(JvmCoreHeapBridge.findHprofFormat().isPresent(), "no HPROF format on the classpath");
        java.security.PublicKey pub = KeyFactory.getInstance("RSA").generatePublic(
                new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        Path out = tmp.resolve("jvm-sanitized.core");
        Engine engine = Engine.loadPlugins();
        Report report = engine.sanitize(core, out, RunOptions.defaults()
                .withRegisteredKeys(List.of(RegisteredKey.of("jvm-rsa", pub))));
        assertThat(report.refusal()).as("refusal").isNull();
        assertThat(report.verdict()).isEqualTo(Verdict.REDACTED);
        assertThat(report.findings()).anyMatch(x -> "word-swapped".equals(x.encoding()));
        SecretSearch s = new SecretSearch().add("p", key.getPrimeP()).add("q", key.getPrimeQ())
                .add("d", key.getPrivateExponent());
        assertThat(s.find(core)).as("the JVM core holds the key").extracting(SecretSearch.Hit::layout)
                .contains(Layouts.Layout.WORD_SWAPPED);
        Assumptions.assumeTrue(engine.detectors().stream().anyMatch(x -> x.role() == DetectorFactory.Role.PROPAGATION),
                "no propagation detector on the classpath yet: stale copies cannot be claimed gone");
        assertThat(s.find(out)).as("private values left after sanitize").isEmpty();
    }
}
