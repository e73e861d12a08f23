package io.dumpguard.core;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class LayoutsTest {
    @Test
    void wordSwapIsAJavaIntArrayInLittleEndianMemory() {
        // int[] {0x01020304, 0x05060708} in little-endian memory
        byte[] be = HexFormat.of().parseHex("0102030405060708");
        assertThat(HexFormat.of().formatHex(Layouts.wordSwapped(be))).isEqualTo("0403020108070605");
        // a 5-byte magnitude: the first word holds one significant byte, its padding lands after it
        assertThat(HexFormat.of().formatHex(Layouts.wordSwapped(HexFormat.of().parseHex("aa01020304"))))
                .isEqualTo("aa00000004030201");
    }

    @Property
    void everyLayoutRoundTrips(@ForAll @Size(min = 4, max = 64) byte[] raw) {
        byte[] be = java.util.Arrays.copyOf(raw, raw.length & ~3);
        for (Layouts.Layout l : Layouts.Layout.values()) {
            assertThat(Layouts.fromLayout(Layouts.toLayout(be, l), l)).isEqualTo(be);
        }
    }

    @Test
    void secretValuesNeverPrintTheirBytes() {
        SecretValue s = SecretValue.integer(new java.math.BigInteger("123456789012345678901234567890"), "test prime");
        assertThat(s.toString()).doesNotContain("123456789012345678901234567890").contains("test prime", s.id());
        assertThat(s.id()).hasSize(16);
    }
}
