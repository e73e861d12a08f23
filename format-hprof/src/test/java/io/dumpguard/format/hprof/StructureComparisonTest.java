package io.dumpguard.format.hprof;

import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.error.VerificationFailedException;
import io.dumpguard.core.io.MappedFile;
import io.dumpguard.core.spi.OffsetFilter;
import io.dumpguard.core.spi.ParsedDump;
import io.dumpguard.core.spi.ScanContext;
import io.dumpguard.core.spi.StructureSummary;
import io.dumpguard.format.hprof.synth.HprofWriter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A sanitize run proves its copy's structure by comparison ({@link HprofFormat#parseCopy}): the input's parse digests
 * nothing, and the copy's parse compares every structural byte where the redaction wrote with the input's. Contents
 * may differ there (array payloads, primitive field values, symbol texts nothing refers to); a structural byte may
 * not, and the refusal names its offset.
 */
class StructureComparisonTest {
    private static final OffsetFilter EVERYWHERE = (from, to) -> from < to;
    private static final OffsetFilter NOWHERE = (from, to) -> false;
    private static final byte[] PAYLOAD = "0123456789abcdef0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final int FIELD_VALUE = 0x11223344;

    @TempDir
    Path tmp;
    private Path input;
    private byte[] bytes;

    /**
     * An instance before its class dump (the parse reads the structural bytes in a second walk), a class with an int
     * and a reference field, a referenced class name, a symbol nothing refers to, a byte array, a second instance.
     */
    @BeforeEach
    void write() throws Exception {
        input = tmp.resolve("input.hprof");
        writeFixture(input);
        bytes = Files.readAllBytes(input);
    }

    /** The fixture described at {@link #write()}, written to {@code file} (also the fuzzer's input). */
    static void writeFixture(Path file) throws java.io.IOException {
        try (HprofWriter w = new HprofWriter(file, "1.0.2", 8, true)) {
            w.utf8(5, "a symbol nothing refers to");
            w.beginInstance(0x1000, 0x200, 12).i4(FIELD_VALUE).id(0); // in the heap before the class dumps
            HprofTestFiles.twoClasses(w);
            w.primitiveArray(0x2000, HprofTags.BYTE, PAYLOAD, 0, PAYLOAD.length);
            w.beginInstance(0x3000, 0x200, 12).i4(FIELD_VALUE + 1).id(0x1000);
        }
    }

    private int at(byte[] what) {
        for (int i = 0; i + what.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + what.length, what, 0, what.length)) {
                return i;
            }
        }
        throw new AssertionError("not in the file");
    }

    private int at(String text) {
        return at(text.getBytes(StandardCharsets.US_ASCII));
    }

    private int atInt(int v) {
        return at(java.nio.ByteBuffer.allocate(4).putInt(v).array());
    }

    /** A copy of the input with the byte at each offset inverted. */
    private Path copyChanging(int... offsets) throws Exception {
        byte[] b = bytes.clone();
        for (int o : offsets) {
            b[o] = (byte) ~b[o];
        }
        return Files.write(tmp.resolve("copy-" + System.nanoTime() + ".hprof"), b);
    }

    private ParsedDump parseCopy(Path copy, OffsetFilter changed) throws Exception {
        try (MappedFile c = MappedFile.open(copy); MappedFile in = MappedFile.open(input)) {
            return new HprofFormat().parseCopy(c, ScanContext.defaults(), in, changed);
        }
    }

    @Test
    void theInputsParseForAComparedCopyDigestsNothingAndCountsTheSame() throws Exception {
        try (MappedFile f = MappedFile.open(input)) {
            ParsedDump digested = new HprofFormat().parse(f, ScanContext.defaults());
            ParsedDump compared = new HprofFormat().parse(f, ScanContext.defaults()
                    .withOption(ScanContext.STRUCTURE_COMPARED, "true"));
            assertThat(digested.notes()).anyMatch(n -> n.contains("structural bytes read in a second pass"));
            assertThat(digested.structure().structureDigest()).hasSize(64);
            assertThat(compared.structure().structureDigest()).isNull();
            assertThat(compared.structure().counts()).isEqualTo(digested.structure().counts());
            // a digest on one side only is a difference, never a match
            assertThat(digested.structure().differences(compared.structure())).isNotEmpty();
        }
    }

    @Test
    void contentsMayDifferWhereTheRedactionWrote() throws Exception {
        Path copy = copyChanging(at(PAYLOAD) + 5, atInt(FIELD_VALUE) + 3, atInt(FIELD_VALUE + 1),
                at("a symbol nothing refers to") + 2);
        StructureSummary copied = parseCopy(copy, EVERYWHERE).structure();
        try (MappedFile f = MappedFile.open(input)) {
            StructureSummary original = new HprofFormat().parse(f, ScanContext.defaults()
                    .withOption(ScanContext.STRUCTURE_COMPARED, "true")).structure();
            assertThat(original.differences(copied)).isEmpty();
        }
    }

    @Test
    void aStructuralByteThatDiffersWhereTheRedactionWroteIsRefusedByOffset() throws Exception {
        int arrayId = at(PAYLOAD) - 10 - 3; // the low byte of the array's 8-byte id: u1 type, i4 count, i4 serial before
        for (int changed : new int[] {arrayId, at("app/Thing") + 4}) {
            Path copy = copyChanging(changed);
            assertThatThrownBy(() -> parseCopy(copy, EVERYWHERE)).isInstanceOf(VerificationFailedException.class)
                    .hasMessageContaining("structure differs")
                    .hasMessageContaining(String.format("offset 0x%x", changed));
        }
    }

    /** Bytes outside the blocks the redaction wrote in are the caller's to compare (every one of them, not only structure). */
    @Test
    void aDifferenceWhereTheRedactionDidNotWriteIsLeftToTheWholeFileComparison() throws Exception {
        Path copy = copyChanging(at("app/Thing") + 4);
        assertThat(parseCopy(copy, NOWHERE).structure().structureDigest()).isNull();
    }

    /**
     * The two proofs agree on every byte of the file: for each offset, a copy with that byte changed is refused by the
     * comparison exactly when it would be refused by the digests (a parse that fails, other counts, or another digest
     * of the structural bytes). So the comparison leaves nothing structural unchecked, and refuses no content byte.
     */
    @Test
    void theComparisonAndTheDigestsJudgeEveryChangedByteAlike() throws Exception {
        StructureSummary original;
        try (MappedFile f = MappedFile.open(input)) {
            original = new HprofFormat().parse(f, ScanContext.defaults()).structure();
        }
        int structural = 0;
        for (int offset = 0; offset < bytes.length; offset++) {
            Path copy = copyChanging(offset);
            structural += judgedAlike(input, original, copy, offset) ? 1 : 0;
            Files.delete(copy);
        }
        // the fixture is mostly structure; its contents are the array, the two int fields and the unreferenced symbol
        assertThat(bytes.length - structural).isEqualTo(PAYLOAD.length + 4 + 4 + "a symbol nothing refers to".length());
    }

    /** The same on real dumps: 24 bytes of each third-party dump, at offsets drawn with a fixed seed. */
    @Test
    void theComparisonAndTheDigestsJudgeSampledBytesOfEveryCorpusDumpAlike() throws Exception {
        List<Path> dumps = HprofTestFiles.corpusDumps(tmp);
        Assumptions.assumeTrue(!dumps.isEmpty(), "shared corpus absent");
        java.util.Random random = new java.util.Random(20261125);
        int refused = 0;
        for (Path dump : dumps) {
            StructureSummary original;
            try (MappedFile f = MappedFile.open(dump)) {
                original = new HprofFormat().parse(f, ScanContext.defaults()).structure();
            }
            Path copy = Files.copy(dump, tmp.resolve("copy-of-" + dump.getFileName()));
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(copy,
                    java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
                for (int i = 0; i < 24; i++) {
                    long offset = (long) (random.nextDouble() * ch.size());
                    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
                    ch.read(b, offset);
                    byte was = b.get(0);
                    ch.write(java.nio.ByteBuffer.wrap(new byte[] {(byte) ~was}), offset);
                    refused += judgedAlike(dump, original, copy, offset) ? 1 : 0;
                    ch.write(java.nio.ByteBuffer.wrap(new byte[] {was}), offset);
                }
            }
        }
        // both kinds were drawn: bytes of structure, refused, and bytes of content, accepted
        assertThat(refused).isBetween(1, dumps.size() * 24 - 1);
    }

    /**
     * Asserts that the comparison refuses {@code copy}, {@code input} with the byte at {@code offset} changed,
     * exactly when the digests would; returns whether they refuse it.
     */
    private static boolean judgedAlike(Path input, StructureSummary original, Path copy, long offset)
            throws Exception {
        boolean digestRefuses;
        try (MappedFile c = MappedFile.open(copy)) {
            digestRefuses = !original.differences(new HprofFormat().parse(c, ScanContext.defaults()).structure())
                    .isEmpty();
        } catch (InputRefusedException e) {
            digestRefuses = true;
        }
        boolean comparisonRefuses;
        try (MappedFile c = MappedFile.open(copy); MappedFile in = MappedFile.open(input)) {
            StructureSummary compared = new HprofFormat().parseCopy(c, ScanContext.defaults(), in, EVERYWHERE)
                    .structure();
            comparisonRefuses = !compared.counts().equals(original.counts());
        } catch (InputRefusedException e) {
            comparisonRefuses = true;
        }
        assertThat(comparisonRefuses).as("%s, byte at offset 0x%x", input.getFileName(), offset)
                .isEqualTo(digestRefuses);
        return digestRefuses;
    }

    @Test
    void aCopyOfAnotherSizeIsRefused() throws Exception {
        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        Path copy = Files.write(tmp.resolve("longer.hprof"), longer);
        assertThatThrownBy(() -> parseCopy(copy, EVERYWHERE)).isInstanceOf(VerificationFailedException.class)
                .hasMessageContaining(longer.length + " bytes");
    }
}
