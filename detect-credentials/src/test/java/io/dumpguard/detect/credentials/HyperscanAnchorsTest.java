package io.dumpguard.detect.credentials;

import io.dumpguard.nativematch.LiteralSet;
import io.dumpguard.nativematch.SharedLiteralPass;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The native first stage reports exactly what the pure-Java one (and brute force) reports, in the order the matcher
 * relies on, and whole-pack matching gives the same findings through either stage.
 */
class HyperscanAnchorsTest {
    private static final CredentialRules RULES = CredentialRules.builtin();

    @Test
    void loadsOnLinuxX86() {
        boolean linuxX86 = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                && List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
        if (linuxX86) {
            assertThat(HyperscanAnchors.availability().usable())
                    .as(HyperscanAnchors.availability().description()).isTrue();
            assertThat(RULES.nativeAnchors()).isNotNull();
            assertThat(RULES.firstStage()).startsWith("Hyperscan");
        } else {
            assertThat(RULES.firstStage()).startsWith("pure-Java");
        }
    }

    @Property(tries = 400)
    void sameHitsAsTheJavaStage(@ForAll long seed, @ForAll @IntRange(min = 0, max = 3000) int size,
                                @ForAll @IntRange(min = 0, max = 40) int cutStart,
                                @ForAll @IntRange(min = 0, max = 40) int cutEnd) {
        HyperscanAnchors db = RULES.nativeAnchors();
        if (db == null) {
            return; // other platforms: loadsOnLinuxX86 says which stage runs
        }
        byte[] data = AnchorFilterTest.mixedBytes(new Random(seed), size);
        int start = Math.min(cutStart, size);
        int limit = Math.max(start, size - cutEnd / 2);
        int end = Math.max(start, limit - cutEnd);
        List<AnchorFilterTest.Hit> fast = new ArrayList<>();
        db.newScanner().scan(data, start, end, limit, (a, e, p) -> fast.add(new AnchorFilterTest.Hit(a, e, p)));
        List<AnchorFilterTest.Hit> java = new ArrayList<>();
        RULES.filter().scan(data, start, end, limit, (a, e, p) -> java.add(new AnchorFilterTest.Hit(a, e, p)));
        assertThat(new HashSet<>(java))
                .isEqualTo(AnchorFilterTest.bruteForce(new AnchorFilterTest.Window(data, start, end, limit)));
        // the native stage drops exactly the hits whose anchor's tail does not follow within the limit
        List<AnchorFilterTest.Hit> tailed = java.stream().filter(h -> tailHolds(db, h, data, limit)).toList();
        assertThat(new HashSet<>(fast)).hasSameSizeAs(fast).isEqualTo(new HashSet<>(tailed));
        // hits leave in order of position, then anchor, then encoding
        for (int i = 1; i < fast.size(); i++) {
            AnchorFilterTest.Hit a = fast.get(i - 1);
            AnchorFilterTest.Hit b = fast.get(i);
            assertThat(a.pos() < b.pos() || a.pos() == b.pos() && (a.anchor() < b.anchor()
                    || a.anchor() == b.anchor() && a.encoding().ordinal() < b.encoding().ordinal())).isTrue();
        }
    }

    private static boolean tailHolds(HyperscanAnchors db, AnchorFilterTest.Hit h, byte[] data, int limit) {
        io.dumpguard.nativematch.LiteralTail t = db.tail(h.anchor(), h.encoding());
        return t == null || t.end(data, h.pos() + RULES.filter().anchorLength(h.anchor()), limit) >= 0;
    }

    @Test
    void aWordFollowedByMoreWordsNeverLeavesTheNativeStage() {
        HyperscanAnchors db = RULES.nativeAnchors();
        if (db == null) {
            return;
        }
        byte[] data = "the token cache token brown token error Token=s3cr3t-Value-1234 token : \"Zq8!xW2#kP\" "
                .repeat(2000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        List<Integer> fast = new ArrayList<>();
        db.newScanner().scan(data, 0, data.length, data.length, (a, e, p) -> fast.add(p));
        List<Integer> java = new ArrayList<>();
        RULES.filter().scan(data, 0, data.length, data.length, (a, e, p) -> java.add(p));
        assertThat(java).hasSize(5 * 2000);
        // the third "token" is followed by 12 letters and spaces, then "=": a possible assignment to the matcher
        assertThat(fast).hasSize(3 * 2000);
        List<String> viaNative = describe(RULES.newMatcher().scan(data, 0, data.length, data.length));
        assertThat(viaNative).hasSize(2 * 2000)
                .isEqualTo(describe(RULES.newJavaMatcher().scan(data, 0, data.length, data.length)));
    }

    @Test
    void floodOfHitsStaysInOrderAndComplete() {
        HyperscanAnchors db = RULES.nativeAnchors();
        if (db == null) {
            return;
        }
        byte[] unit = "pwd=".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] data = new byte[1 << 20];
        for (int i = 0; i + unit.length <= data.length; i += unit.length) {
            System.arraycopy(unit, 0, data, i, unit.length);
        }
        int[] count = {0};
        int[] last = {-1};
        db.newScanner().scan(data, 0, data.length, data.length, (a, e, p) -> {
            assertThat(p).isGreaterThanOrEqualTo(last[0]);
            last[0] = p;
            count[0]++;
        });
        int[] javaCount = {0};
        RULES.filter().scan(data, 0, data.length, data.length, (a, e, p) -> javaCount[0]++);
        assertThat(count[0]).isEqualTo(javaCount[0]).isGreaterThan(200_000);
    }

    @Test
    void wholePackFindsTheSameThroughEitherStage() {
        Random rnd = new Random(7);
        byte[] image = new byte[4 << 20];
        int at = 0;
        while (at < image.length) {
            byte[] piece = AnchorFilterTest.mixedBytes(rnd, 4096);
            System.arraycopy(piece, 0, image, at, Math.min(piece.length, image.length - at));
            at += piece.length;
        }
        // real credentials at odd offsets in every encoding, from the rules' own examples
        int pos = 1001;
        for (CredentialRule r : RULES.rules()) {
            for (RuleExample ex : r.definition().examples()) {
                for (TextEncoding enc : TextEncoding.values()) {
                    byte[] b = enc.encode(" " + ex.text() + " ");
                    if (pos + b.length < image.length) {
                        System.arraycopy(b, 0, image, pos, b.length);
                        pos += b.length + 4099;
                    }
                }
            }
        }
        List<String> fast = describe(RULES.newMatcher().scan(image, 0, image.length, image.length));
        List<String> java = describe(RULES.newJavaMatcher().scan(image, 0, image.length, image.length));
        assertThat(fast).isEqualTo(java).hasSizeGreaterThan(100);
    }

    private static List<String> describe(List<CredentialMatch> matches) {
        return matches.stream().map(m -> m.rule().id() + "@" + m.offset() + "+" + m.length() + "/" + m.encoding())
                .sorted().toList();
    }

    @Property(tries = 60)
    void packedSpansGetWhatEachSpanAloneGets(@ForAll long seed) {
        Random rnd = new Random(seed);
        int n = 1 + rnd.nextInt(300);
        List<byte[]> pieces = new ArrayList<>();
        int total = 0;
        for (int i = 0; i < n; i++) {
            byte[] p = rnd.nextInt(10) == 0 ? new byte[0] : AnchorFilterTest.mixedBytes(rnd, rnd.nextInt(600));
            // real credentials from the rules' examples, sometimes cut by the piece's end
            if (p.length > 0 && rnd.nextBoolean()) {
                CredentialRule r = RULES.rules().get(rnd.nextInt(RULES.rules().size()));
                String text = r.definition().examples().get(0).text();
                byte[] t = TextEncoding.values()[rnd.nextInt(3)].encode(" " + text + " ");
                int at = rnd.nextInt(p.length);
                System.arraycopy(t, 0, p, at, Math.min(t.length, p.length - at));
            }
            pieces.add(p);
            total += p.length;
        }
        byte[] data = new byte[total + 7];
        List<CredentialMatcher.Span> spans = new ArrayList<>();
        int at = 3;
        for (byte[] p : pieces) {
            if (at + p.length > data.length) {
                break;
            }
            System.arraycopy(p, 0, data, at, p.length);
            int end = at + Math.max(0, p.length - rnd.nextInt(40));
            spans.add(new CredentialMatcher.Span(at, Math.max(at, Math.min(end, at + p.length)), at + p.length,
                    rnd.nextBoolean()));
            at += p.length;
        }
        List<List<CredentialMatch>> packed = RULES.newMatcher().scanPacked(data, spans);
        // and with the engine's direct view of the same buffer, which the native stage reads in place
        CredentialMatcher viewing = RULES.newMatcher();
        viewing.view(java.nio.ByteBuffer.allocateDirect(data.length).put(0, data));
        List<List<CredentialMatch>> inPlace = viewing.scanPacked(data, spans);
        CredentialMatcher alone = RULES.newJavaMatcher();
        // and with the anchors found by a pass shared with another detector's literals (listed first)
        List<List<CredentialMatch>> shared = null;
        LiteralSet ours = RULES.nativeAnchors() == null ? null : RULES.nativeAnchors().literals();
        if (ours != null && !spans.isEmpty()) {
            SharedLiteralPass.Scanner pass = SharedLiteralPass.of(List.of(OTHER, ours)).newScanner();
            if (pass.scan(data, null, spans.get(0).start(), spans.get(spans.size() - 1).limit())) {
                shared = RULES.newMatcher().scanPacked(data, spans, pass.hits(1));
            }
        }
        assertThat(packed).hasSameSizeAs(spans);
        for (int i = 0; i < spans.size(); i++) {
            CredentialMatcher.Span s = spans.get(i);
            List<String> expected = describe(alone.scan(data, s.start(), s.end(), s.limit(), s.bigEndianFirst()));
            assertThat(describe(packed.get(i))).as("span %d", i).isEqualTo(expected);
            assertThat(describe(inPlace.get(i))).as("span %d in place", i).isEqualTo(expected);
            if (shared != null) {
                assertThat(describe(shared.get(i))).as("span %d from a shared pass", i).isEqualTo(expected);
            }
        }
    }

    /**
     * The detector given a shared pass's hits finds, in a batch of many small packed chunks (a heap dump's arrays),
     * exactly what it finds scanning the batch itself, though it matches only the chunks that hold an anchor.
     */
    @Property(tries = 60)
    void theDetectorFindsTheSameFromASharedPass(@ForAll long seed) {
        LiteralSet ours = RULES.nativeAnchors() == null ? null : RULES.nativeAnchors().literals();
        if (ours == null) {
            return;
        }
        Random rnd = new Random(seed);
        byte[] data = new byte[200_000];
        List<io.dumpguard.core.spi.ScanChunk> chunks = new ArrayList<>();
        int at = rnd.nextInt(50);
        while (at < data.length - 1000) {
            byte[] p = AnchorFilterTest.mixedBytes(rnd, rnd.nextInt(900));
            if (p.length > 0 && rnd.nextInt(4) == 0) {
                CredentialRule r = RULES.rules().get(rnd.nextInt(RULES.rules().size()));
                byte[] t = TextEncoding.values()[rnd.nextInt(3)].encode(" " + r.definition().examples().get(0).text());
                int pos = rnd.nextInt(p.length);
                System.arraycopy(t, 0, p, pos, Math.min(t.length, p.length - pos));
            }
            System.arraycopy(p, 0, data, at, p.length);
            int own = Math.max(0, p.length - rnd.nextInt(40));
            chunks.add(new io.dumpguard.core.spi.ScanChunk(data, at, at + own, at + p.length, 1000,
                    io.dumpguard.core.Region.raw(at + 1000, p.length)));
            at += p.length + rnd.nextInt(3);
        }
        List<String> alone = new ArrayList<>();
        new CredentialDetector(RULES).scanBatch(chunks, f -> alone.add(f.detector() + "@" + f.offset()));
        SharedLiteralPass.Scanner pass = SharedLiteralPass.of(List.of(OTHER, ours)).newScanner();
        if (!pass.scan(data, null, chunks.get(0).start(), chunks.get(chunks.size() - 1).limit())) {
            return;
        }
        List<String> shared = new ArrayList<>();
        new CredentialDetector(RULES).scanBatch(chunks, pass.hits(1), f -> shared.add(f.detector() + "@" + f.offset()));
        assertThat(shared).isEqualTo(alone).isNotEmpty();
    }

    /** Another detector's literals, some of them also in the rule pack's anchors. */
    private static final LiteralSet OTHER = new LiteralSet(List.of(
            "token".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
            "-----BEGIN".getBytes(java.nio.charset.StandardCharsets.US_ASCII)), null, null, false);

    /** JavaCPP has ten native thunks per callback class; a scanner per thread per run must not run out of them. */
    @Test
    void manyLiveScannersAllReportTheirHits() {
        HyperscanAnchors db = RULES.nativeAnchors();
        if (db == null) {
            return;
        }
        byte[] data = "xx pwd= yy".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        List<HyperscanAnchors.Scanner> alive = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            alive.add(db.newScanner());
        }
        for (HyperscanAnchors.Scanner s : alive) {
            List<Integer> hits = new ArrayList<>();
            s.scan(data, 0, data.length, data.length, (a, e, p) -> hits.add(p));
            assertThat(hits).containsExactly(3);
        }
    }
}
