package io.dumpguard.detect.keys.aes;

import io.dumpguard.core.spi.ScanContext;
import io.dumpguard.detect.keys.Scans;
import io.dumpguard.detect.keys.examples.TestKeys;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AesKeyExpansionTest {
    @Test
    void fips197AppendixA1Vector() {
        int[] key = {0x2b7e1516, 0x28aed2a6, 0xabf71588, 0x09cf4f3c};
        int[] w = AesKeyExpansion.expand(key, 4);
        assertThat(w).hasSize(44);
        assertThat(w[4]).isEqualTo(0xa0fafe17);
        assertThat(w[43]).isEqualTo(0xb6630ca6);
    }

    @Test
    void fips197AppendixA3Aes256Vector() {
        int[] key = {0x603deb10, 0x15ca71be, 0x2b73aef0, 0x857d7781, 0x1f352c07, 0x3b6108d7, 0x2d9810a3, 0x0914dff4};
        assertThat(AesKeyExpansion.expand(key, 8)[59]).isEqualTo(0x706c631e);
    }

    @Test
    void mixColumnInvertsInvMixColumn() {
        for (int w : new int[]{0xdb135345, 0x01020304, 0xffffffff, 0x8c4e2a1f}) {
            assertThat(AesKeyExpansion.mixColumn(AesKeyExpansion.invMixColumn(w))).isEqualTo(w);
        }
        assertThat(AesKeyExpansion.mixColumn(0xdb135345)).isEqualTo(0x8e4da1bc);
    }

    @Test
    void everyLayoutIsFoundWithItsKey() throws Exception {
        for (int bytes : new int[]{16, 24, 32}) {
            byte[] key = TestKeys.random(bytes);
            for (String layout : AesScheduleEncoder.LAYOUTS) {
                for (boolean swapped : new boolean[]{false, true}) {
                    byte[] s = AesScheduleEncoder.schedule(key, layout, swapped);
                    byte[] buf = TestKeys.embed(s, 36, 1024);
                    var found = Scans.whole(new AesScheduleDetectorFactory(), ScanContext.defaults(), buf);
                    assertThat(found).as(bytes + " " + layout + " " + swapped).singleElement().satisfies(f -> {
                        assertThat(f.offset()).isEqualTo(36);
                        assertThat(f.length()).isEqualTo(s.length);
                        assertThat(f.secrets().getFirst().bytes()).isEqualTo(key);
                    });
                }
            }
        }
    }
}
