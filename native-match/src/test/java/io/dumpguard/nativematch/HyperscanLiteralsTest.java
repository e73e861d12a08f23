package io.dumpguard.nativematch;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The native literal matcher reports exactly what brute force reports, from any number of scanners and threads. */
class HyperscanLiteralsTest {
    record Hit(int id, int end) {
    }

    static boolean linuxX86() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                && List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
    }

    @Test
    void loadsOnLinuxX86() {
        // CI runs on Linux x86-64: a silent fallback there would hide a broken native stage
        assertThat(HyperscanLiterals.availability().usable())
                .as(HyperscanLiterals.availability().description()).isEqualTo(linuxX86());
    }

    /** Every (id, end) where literal id occurs wholly inside data[from, to). */
    static Set<Hit> bruteForce(List<byte[]> lits, boolean[] caseless, byte[] data, int from, int to) {
        return bruteForce(lits, caseless, null, data, from, to);
    }

    /** As above, where a literal with a tail counts only where its tail follows it inside data[from, to). */
    static Set<Hit> bruteForce(List<byte[]> lits, boolean[] caseless, LiteralTail[] tails, byte[] data, int from,
                               int to) {
        Set<Hit> out = new HashSet<>();
        for (int id = 0; id < lits.size(); id++) {
            byte[] l = lits.get(id);
            for (int p = from; p + l.length <= to; p++) {
                boolean ok = true;
                for (int k = 0; k < l.length && ok; k++) {
                    ok = caseless != null && caseless[id] ? lower(data[p + k]) == lower(l[k]) : data[p + k] == l[k];
                }
                if (ok && tails != null && tails[id] != null) {
                    ok = tails[id].end(java.util.Arrays.copyOfRange(data, 0, to), p + l.length, to) >= 0;
                }
                if (ok) {
                    out.add(new Hit(id, p + l.length));
                }
            }
        }
        return out;
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }

    @Property(tries = 300)
    void sameHitsAsBruteForce(@ForAll long seed, @ForAll @IntRange(min = 0, max = 4000) int size,
                              @ForAll @IntRange(min = 1, max = 40) int literals,
                              @ForAll @IntRange(min = 0, max = 30) int cut) {
        Random r = new Random(seed);
        byte[] alphabet = {'a', 'B', 0, (byte) 0xff, 'c'};
        List<byte[]> lits = new ArrayList<>();
        boolean[] caseless = new boolean[literals];
        for (int i = 0; i < literals; i++) {
            byte[] l = new byte[1 + r.nextInt(i % 3 == 0 ? 40 : 6)];
            for (int k = 0; k < l.length; k++) {
                l[k] = alphabet[r.nextInt(alphabet.length)];
            }
            lits.add(l);
            caseless[i] = r.nextBoolean();
        }
        byte[] data = new byte[size];
        for (int k = 0; k < size; k++) {
            data[k] = r.nextInt(8) == 0 ? (byte) r.nextInt(256) : alphabet[r.nextInt(alphabet.length)];
        }
        for (int i = 0; i < 3 && size > 50; i++) { // plant some long ones so they occur
            byte[] l = lits.get(0);
            int at = r.nextInt(size - 49);
            System.arraycopy(l, 0, data, at, Math.min(l.length, size - at));
        }
        int from = Math.min(cut, size);
        int to = Math.max(from, size - cut / 2);
        matchesBruteForce(lits, caseless, data, from, to);
    }

    /**
     * Tailed literals: reported exactly where brute force finds the literal with its tail after it, in every way of
     * scanning, and in start order where asked; the untailed ones in the same database as ever.
     */
    @Property(tries = 300)
    void tailedLiteralsAsBruteForce(@ForAll long seed, @ForAll @IntRange(min = 0, max = 3000) int size,
                                    @ForAll @IntRange(min = 1, max = 12) int literals,
                                    @ForAll @IntRange(min = 0, max = 30) int cut) {
        Random r = new Random(seed);
        byte[] alphabet = {'t', 'O', 'k', ' ', '=', ':', 'x'};
        Tailed set = tailedLiterals(r, literals, new byte[] {'t', 'O', 'k'}, true);
        List<byte[]> lits = set.literals();
        boolean[] caseless = set.caseless();
        LiteralTail[] tails = set.tails();
        byte[] data = new byte[size];
        for (int k = 0; k < size; k++) {
            data[k] = alphabet[r.nextInt(alphabet.length)];
        }
        int from = Math.min(cut, size);
        int to = Math.max(from, size - cut / 2);
        matchesBruteForce(lits, caseless, tails, data, from, to);
    }

    @Test
    void aTailIsTwoDisjointByteSets() {
        boolean[] letters = new boolean[256];
        letters['a'] = true;
        boolean[] eq = new boolean[256];
        eq['='] = true;
        assertThatThrownBy(() -> new LiteralTail(letters, 3, letters, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LiteralTail(letters, 3, new boolean[256], 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LiteralTail(letters, LiteralTail.MAX_BYTES, eq, 1))
                .isInstanceOf(IllegalArgumentException.class);
        LiteralTail t = new LiteralTail(letters, 3, eq, 2);
        assertThat(t.regex()).isEqualTo("[\\x61]{0,3}[\\x3d]{2}");
        byte[] d = "kaa==aaaa==".getBytes(StandardCharsets.US_ASCII);
        assertThat(t.end(d, 1, d.length)).isEqualTo(5);  // two skipped, two '='
        assertThat(t.end(d, 3, d.length)).isEqualTo(5);
        assertThat(t.end(d, 5, d.length)).isEqualTo(-1); // four skippable: one too many
        assertThat(t.end(d, 1, 4)).isEqualTo(-1);        // the run does not fit
        assertThat(t).isEqualTo(new LiteralTail(letters, 3, eq, 2)).isNotEqualTo(new LiteralTail(letters, 2, eq, 2));
    }

    /** Unordered, in place and in start order, the native matches of data[from, to) are brute force's. */
    static void matchesBruteForce(List<byte[]> lits, boolean[] caseless, byte[] data, int from, int to) {
        matchesBruteForce(lits, caseless, null, data, from, to);
    }

    static void matchesBruteForce(List<byte[]> lits, boolean[] caseless, LiteralTail[] tails, byte[] data, int from,
                                  int to) {
        int size = data.length;
        HyperscanLiterals db = HyperscanLiterals.compile(lits, caseless, tails);
        if (db == null) {
            assertThat(linuxX86()).isFalse();
            return;
        }
        List<Hit> got = new ArrayList<>();
        HyperscanLiterals.Scanner scanner = db.newScanner();
        scanner.scan(data, from, to, (id, end) -> got.add(new Hit(id, end)));
        Set<Hit> expected = bruteForce(lits, caseless, tails, data, from, to);
        assertThat(new HashSet<>(got)).hasSameSizeAs(got).isEqualTo(expected);
        // in place in a direct buffer holding the same bytes at the same indexes
        java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(size + 7).put(0, data);
        direct.position(3); // positions and limits do not matter: indexes are absolute
        List<Hit> inPlace = new ArrayList<>();
        scanner.scan(direct, from, to, (id, end) -> inPlace.add(new Hit(id, end)));
        assertThat(new HashSet<>(inPlace)).hasSameSizeAs(inPlace).isEqualTo(expected);
        // the same matches in order of start, then id
        List<long[]> ordered = new ArrayList<>();
        scanner.scanInStartOrder(data, from, to, (id, start) -> ordered.add(new long[] {start, id}));
        List<long[]> orderedInPlace = new ArrayList<>();
        scanner.scanInStartOrder(direct, from, to, (id, start) -> orderedInPlace.add(new long[] {start, id}));
        assertThat(orderedInPlace).usingElementComparator(java.util.Arrays::compare).isEqualTo(ordered);
        assertThat(ordered).hasSameSizeAs(expected);
        for (int i = 0; i < ordered.size(); i++) {
            long[] h = ordered.get(i);
            assertThat(expected).contains(new Hit((int) h[1], (int) h[0] + lits.get((int) h[1]).length));
            if (i > 0) {
                long[] p = ordered.get(i - 1);
                assertThat(p[0] < h[0] || p[0] == h[0] && p[1] < h[1]).isTrue();
            }
        }
    }

    /**
     * Regression (a JDK 17 heap dump's HMAC ipad, the key XOR 0x36 padded with 0x36): Hyperscan 5.4.0 failed the
     * scan with code -13 when one of two literals ended in 34+ equal bytes and the scanned bytes ended inside a
     * partial occurrence of it.
     */
    @Test
    void aLiteralEndingInALongRunWithAPartialOccurrenceAtTheEnd() {
        Random r = new Random(17);
        byte[] other = new byte[100];
        r.nextBytes(other);
        byte[] ipad = new byte[64];
        r.nextBytes(ipad);
        java.util.Arrays.fill(ipad, 20, 64, (byte) 0x36);
        for (int keep = 1; keep < ipad.length; keep++) {
            byte[] data = new byte[4096];
            r.nextBytes(data);
            System.arraycopy(ipad, 0, data, 1000, ipad.length); // one whole occurrence
            System.arraycopy(ipad, 0, data, data.length - keep, keep);
            matchesBruteForce(List.of(other, ipad), null, data, 0, data.length);
        }
    }

    /** Literals with long runs of one byte (whole-run literals too), planted whole and cut off at both ends. */
    @Property(tries = 200)
    void literalsWithLongRunsMatchAsBruteForce(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3000) int size,
                                               @ForAll @IntRange(min = 1, max = 8) int literals) {
        Random r = new Random(seed);
        List<byte[]> lits = new ArrayList<>();
        for (int i = 0; i < literals; i++) {
            byte[] l = new byte[1 + r.nextInt(120)];
            r.nextBytes(l);
            int runs = r.nextInt(3);
            for (int k = 0; k < runs; k++) {
                int at = r.nextInt(l.length);
                int len = Math.min(l.length - at, 1 + r.nextInt(80));
                java.util.Arrays.fill(l, at, at + len, (byte) (r.nextBoolean() ? 0x36 : r.nextInt(256)));
            }
            lits.add(l);
        }
        byte[] data = new byte[size];
        r.nextBytes(data);
        for (int k = 0; k < 4; k++) {
            byte[] l = lits.get(r.nextInt(literals));
            int at = r.nextInt(size);
            System.arraycopy(l, 0, data, at, Math.min(l.length, size - at));
        }
        byte[] last = lits.get(r.nextInt(literals));
        int keep = Math.min(size, 1 + r.nextInt(last.length));
        System.arraycopy(last, 0, data, size - keep, keep); // a partial (or whole) occurrence at the end
        int from = r.nextInt(Math.min(size, 8));
        matchesBruteForce(lits, null, data, from, size);
        matchesBruteForce(lits, null, data, 0, size - r.nextInt(Math.min(size, 8)));
    }

    /** Random literals, their caselessness and tails (null when none has one). */
    record Tailed(List<byte[]> literals, boolean[] caseless, LiteralTail[] tails) {
    }

    /**
     * {@code n} literals of 1-4 bytes from {@code chars}, each caseless or not, two in three with a tail of up to 5
     * of ' ', 'x' or 'k' (or none) then a run of '=' and ':' (when {@code withTails}).
     */
    static Tailed tailedLiterals(Random r, int n, byte[] chars, boolean withTails) {
        List<byte[]> lits = new ArrayList<>();
        boolean[] caseless = new boolean[n];
        LiteralTail[] tails = withTails ? new LiteralTail[n] : null;
        boolean[] skip = new boolean[256];
        skip[' '] = true;
        skip['x'] = true;
        skip['k'] = true;
        boolean[] next = new boolean[256];
        next['='] = true;
        next[':'] = true;
        for (int i = 0; i < n; i++) {
            byte[] l = new byte[1 + r.nextInt(4)];
            for (int k = 0; k < l.length; k++) {
                l[k] = chars[r.nextInt(chars.length)];
            }
            lits.add(l);
            caseless[i] = r.nextBoolean();
            if (withTails && r.nextInt(3) > 0) {
                tails[i] = new LiteralTail(r.nextBoolean() ? skip : null, r.nextInt(6), next, 1 + r.nextInt(3));
            }
        }
        return new Tailed(lits, caseless, tails);
    }

    @Test
    void theSafePieceIsTheLongestStretchWithoutALongRun() {
        byte[] l = new byte[64];
        for (int i = 0; i < 20; i++) {
            l[i] = (byte) (i + 1);
        }
        java.util.Arrays.fill(l, 20, 64, (byte) 0x36);
        assertThat(HyperscanLiterals.safePiece(l)).containsExactly(0, 20 + HyperscanLiterals.SAFE_RUN);
        byte[] flat = new byte[50];
        assertThat(HyperscanLiterals.safePiece(flat)).containsExactly(0, HyperscanLiterals.SAFE_RUN);
        byte[] plain = {1, 2, 3, 3, 3, 4};
        assertThat(HyperscanLiterals.safePiece(plain)).containsExactly(0, plain.length);
    }

    @Test
    void aFloodOfMatchesStaysInStartOrder() {
        List<byte[]> lits = List.of(new byte[] {'a'}, new byte[] {'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a'});
        HyperscanLiterals db = HyperscanLiterals.compile(lits, null);
        if (db == null) {
            return;
        }
        byte[] data = new byte[200_000];
        java.util.Arrays.fill(data, (byte) 'a');
        long[] last = {-1};
        int[] n = {0};
        db.newScanner().scanInStartOrder(data, 0, data.length, (id, start) -> {
            long key = (long) start << 1 | id;
            assertThat(key).isGreaterThan(last[0]);
            last[0] = key;
            n[0]++;
        });
        assertThat(n[0]).isEqualTo(200_000 + 200_000 - 9);
    }

    @Test
    void aHandlerCannotRefillTheBufferItsScanIsReading() {
        HyperscanLiterals db = HyperscanLiterals.compile(List.of("ab".getBytes(StandardCharsets.US_ASCII)), null);
        if (db == null) {
            return;
        }
        byte[] data = "xxabxx".getBytes(StandardCharsets.US_ASCII);
        HyperscanLiterals.Scanner s = db.newScanner();
        assertThatThrownBy(() -> s.scan(data, 0, data.length, (id, end) -> s.scan(data, 0, 2, (i, e) -> { })))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("scanned again");
        List<Integer> ends = new ArrayList<>();
        s.scan(data, 0, data.length, (id, end) -> ends.add(end)); // and the scanner still works afterwards
        assertThat(ends).containsExactly(4);
    }

    @Test
    void manyDatabasesAndScannersAliveAtOnceAllReport() {
        // JavaCPP has ten native thunks per callback class: every scanner must share the one callback
        byte[] needle = "needle-in-a-haystack".getBytes(StandardCharsets.US_ASCII);
        byte[] data = new byte[100_000];
        System.arraycopy(needle, 0, data, 77_777, needle.length);
        List<HyperscanLiterals.Scanner> scanners = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            HyperscanLiterals db = HyperscanLiterals.compile(List.of(needle), null);
            if (db == null) {
                return;
            }
            scanners.add(db.newScanner());
            scanners.add(db.newScanner());
        }
        for (HyperscanLiterals.Scanner s : scanners) {
            List<Hit> got = new ArrayList<>();
            s.scan(data, 0, data.length, (id, end) -> got.add(new Hit(id, end)));
            assertThat(got).containsExactly(new Hit(0, 77_777 + needle.length));
        }
    }

    @Test
    void aHandlerMayScanWithAnotherDatabaseAndItsExceptionsStopTheScan() {
        HyperscanLiterals outer = HyperscanLiterals.compile(List.of("ab".getBytes(StandardCharsets.US_ASCII)), null);
        HyperscanLiterals inner = HyperscanLiterals.compile(List.of("b".getBytes(StandardCharsets.US_ASCII)), null);
        if (outer == null || inner == null) {
            return;
        }
        byte[] data = "xxabxxabxx".getBytes(StandardCharsets.US_ASCII);
        HyperscanLiterals.Scanner in = inner.newScanner();
        List<Integer> outerEnds = new ArrayList<>();
        List<Integer> innerEnds = new ArrayList<>();
        outer.newScanner().scan(data, 1, data.length, (id, end) -> {
            outerEnds.add(end);
            in.scan(data, end - 2, end, (i, e) -> innerEnds.add(e));
        });
        assertThat(outerEnds).containsExactly(4, 8);
        assertThat(innerEnds).containsExactly(4, 8);
        assertThatThrownBy(() -> outer.newScanner().scan(data, 0, data.length, (id, end) -> {
            throw new IllegalStateException("stop at " + end);
        })).isInstanceOf(IllegalStateException.class).hasMessage("stop at 4");
    }

    @Test
    void aDirectViewIsBoundsCheckedBeforeTheNativeCall() {
        HyperscanLiterals db = HyperscanLiterals.compile(List.of("ab".getBytes(StandardCharsets.US_ASCII)), null);
        if (db == null) {
            return;
        }
        HyperscanLiterals.Scanner s = db.newScanner();
        java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(16);
        assertThatThrownBy(() -> s.scan(direct, 8, 17, (id, end) -> { }))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> s.scan(java.nio.ByteBuffer.allocate(16), 0, 16, (id, end) -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesWhatItCannotCompileInsteadOfFailing() {
        assertThat(HyperscanLiterals.compile(List.of(), null)).isNull();
        assertThat(HyperscanLiterals.compile(List.of(new byte[0]), null)).isNull();
        assertThat(HyperscanLiterals.compile(List.of(new byte[] {1}), new boolean[2])).isNull();
    }
}
