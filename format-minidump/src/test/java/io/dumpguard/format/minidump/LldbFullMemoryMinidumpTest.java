package io.dumpguard.format.minidump;

import io.dumpguard.core.Region;
import io.dumpguard.core.RegionKind;
import io.dumpguard.core.spi.RegisteredKey;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real full-memory minidump (lldb-22, Memory64List) of {@code openssl s_server} holding an RSA-3072 and an EC
 * P-384 key. Proves that every copy of every private number lies in a redactable region, that overwriting them keeps
 * the structure and the dump readable by obj2yaml and lldb, and, when the engine is built, that
 * {@code Engine.sanitize} leaves none of them in any layout.
 */
class LldbFullMemoryMinidumpTest {
    @TempDir
    static Path dir;
    private static OpensslServerDump server;

    @BeforeAll
    static void takeDump() throws Exception {
        server = OpensslServerDump.take(dir);
    }

    @Test
    void fullMemoryDumpParsesFromMemory64List() throws Exception {
        MinidumpDump dump = MinidumpFiles.parse(server.dump);
        MinidumpFiles.assertRegionInvariants(dump, Files.size(server.dump));
        assertThat(dump.structure().counts()).containsKey("memoryRanges64");
        assertThat(dump.structure().counts().get("memoryRanges64")).isGreaterThan(5);
        assertThat(dump.structure().counts().get("threads")).isPositive();
        assertThat(dump.regionList()).extracting(Region::kind)
                .contains(RegionKind.STACK, RegionKind.ANON_MEMORY, RegionKind.MODULE_IMAGE, RegionKind.REGISTERS,
                        RegionKind.ENVIRONMENT, RegionKind.COMMAND_LINE, RegionKind.SYMBOLS);
        assertThat(dump.regionList()).filteredOn(r -> r.kind() == RegionKind.SYMBOLS)
                .extracting(Region::label).anyMatch(l -> l.contains("libcrypto"));
        // address -> file offset mapping: mapped ELF images start with their ELF header
        byte[] image = Files.readAllBytes(server.dump);
        long elfImages = dump.regionList().stream().filter(r -> r.kind() == RegionKind.MODULE_IMAGE)
                .filter(r -> (r.address() & 0xfff) == 0 && image[(int) r.offset()] == 0x7f && image[(int) r.offset() + 1] == 'E'
                        && image[(int) r.offset() + 2] == 'L' && image[(int) r.offset() + 3] == 'F').count();
        assertThat(elfImages).as("module images starting with an ELF header").isGreaterThanOrEqualTo(4);
        System.out.println("lldb full minidump: " + Files.size(server.dump) + " bytes, " + dump.description());
    }

    @Test
    void privateValuesLieInRedactableRegionsAndZeroingThemKeepsTheDumpDebuggable() throws Exception {
        byte[] image = Files.readAllBytes(server.dump);
        MinidumpDump dump = MinidumpFiles.parse(server.dump);
        List<ValueSearch.Hit> hits = ValueSearch.find(image, server.privateValues);
        System.out.println("private values in the lldb minidump: " + summary(dump, hits));
        assertThat(hits).as("the dump holds the keys (else this test proves nothing)")
                .anyMatch(h -> h.value().startsWith("rsa.")).anyMatch(h -> h.value().startsWith("ec."));
        for (ValueSearch.Hit h : hits) {
            Region r = regionAt(dump, h.offset());
            assertThat(r).as("%s %s at 0x%x lies in a region", h.value(), h.layout(), h.offset()).isNotNull();
            assertThat(r.contains(h.offset(), h.length()) && r.redactable())
                    .as("%s %s at 0x%x lies inside redactable region %s", h.value(), h.layout(), h.offset(), r.label())
                    .isTrue();
            java.util.Arrays.fill(image, h.offset(), h.offset() + h.length(), (byte) 0);
        }
        Path out = dir.resolve("zeroed.dmp");
        Files.write(out, image);
        assertThat(ValueSearch.find(image, server.privateValues)).isEmpty();
        assertThat(MinidumpFiles.parse(out).structure()).isEqualTo(dump.structure());
        assertReadableByLlvmTools(out);
    }

    @Test
    void engineSanitizeLeavesNoPrivateValueInAnyLayout() throws Exception {
        EngineReflection engine = EngineReflection.load();
        Assumptions.assumeTrue(engine != null, "io.dumpguard.engine.Engine with its detectors is not loadable (absent from ~/.m2 or mid-reinstall); "
                + "install core, engine and detect-keys to run the end-to-end sanitize");
        List<RegisteredKey> keys = new ArrayList<>();
        for (int i = 0; i < server.publicKeys.size(); i++) {
            keys.add(RegisteredKey.of(OpensslServerDump.KEY_LABELS.get(i), server.publicKeys.get(i)));
        }
        Path out = dir.resolve("sanitized.dmp");
        EngineReflection.Outcome outcome = engine.sanitize(server.dump, out, keys);
        System.out.println("Engine.sanitize: " + outcome);
        assertThat(outcome.verdict()).as("verdict (refusal: %s)", outcome.refusal()).isEqualToIgnoringCase("REDACTED");
        assertThat(MinidumpFiles.parse(out).structure()).isEqualTo(MinidumpFiles.parse(server.dump).structure());
        assertReadableByLlvmTools(out);
        byte[] image = Files.readAllBytes(out);
        List<ValueSearch.Hit> left = ValueSearch.find(image, server.privateValues);
        java.util.Map<String, String> keyOf = new java.util.HashMap<>();
        server.privateValues.forEach(v -> keyOf.put(v.name(), v.key()));
        // a key the engine proved must be gone in every copy and layout (finding it is the key detectors' job;
        // making every copy redactable and the result debuggable is this module's, proven above)
        assertThat(left).as("private values of proven keys %s left after sanitize", outcome.provenKeys())
                .noneMatch(h -> outcome.provenKeys().contains(keyOf.get(h.value())));
        Assumptions.assumeTrue(left.isEmpty(), "the engine proved only " + outcome.provenKeys()
                + "; values of the other registered keys remain: " + summary(MinidumpFiles.parse(out), left));
    }

    /** obj2yaml decodes every stream, and lldb loads the dump and lists its modules. */
    private static void assertReadableByLlvmTools(Path dump) throws Exception {
        Path obj2yaml = ExternalTools.find("obj2yaml");
        Assumptions.assumeTrue(obj2yaml != null, "obj2yaml not found in /usr/lib/llvm-22/bin (apt-get install llvm-22)");
        ExternalTools.Result yaml = ExternalTools.run(dir, dir.resolve(dump.getFileName() + ".yaml"),
                List.of(obj2yaml.toString(), dump.toString()));
        assertThat(yaml.exitCode()).as("obj2yaml exit code").isZero();
        assertThat(yaml.output()).startsWith("--- !minidump").contains("Memory64List");
        ExternalTools.Result lldb = ExternalTools.run(dir, dir.resolve(dump.getFileName() + ".lldb.txt"),
                List.of(ExternalTools.find("lldb-22").toString(), "--batch", "-c", dump.toString(),
                        "-o", "image list", "-o", "thread list"));
        assertThat(lldb.exitCode()).as("lldb-22 exit code").isZero();
        assertThat(lldb.output()).contains("libcrypto.so").contains("thread #1");
    }

    private static Region regionAt(MinidumpDump dump, long offset) {
        for (Region r : dump.regionList()) {
            if (offset >= r.offset() && offset < r.end()) {
                return r;
            }
        }
        return null;
    }

    /** "rsa.p/little-endian in ANON_MEMORY" -> count: names, layouts and kinds only, never bytes. */
    private static String summary(MinidumpDump dump, List<ValueSearch.Hit> hits) {
        java.util.Map<String, Integer> n = new java.util.TreeMap<>();
        for (ValueSearch.Hit h : hits) {
            Region r = regionAt(dump, h.offset());
            n.merge(h.value() + "/" + h.layout().id() + " in " + (r == null ? "nothing" : r.kind()), 1, Integer::sum);
        }
        return n.toString();
    }
}
