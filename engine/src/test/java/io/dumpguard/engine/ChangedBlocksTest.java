package io.dumpguard.engine;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChangedBlocksTest {
    private static final int B = ChangedBlocks.BLOCK;

    @Test
    void marksEveryBlockARangeTouchesAndNothingElse() throws Exception {
        ChangedBlocks c = new ChangedBlocks(10L * B + 100);
        c.mark(B - 1, 2); // touches blocks 0 and 1
        c.mark(5L * B, B); // exactly block 5
        c.mark(10L * B + 99, 1); // the short last block
        assertThat(c.markedBlocks()).isEqualTo(4);
        assertThat(c.markedBytes()).isEqualTo(3L * B + 100);
        assertThat(c.meets(2L * B, 5L * B)).isFalse();
        assertThat(c.meets(2L * B, 5L * B + 1)).isTrue();
        assertThat(c.meets(6L * B, 10L * B)).isFalse();
        assertThat(c.meets(7L * B, 7L * B)).isFalse();
        List<long[]> spans = new ArrayList<>();
        c.forEachUnmarked((from, to) -> spans.add(new long[] {from, to}));
        assertThat(spans).containsExactly(new long[] {2L * B, 5L * B}, new long[] {6L * B, 10L * B});
    }

    @Test
    void aFileWithNothingMarkedIsOneUnmarkedSpan() throws Exception {
        ChangedBlocks c = new ChangedBlocks(3L * B + 7);
        List<long[]> spans = new ArrayList<>();
        c.forEachUnmarked((from, to) -> spans.add(new long[] {from, to}));
        assertThat(spans).containsExactly(new long[] {0, 3L * B + 7});
        assertThat(c.isEmpty()).isTrue();
        ChangedBlocks empty = new ChangedBlocks(0);
        empty.forEachUnmarked((from, to) -> spans.add(new long[] {from, to}));
        assertThat(spans).hasSize(1);
    }

    @Test
    void rangesOutsideTheFileAreRejected() {
        ChangedBlocks c = new ChangedBlocks(1000);
        assertThatThrownBy(() -> c.mark(999, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.mark(-1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChangedBlocks(ChangedBlocks.MAX_FILE_BYTES + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Marked and unmarked bytes partition the file, and a byte is unmarked exactly when no marked range's block holds it. */
    @Property(tries = 200)
    void unmarkedSpansAreExactlyTheBlocksNoRangeTouched(@ForAll @IntRange(min = 1, max = 40 * B) int size,
                                                        @ForAll long seed) throws Exception {
        Random r = new Random(seed);
        ChangedBlocks c = new ChangedBlocks(size);
        boolean[] block = new boolean[(size + B - 1) / B];
        for (int i = r.nextInt(6); i > 0; i--) {
            int off = r.nextInt(size);
            int len = 1 + r.nextInt(Math.min(size - off, 3 * B));
            c.mark(off, len);
            for (int b = off / B; b <= (off + len - 1) / B; b++) {
                block[b] = true;
            }
        }
        long[] unmarked = {0};
        c.forEachUnmarked((from, to) -> {
            assertThat(from).isLessThan(to);
            for (long p = from; p < to; p += B) {
                assertThat(block[(int) (p / B)]).isFalse();
            }
            assertThat(c.meets(from, to)).isFalse();
            unmarked[0] += to - from;
        });
        assertThat(unmarked[0] + c.markedBytes()).isEqualTo(size);
    }
}
