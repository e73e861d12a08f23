package io.dumpguard.format.hprof;

import io.dumpguard.core.Finding;
import io.dumpguard.core.Limits;
import io.dumpguard.core.io.MappedFile;
import io.dumpguard.format.hprof.synth.SyntheticHeapDump;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parse's heap record index only ever lets the key-object passes skip records that hold nothing they look for:
 * the analysis finds the same findings and reached arrays with it as with an empty index (every record entered).
 */
class HeapRecordIndexTest {
    @TempDir
    Path tmp;

    @Test
    void recordsPastTheBoundAndClassesInManyRecordsAreAlwaysEntered() {
        HeapRecordIndex index = new HeapRecordIndex();
        for (int r = 0; r < HeapRecordIndex.MAX_RECORDS + 3; r++) {
            index.begin(100L * r);
            index.add(1000L * r + 1);
            index.addInstanceOf(r % 2 == 0 ? 0 : 1 + r); // class 0 everywhere, each other class in one record
        }
        assertThat(index.records()).isEqualTo(HeapRecordIndex.MAX_RECORDS);
        long past = 100L * (HeapRecordIndex.MAX_RECORDS + 1);
        assertThat(index.mayHoldAny(past, new long[] {5})).isTrue();
        assertThat(index.mayHoldInstanceOf(past, new int[] {7})).isTrue();
        assertThat(index.mayHoldInstanceOf(100, new int[] {0})).as("class 0 is anywhere").isTrue();
        assertThat(index.mayHoldInstanceOf(100, new int[] {2})).as("class 2 lies in record 1").isTrue();
        assertThat(index.mayHoldInstanceOf(300, new int[] {2})).isFalse();
        assertThat(index.mayHoldInstanceOf(300, new int[] {1 << 20})).as("a class with no instance").isFalse();
        assertThat(index.mayHoldAny(300, new long[] {3001})).isTrue();
        assertThat(index.mayHoldAny(300, new long[] {3002, 9999})).isFalse();
    }

    @Test
    void anEmptyRecordHoldsNothing() {
        HeapRecordIndex index = new HeapRecordIndex();
        index.begin(50);
        assertThat(index.mayHoldAny(50, new long[] {1, 2, 3})).isFalse();
        assertThat(index.mayHoldInstanceOf(50, new int[] {0})).isFalse();
        assertThat(index.mayHoldAny(51, new long[] {1})).as("an unknown record").isTrue();
    }

    @Test
    void keyAnalysisWithTheIndexEqualsTheAnalysisThatEntersEveryRecord() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        byte[] aes = HexFormat.of().parseHex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
        for (String version : List.of("1.0.2", "1.0.1")) {
            Path file = tmp.resolve("index-" + version + ".hprof");
            // several 8 MB segments with keys in different ones (one HEAP_DUMP record for 1.0.1)
            SyntheticHeapDump.builder().version(version).fillerBytes(version.equals("1.0.1") ? 3 << 20 : 30 << 20)
                    .plantRsa((RSAPrivateCrtKey) g.generateKeyPair().getPrivate(), 0.1).plantAes(aes, 0.5)
                    .plantSecretKey(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, 0.7)
                    .plantPassword("hunter2-but-longer".toCharArray(), 0.95).write(file);
            try (MappedFile f = MappedFile.open(file)) {
                Compared c = compare(f);
                assertThat(c.indexed().keyObjects()).isEqualTo(c.entered().keyObjects());
                if (version.equals("1.0.2")) {
                    assertThat(c.parsed().heapRecords().records()).isGreaterThan(3);
                }
            }
        }
    }

    @Test
    void realHeapDumpsGiveTheSameKeyAnalysis() throws Exception {
        ChildJvmDumps.Dump dump = ChildJvmDumps.run(ChildJvmDumps.currentJdk(), tmp);
        try (MappedFile f = MappedFile.open(dump.file())) {
            compare(f);
        }
    }

    private record Compared(HprofParser.Result parsed, KeyObjectAnalysis.Result indexed,
                            KeyObjectAnalysis.Result entered) {
    }

    /** The key analysis with the parse's record index and with one that enters every record: they must agree. */
    private static Compared compare(MappedFile f) throws Exception {
        HprofParser.Result parsed = HprofParser.parse(f, Limits.DEFAULT);
        KeyObjectAnalysis.Result indexed = analyse(f, parsed, parsed.heapRecords());
        KeyObjectAnalysis.Result entered = analyse(f, parsed, new HeapRecordIndex());
        assertThat(indexed.findings()).isNotEmpty();
        assertThat(describe(indexed.findings())).isEqualTo(describe(entered.findings()));
        assertThat(indexed.reached()).isEqualTo(entered.reached());
        return new Compared(parsed, indexed, entered);
    }

    private static KeyObjectAnalysis.Result analyse(MappedFile f, HprofParser.Result parsed, HeapRecordIndex index)
            throws Exception {
        HprofInput in = new HprofInput(f);
        return KeyObjectAnalysis.run(new HprofWalker(in, parsed.header(), Limits.DEFAULT), in, parsed.classes(), index,
                Limits.DEFAULT);
    }

    private static List<String> describe(List<Finding> findings) {
        return findings.stream().map(fi -> fi.detector() + "@" + fi.offset() + "+" + fi.length() + " "
                + fi.fingerprint() + " " + fi.description()).sorted().toList();
    }
}
