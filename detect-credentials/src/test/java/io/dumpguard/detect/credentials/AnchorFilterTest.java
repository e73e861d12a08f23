package io.dumpguard.detect.credentials;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first stage finds exactly the anchor occurrences a brute-force search finds (every position, every anchor,
 * every encoding), in any window of a buffer, and reports each encoding and byte parity in increasing order.
 * Inputs mix anchors in every case and encoding at every alignment with zeros, small integers, text and noise, so
 * the SWAR shortcuts (zero longs, the {@code c 0 c 0 c} mask) and block edges are all exercised.
 */
class AnchorFilterTest {
    private static final AnchorFilter FILTER = CredentialRules.builtin().filter();

    record Hit(int anchor, TextEncoding encoding, int pos) {
    }

    record Window(byte[] data, int start, int end, int limit) {
    }

    @Provide
    Arbitrary<Window> windows() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(0, 600),
                Arbitraries.integers().between(0, 40), Arbitraries.integers().between(0, 40))
                .as((seed, size, cutStart, cutEnd) -> {
                    byte[] data = mixedBytes(new Random(seed), size);
                    int start = Math.min(cutStart, size);
                    int limit = Math.max(start, size - cutEnd / 2);
                    int end = Math.max(start, limit - cutEnd);
                    return new Window(data, start, end, limit);
                });
    }

    @Property(tries = 3000)
    void findsExactlyTheBruteForceOccurrences(@ForAll("windows") Window w) {
        List<Hit> hits = new ArrayList<>();
        FILTER.scan(w.data(), w.start(), w.end(), w.limit(), (a, e, p) -> hits.add(new Hit(a, e, p)));
        assertThat(new HashSet<>(hits)).hasSameSizeAs(hits).isEqualTo(bruteForce(w));
        int[] last = new int[5];
        java.util.Arrays.fill(last, Integer.MIN_VALUE);
        for (Hit h : hits) {
            int lane = h.encoding() == TextEncoding.ASCII ? 0 : h.encoding().ordinal() * 2 - 1 + (h.pos() & 1);
            assertThat(h.pos()).as("order in lane %d", lane).isGreaterThanOrEqualTo(last[lane]);
            last[lane] = h.pos();
        }
    }

    static Set<Hit> bruteForce(Window w) {
        Set<Hit> out = new HashSet<>();
        for (int p = w.start(); p < w.end(); p++) {
            for (int k = 0; k < FILTER.anchorCount(); k++) {
                for (TextEncoding enc : TextEncoding.values()) {
                    if (matches(w.data(), p, w.limit(), k, enc)) {
                        out.add(new Hit(k, enc, p));
                    }
                }
            }
        }
        return out;
    }

    private static boolean matches(byte[] data, int p, int limit, int k, TextEncoding enc) {
        byte[] anchor = FILTER.anchorBytesOf(k);
        int unit = enc.unitBytes();
        if (p + anchor.length * unit > limit) {
            return false;
        }
        for (int t = 0; t < anchor.length; t++) {
            char c = enc.charAt(data, p + t * unit);
            char folded = FILTER.anchorCaseSensitive(k) ? c : Character.toLowerCase(c);
            if (c > 0x7F || folded != (char) (anchor[t] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    /** Anchors (random case, random encoding) between zeros, small integers, text and random bytes. */
    static byte[] mixedBytes(Random rnd, int size) {
        byte[] out = new byte[size];
        int at = 0;
        while (at < size) {
            byte[] piece = switch (rnd.nextInt(6)) {
                case 0 -> new byte[rnd.nextInt(20)];
                case 1 -> new byte[] {(byte) rnd.nextInt(256), 0, 0, 0, 0, 0, 0, 0};
                case 2 -> randomBytes(rnd, rnd.nextInt(12));
                case 3 -> TextEncoding.values()[rnd.nextInt(3)].encode(rnd.nextBoolean() ? "the token " : "a:b ");
                default -> {
                    String a = new String(FILTER.anchorBytesOf(rnd.nextInt(FILTER.anchorCount())),
                            java.nio.charset.StandardCharsets.ISO_8859_1);
                    a = rnd.nextBoolean() ? a.toUpperCase(Locale.ROOT) : a;
                    yield TextEncoding.values()[rnd.nextInt(3)].encode(a);
                }
            };
            int n = Math.min(piece.length, size - at);
            System.arraycopy(piece, 0, out, at, n);
            at += n + (rnd.nextInt(4) == 0 ? 1 : 0);
        }
        return out;
    }

    private static byte[] randomBytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }
}
