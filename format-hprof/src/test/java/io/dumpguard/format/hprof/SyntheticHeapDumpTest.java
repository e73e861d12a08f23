package io.dumpguard.format.hprof;

import io.dumpguard.core.Finding;
import io.dumpguard.core.Policy;
import io.dumpguard.core.Region;
import io.dumpguard.core.RegionKind;
import io.dumpguard.core.io.MappedFile;
import io.dumpguard.core.spi.ParsedDump;
import io.dumpguard.core.spi.ScanContext;
import io.dumpguard.format.hprof.synth.AesKeySchedule;
import io.dumpguard.format.hprof.synth.SyntheticHeapDump;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Synthetic dumps with planted keys: every plant is found, in every version and id size, with multi-pass resolution. */
class SyntheticHeapDumpTest {
    @TempDir
    Path tmp;

    private static RSAPrivateCrtKey rsaKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return (RSAPrivateCrtKey) g.generateKeyPair().getPrivate();
    }

    @Test
    void aesKeyExpansionMatchesFips197AppendixA() {
        byte[] key = HexFormat.of().parseHex("2b7e151628aed2a6abf7158809cf4f3c");
        int[] w = AesKeySchedule.expand(key);
        assertThat(w).hasSize(44);
        assertThat(w[4]).isEqualTo(0xa0fafe17);
        assertThat(w[43]).isEqualTo(0xb6630ca6);
        byte[] key256 = HexFormat.of().parseHex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
        assertThat(AesKeySchedule.expand(key256)[59]).isEqualTo(0x706c631e);
    }

    @ParameterizedTest
    @CsvSource({"1.0.2, 8", "1.0.2, 4", "1.0.1, 8", "1.0.1, 4", "1.0.3, 8"})
    void everyPlantedKeyIsFound(String version, int idSize) throws Exception {
        RSAPrivateCrtKey rsa = rsaKey();
        byte[] aes = HexFormat.of().parseHex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
        byte[] hmac = new byte[32];
        new java.util.Random(7).nextBytes(hmac);
        char[] password = "hunter2-but-longer".toCharArray();
        Path file = tmp.resolve("synthetic-" + version + "-id" + idSize + ".hprof");
        SyntheticHeapDump.builder().version(version).idSize(idSize).fillerBytes(3 << 20)
                .plantRsa(rsa, 0.3).plantAes(aes, 0.5).plantSecretKey(hmac, 0.7).plantPassword(password, 0.9)
                .write(file);
        List<Finding> findings;
        ParsedDump d;
        try (MappedFile f = MappedFile.open(file)) {
            d = HprofTestFiles.parse(f);
            findings = HprofTestFiles.findings(d);
            assertThat(d.notes()).anyMatch(n -> n.contains("3 heap pass(es)"));
        }
        List<byte[]> expected = List.of(SyntheticHeapDump.magnitude(rsa.getPrimeP()),
                SyntheticHeapDump.magnitude(rsa.getPrimeQ()), SyntheticHeapDump.magnitude(rsa.getPrivateExponent()),
                SyntheticHeapDump.magnitude(rsa.getPrimeExponentP()), SyntheticHeapDump.magnitude(rsa.getPrimeExponentQ()),
                SyntheticHeapDump.magnitude(rsa.getCrtCoefficient()), rsa.getEncoded(), aes,
                AesKeySchedule.bigEndianBytes(AesKeySchedule.expand(aes)), hmac,
                new String(password).getBytes(StandardCharsets.ISO_8859_1));
        for (byte[] e : expected) {
            assertThat(findings).anyMatch(fi -> fi.secrets().stream().anyMatch(v -> Arrays.equals(v.unsafeBytes(), e)));
        }
        String fp = io.dumpguard.core.Fingerprints.spkiSha256(java.security.KeyFactory.getInstance("RSA")
                .generatePublic(new java.security.spec.RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent())));
        assertThat(findings).filteredOn(fi -> fi.detector().equals("hprof.rsa-private-key")).hasSize(6)
                .allMatch(fi -> fp.equals(fi.fingerprint()));
        // the numbers the key object does not hold are derived from its primes, as a byte detector proving the same
        // key gives them, so that one propagation pass searches for all of them
        java.math.BigInteger p = rsa.getPrimeP();
        java.math.BigInteger q = rsa.getPrimeQ();
        java.math.BigInteger phi = p.subtract(java.math.BigInteger.ONE).multiply(q.subtract(java.math.BigInteger.ONE));
        for (java.math.BigInteger derived : List.of(p.modInverse(q), rsa.getPublicExponent().modInverse(phi))) {
            byte[] m = SyntheticHeapDump.magnitude(derived);
            assertThat(findings).anyMatch(fi -> fi.secrets().stream().anyMatch(v -> Arrays.equals(v.unsafeBytes(), m)));
        }
        // the public modulus is not a secret
        byte[] n = SyntheticHeapDump.magnitude(rsa.getModulus());
        assertThat(findings).noneMatch(fi -> fi.secrets().stream().anyMatch(v -> Arrays.equals(v.unsafeBytes(), n)));
    }

    @Test
    void regionsAreArrayPayloadsAndSymbolsInFileOrder() throws Exception {
        Path file = tmp.resolve("regions.hprof");
        SyntheticHeapDump.builder().fillerBytes(1 << 20).write(file);
        try (MappedFile f = MappedFile.open(file)) {
            ParsedDump d = HprofTestFiles.parse(f);
            List<Region> regions = new ArrayList<>();
            d.regions(regions::add);
            long last = -1;
            for (Region r : regions) {
                assertThat(r.offset()).isGreaterThan(last);
                last = r.offset();
                assertThat(r.kind()).isIn(RegionKind.HEAP_ARRAY, RegionKind.SYMBOLS, RegionKind.TEXT);
                assertThat(r.redactable()).isEqualTo(r.kind() != RegionKind.SYMBOLS);
                if (r.kind() == RegionKind.HEAP_ARRAY) {
                    assertThat(r.length()).isGreaterThanOrEqualTo(HprofParsedDump.MIN_SCANNED_ARRAY_BYTES);
                }
            }
            assertThat(regions).anyMatch(r -> r.kind() == RegionKind.SYMBOLS);
            assertThat(d.structure().counts().get("arrays.primitive")).isPositive();
        }
    }

    @Test
    void policiesOverwriteOnlyPayloadsAndKeepTheStructure() throws Exception {
        Path file = tmp.resolve("policies.hprof");
        SyntheticHeapDump.builder().fillerBytes(2 << 20).plantRsa(rsaKey(), 0.5).write(file);
        byte[] original = java.nio.file.Files.readAllBytes(file);
        for (Policy policy : List.of(Policy.STRICT, Policy.PARANOID)) {
            byte[] copy = original.clone();
            long[] total = new long[1];
            try (MappedFile f = MappedFile.open(file)) {
                ParsedDump d = HprofTestFiles.parse(f);
                for (Finding fi : HprofTestFiles.findings(d)) {
                    Arrays.fill(copy, (int) fi.offset(), (int) fi.end(), (byte) 0);
                }
                d.policyRanges(policy, ScanContext.defaults().withPolicy(policy), (o, l) -> {
                    Arrays.fill(copy, (int) o, (int) (o + l), (byte) 0);
                    total[0] += l;
                });
                Path out = tmp.resolve("policies-" + policy.id() + ".hprof");
                java.nio.file.Files.write(out, copy);
                try (MappedFile g = MappedFile.open(out)) {
                    ParsedDump e = HprofTestFiles.parse(g);
                    assertThat(e.structure()).isEqualTo(d.structure());
                    assertThat(HprofTestFiles.findings(e)).isEmpty();
                }
            }
            assertThat(total[0]).as(policy.id()).isPositive().isLessThan(original.length);
        }
    }

    @Test
    void unreferencedSymbolsAreRedactableTextAndNamesAreNot() throws Exception {
        Path file = tmp.resolve("symbols.hprof");
        try (io.dumpguard.format.hprof.synth.HprofWriter w =
                     new io.dumpguard.format.hprof.synth.HprofWriter(file, "1.0.2", 8, true)) {
            w.utf8(1, "java/lang/Object");
            w.utf8(2, "a string literal the VM interned as a symbol");
            w.loadClass(1, 0x100, 1);
            w.classDump(0x100, 0, 0, new long[0], new int[0]);
        }
        byte[] original = java.nio.file.Files.readAllBytes(file);
        try (MappedFile f = MappedFile.open(file)) {
            ParsedDump d = HprofTestFiles.parse(f);
            List<Region> regions = new ArrayList<>();
            d.regions(regions::add);
            assertThat(regions).extracting(Region::kind, Region::redactable)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(RegionKind.SYMBOLS, false),
                            org.assertj.core.groups.Tuple.tuple(RegionKind.TEXT, true));
            byte[] copy = original.clone();
            d.policyRanges(Policy.PARANOID, ScanContext.defaults(), (o, l) -> Arrays.fill(copy, (int) o, (int) (o + l), (byte) 0));
            assertThat(new String(copy, StandardCharsets.ISO_8859_1)).contains("java/lang/Object")
                    .doesNotContain("interned");
            Path out = tmp.resolve("symbols-paranoid.hprof");
            java.nio.file.Files.write(out, copy);
            try (MappedFile g = MappedFile.open(out)) {
                assertThat(HprofTestFiles.parse(g).structure()).isEqualTo(d.structure());
            }
        }
    }

    @Test
    void trackedObjectsAreBoundedByLimits() throws Exception {
        Path file = tmp.resolve("bounded.hprof");
        SyntheticHeapDump.builder().fillerBytes(1 << 16).plantRsa(rsaKey(), 0.5).write(file);
        io.dumpguard.core.Limits tight = new io.dumpguard.core.Limits(1L << 40, 2000, 1L << 36, 4_000_000,
                1_000_000, 3, 1_000_000, 100_000, 64 * 1024);
        ScanContext ctx = new ScanContext(tight, Policy.TARGETED, List.of(), List.of(), java.util.Map.of());
        try (MappedFile f = MappedFile.open(file)) {
            ParsedDump d = new HprofFormat().parse(f, ctx);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.structuralFindings(ctx, fi -> { }))
                    .isInstanceOf(io.dumpguard.core.error.LimitExceededException.class)
                    .hasMessageContaining("maxTrackedObjects");
        }
    }

    @Test
    void allZeroKeyMaterialIsNeverReported() throws Exception {
        Path file = tmp.resolve("zero.hprof");
        SyntheticHeapDump.builder().fillerBytes(1 << 16).plantSecretKey(new byte[32], 0.5)
                .plantPassword(new char[12], 0.6).write(file);
        try (MappedFile f = MappedFile.open(file)) {
            assertThat(HprofTestFiles.findings(HprofTestFiles.parse(f))).isEmpty();
        }
    }

    @Test
    void entropyThresholdSeparatesRandomFromText() {
        ByteEntropy e = new ByteEntropy();
        byte[] random = new byte[64];
        new java.util.Random(1).nextBytes(random);
        e.add(random, 0, random.length);
        assertThat(e.high()).isTrue();
        e.reset();
        byte[] text = "the quick brown fox jumps over the lazy dog again and again and.".getBytes(StandardCharsets.US_ASCII);
        e.add(text, 0, text.length);
        assertThat(e.high()).isFalse();
        e.reset();
        byte[] ints = new byte[256];
        for (int i = 0; i < 64; i++) {
            ints[4 * i + 3] = (byte) i;
        }
        e.add(ints, 0, ints.length);
        assertThat(e.high()).isFalse();
        assertThat(ByteEntropy.threshold(1 << 20)).isEqualTo(7.0);
        assertThat(ByteEntropy.threshold(16)).isEqualTo(3.5);
    }


}
