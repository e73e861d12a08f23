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
                static Object[] others;
                public static void main(String[] a) throws Exception {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(2048);
                    held = g.generateKeyPair();
                    Files.write(Path.of(a[0]), held.getPrivate().getEncoded());
                    // more key objects for the two heap readers to agree on: an EC key that has signed, an AES
                    // cipher with its schedules, an HMAC with its pads
                    KeyPairGenerator eg = KeyPairGenerator.getInstance("EC");
                    eg.initialize(256);
                    KeyPair ec = eg.generateKeyPair();
                    Signature s = Signature.getInstance("SHA256withECDSA");
                    s.initSign(ec.getPrivate());
                    s.update(new byte[8]);
                    s.sign();
                    byte[] k = new byte[16];
                    new SecureRandom().nextBytes(k);
                    javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
                    c.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(k, "AES"));
                    c.doFinal(new byte[5]);
                    javax.crypto.Mac m = javax.crypto.Mac.getInstance("HmacSHA256");
                    m.init(new javax.crypto.spec.SecretKeySpec(k, "HmacSHA256"));
                    m.doFinal(new byte[4]);
                    others = new Object[] {ec, c, m};
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
            Path keys = tmp.resolve("key-objects.hprof");
            HotSpotCores.Result k = HotSpotCores.keyObjectsToHprof(core, jdk.get(), keys,
                    List.of("sun.security.rsa.RSAPrivateCrtKeyImpl"), Duration.ofMinutes(5), "256m");
            assertThat(k.reason()).isNull();
            assertThat(Files.size(keys)).as("a few objects, not the heap").isPositive()
                    .isLessThan(Files.size(hprof) / 10);
        }
    }

    @Test
    void heapFindingsMapToCoreBytesHoldingTheKeyWordSwapped() throws Exception {
        Assumptions.assumeTrue(JvmCoreHeapBridge.findHprofFormat().isPresent(), "no HPROF format on the classpath");
        try (MappedFile f = MappedFile.open(core)) {
            ElfCoreDump d = (ElfCoreDump) new ElfCoreFormat().parse(f, ScanContext.defaults());
            assertThat(d.notes()).anyMatch(n -> n.startsWith("JVM core: structural Java-heap detection through"));
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

    /**
     * The default reader writes only the key objects and what they reference; on the same core it must give exactly
     * the structural findings that jhsdb's whole heap gives, at the same core offsets.
     */
    @Test
    void theKeyObjectReaderFindsWhatTheWholeHeapFinds() throws Exception {
        Assumptions.assumeTrue(JvmCoreHeapBridge.findHprofFormat().isPresent(), "no HPROF format on the classpath");
        java.util.Map<String, java.util.Set<String>> byReader = new java.util.TreeMap<>();
        // "fallback": the key-object reader cannot start (its classes are not where it is told), so jhsdb reads
        for (String reader : List.of(JvmCoreHeapBridge.READER_KEY_OBJECTS, JvmCoreHeapBridge.READER_JHSDB, "fallback")) {
            boolean fallback = reader.equals("fallback");
            ScanContext ctx = fallback ? ScanContext.defaults()
                    : ScanContext.defaults().withOption("elf.jvm.reader", reader);
            if (fallback) {
                System.setProperty(HotSpotCores.AGENT_CLASS_PATH_PROPERTY, tmp.resolve("no-agent-here").toString());
            }
            try (MappedFile f = MappedFile.open(core)) {
                ElfCoreDump d = (ElfCoreDump) new ElfCoreFormat().parse(f, ctx);
                List<Finding> found = new ArrayList<>();
                d.structuralFindings(ctx, found::add);
                assertThat(d.notes()).anyMatch(n -> reader.equals(JvmCoreHeapBridge.READER_KEY_OBJECTS)
                        ? n.startsWith("JVM core: key objects read with")
                        : n.startsWith("JVM core: whole Java heap read with"));
                if (fallback) {
                    assertThat(d.notes()).anyMatch(n -> n.startsWith("JVM core: the key-object reader failed"));
                }
                java.util.Set<String> keys = new java.util.TreeSet<>();
                for (Finding g : found) {
                    keys.add(g.detector() + "@0x" + Long.toHexString(g.offset()) + "+" + g.length() + " "
                            + g.fingerprint());
                }
                byReader.put(reader, keys);
            } finally {
                System.clearProperty(HotSpotCores.AGENT_CLASS_PATH_PROPERTY);
            }
        }
        java.util.Set<String> whole = byReader.get(JvmCoreHeapBridge.READER_JHSDB);
        assertThat(whole).as("the whole heap's findings").hasSizeGreaterThanOrEqualTo(10)
                .anyMatch(x -> x.startsWith("hprof.aes-schedule")).anyMatch(x -> x.startsWith("hprof.hmac"))
                .anyMatch(x -> x.startsWith("hprof.ec-private-key"));
        assertThat(byReader.get(JvmCoreHeapBridge.READER_KEY_OBJECTS)).isEqualTo(whole);
        assertThat(byReader.get("fallback")).isEqualTo(whole);
    }

    /** A reader that runs out of time is not followed by jhsdb, which walks the same heap and writes more. */
    @Test
    void aReaderOutOfTimeFallsBackToTheRawDetectorsNotToJhsdb() throws Exception {
        Assumptions.assumeTrue(JvmCoreHeapBridge.findHprofFormat().isPresent(), "no HPROF format on the classpath");
        ScanContext ctx = ScanContext.defaults().withOption("elf.jvm.timeout", "0");
        try (MappedFile f = MappedFile.open(core)) {
            ElfCoreDump d = (ElfCoreDump) new ElfCoreFormat().parse(f, ctx);
            List<Finding> found = new ArrayList<>();
            d.structuralFindings(ctx, found::add);
            assertThat(found).isEmpty();
            assertThat(d.notes()).anyMatch(n -> n.startsWith("JVM core: structural Java-heap detection failed (agent"
                    + " did not finish within 0 s")).noneMatch(n -> n.contains("jhsdb"));
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
        // verifying where the redaction wrote (the default) and re-scanning the whole core agree
        Report full = engine.sanitize(core, tmp.resolve("jvm-sanitized-full.core"), RunOptions.defaults()
                .withRegisteredKeys(List.of(RegisteredKey.of("jvm-rsa", pub))).withFullVerification(true));
        assertThat(full.verdict()).isEqualTo(Verdict.REDACTED);
        assertThat(full.outputSha256()).isEqualTo(report.outputSha256());
    }
}
