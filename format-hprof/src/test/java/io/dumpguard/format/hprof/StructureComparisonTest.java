package io.dumpguard.format.hprof;

import io.dumpguard.core.error.VerificationFailedException;
import io.dumpguard.core.io.MappedFile;
import io.dumpguard.core.spi.OffsetFilter;
import io.dumpguard.core.spi.ParsedDump;
import io.dumpguard.core.spi.ScanContext;
import io.dumpguard.core.spi.StructureSummary;
import io.dumpguard.format.hprof.synth.HprofWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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
        try (HprofWriter w = new HprofWriter(input, "1.0.2", 8, true)) {
            w.utf8(5, "a symbol nothing refers to");
            w.beginInstance(0x1000, 0x200, 12).i4(FIELD_VALUE).id(0); // in the heap before the class dumps
            HprofTestFiles.twoClasses(w);
            w.primitiveArray(0x2000, HprofTags.BYTE, PAYLOAD, 0, PAYLOAD.length);
            w.beginInstance(0x3000, 0x200, 12).i4(FIELD_VALUE + 1).id(0x1000);
        }
        bytes = Files.readAllBytes(input);
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

    @Test
    void aCopyOfAnotherSizeIsRefused() throws Exception {
        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        Path copy = Files.write(tmp.resolve("longer.hprof"), longer);
        assertThatThrownBy(() -> parseCopy(copy, EVERYWHERE)).isInstanceOf(VerificationFailedException.class)
                .hasMessageContaining(longer.length + " bytes");
    }
}
