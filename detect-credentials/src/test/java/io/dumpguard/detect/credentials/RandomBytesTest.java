package io.dumpguard.detect.credentials;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** No false positives where there is no text. */
class RandomBytesTest {
    @Test
    void sixtyFourMegabytesOfRandomBytesGiveNoFindings() {
        byte[] buf = new byte[64 << 20];
        SplittableRandom rnd = new SplittableRandom(2024);
        for (int i = 0; i < buf.length; i += 8) {
            long v = rnd.nextLong();
            for (int b = 0; b < 8; b++) {
                buf[i + b] = (byte) (v >>> (8 * b));
            }
        }
        assertThat(CredentialRules.builtin().newMatcher().scan(buf)).isEmpty();
    }

    @Test
    void zeroAndPointerPagesGiveNoFindings() {
        byte[] buf = new byte[8 << 20];
        java.util.Random rnd = new java.util.Random(5);
        for (int off = 0; off < buf.length; off += MemoryImages.PAGE * 2) {
            MemoryImages.fillPointers(rnd, buf, off, MemoryImages.PAGE);
        }
        assertThat(CredentialRules.builtin().newMatcher().scan(buf)).isEmpty();
    }
}
