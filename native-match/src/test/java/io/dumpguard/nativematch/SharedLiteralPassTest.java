package io.dumpguard.nativematch;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/** One pass over several detectors' literal sets gives each set exactly the hits of its own database, in order. */
class SharedLiteralPassTest {
    record Hit(int id, int start) {
    }

    private static final byte[] ALPHABET = {'t', 'O', 'k', ' ', '=', ':', 'x', 0x30, (byte) 0x82};

    /** A random set over a small alphabet (so that its literals occur often), some caseless, some with tails. */
    private static LiteralSet randomSet(Random r, int literals, boolean withTails) {
        HyperscanLiteralsTest.Tailed t = HyperscanLiteralsTest.tailedLiterals(r, literals, ALPHABET, withTails);
        return new LiteralSet(t.literals(), t.caseless(), t.tails(), false);
    }

    private static List<Hit> own(LiteralSet set, ByteBuffer data, int from, int to) {
        List<Hit> hits = new ArrayList<>();
        set.compile().newScanner().scanInStartOrder(data, from, to, (id, start) -> hits.add(new Hit(id, start)));
        return hits;
    }

    private static List<Hit> replayed(LiteralHits h) {
        List<Hit> hits = new ArrayList<>();
        h.replay((id, start) -> hits.add(new Hit(id, start)));
        return hits;
    }

    @Property(tries = 150)
    void eachSetGetsTheHitsOfItsOwnDatabase(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4000) int size,
                                            @ForAll @IntRange(min = 2, max = 4) int parts) {
        assumeThat(HyperscanLiterals.availability().usable()).isTrue();
        Random r = new Random(seed);
        List<LiteralSet> sets = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            sets.add(randomSet(r, 1 + r.nextInt(10), r.nextBoolean()));
        }
        ByteBuffer data = ByteBuffer.allocateDirect(size);
        for (int k = 0; k < size; k++) {
            data.put(k, ALPHABET[r.nextInt(ALPHABET.length)]);
        }
        int from = r.nextInt(Math.min(size, 16));
        int to = size - r.nextInt(Math.min(size - from, 16) + 1);
        SharedLiteralPass pass = SharedLiteralPass.of(sets);
        assertThat(pass).isNotNull();
        SharedLiteralPass.Scanner scanner = pass.newScanner();
        if (!scanner.scan(null, data, from, to)) {
            return; // more hits than a pass keeps: the next test covers that
        }
        for (int p = 0; p < parts; p++) {
            assertThat(replayed(scanner.hits(p))).as("part %d", p).isEqualTo(own(sets.get(p), data, from, to));
        }
    }

    @Test
    void aRangeWithTooManyHitsIsLeftToEachDetector() {
        assumeThat(HyperscanLiterals.availability().usable()).isTrue();
        LiteralSet a = new LiteralSet(List.of(new byte[] {'a'}), null, null, false);
        LiteralSet b = new LiteralSet(List.of(new byte[] {'b'}), null, null, false);
        SharedLiteralPass.Scanner scanner = SharedLiteralPass.of(List.of(a, b)).newScanner();
        byte[] many = new byte[SharedLiteralPass.MAX_HITS + 10];
        java.util.Arrays.fill(many, (byte) 'a');
        many[5] = 'b';
        assertThat(scanner.scan(many, null, 0, many.length)).isFalse();
        assertThat(scanner.hits(0).size()).isZero();
        assertThat(scanner.hits(1).size()).isZero();
        // the scanner is usable again afterwards
        assertThat(scanner.scan(many, null, 0, 100)).isTrue();
        assertThat(scanner.hits(0).size()).isEqualTo(99);
        assertThat(replayed(scanner.hits(1))).containsExactly(new Hit(0, 5));
    }

    @Test
    void theSameSetsShareOneCompiledPass() {
        assumeThat(HyperscanLiterals.availability().usable()).isTrue();
        LiteralSet a = new LiteralSet(List.of(new byte[] {'a', 'b'}), null, null, false);
        LiteralSet b = new LiteralSet(List.of(new byte[] {'c', 'd'}), new boolean[] {true}, null, false);
        SharedLiteralPass pass = SharedLiteralPass.of(List.of(a, b));
        assertThat(SharedLiteralPass.of(new ArrayList<>(List.of(a, b)))).isSameAs(pass);
        assertThat(pass.parts()).isEqualTo(2);
        // another set with the same bytes is another set: a union per family or pack, compiled once each
        LiteralSet a2 = new LiteralSet(List.of(new byte[] {'a', 'b'}), null, null, false);
        assertThat(SharedLiteralPass.of(List.of(a2, b))).isNotSameAs(pass);
    }

    @Test
    void anEmptySetOrMismatchedFlagsAreRefused() {
        assertThat(SharedLiteralPass.of(List.of())).isNull();
        assertThat(SharedLiteralPass.of(List.of(new LiteralSet(List.of(), null, null, false)))).isNull();
        assertThatThrownBy(() -> new LiteralSet(List.of(new byte[] {1}), new boolean[2], null, false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
