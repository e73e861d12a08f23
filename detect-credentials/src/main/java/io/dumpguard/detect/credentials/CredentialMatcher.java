package io.dumpguard.detect.credentials;

import io.dumpguard.nativematch.LiteralHits;
import io.dumpguard.nativematch.LiteralSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Two-stage matching for one thread. Stage one ({@link AnchorFilter}) finds anchors; stage two tests each owning
 * rule's pre-check ({@link Precheck}: a few chars around the anchor, far cheaper than starting a regex) and runs the
 * regexes that pass with {@code lookingAt} at the anchor over a bounded window decoded in place
 * ({@link ByteTextView}), maps the {@code secret} capture back to byte offsets and applies the rule's validation.
 *
 * <p>Cost is linear: each anchor occurrence costs at most (window x pattern) steps, patterns have only bounded,
 * un-nested quantifiers ({@link RegexSafety}), and anchors inside a rule's previous match in the same lane are
 * skipped, so repeated anchors do not rescan what a match already covered.
 */
public final class CredentialMatcher {
    /** Chars before an anchor the regex may look at (lookbehind such as {@code (?<![A-Za-z0-9])}). */
    static final int LOOKBEHIND_CHARS = 32;
    /** Chars after the window the regex may look at (a trailing {@code (?![A-Za-z0-9])}). */
    static final int LOOKAHEAD_CHARS = 16;
    /** ASCII, UTF-16LE at even/odd byte, UTF-16BE at even/odd byte: matches never overlap within one lane. */
    private static final int LANES = 5;

    private final CredentialRules rules;
    private final AnchorFilter filter;
    private final List<CredentialRule> ruleList;
    private final Matcher[] matchers;
    private final int[] secretGroup;
    /** Per rule: its pre-check, or null (none, or this matcher is the regex-only reference). */
    private final Precheck[] prechecks;
    private final ByteTextView view = new ByteTextView();
    private final int[] matchEnd;
    private final int[] lastTried;
    private final AnchorFilter.HitSink onAnchor = this::onAnchor;

    /** This thread's native scanner (null: not tried yet, or none); large spans go through it. */
    private HyperscanAnchors.Scanner nativeScanner;
    /** A direct buffer with the bytes of the next scan's array at the same indexes (no copy for Hyperscan), or null. */
    private java.nio.ByteBuffer direct;
    private boolean nativeTried;
    private final boolean allowNative;

    private byte[] data;
    private int limit;
    private List<CredentialMatch> out;

    CredentialMatcher(CredentialRules rules, boolean usePrechecks) {
        this(rules, usePrechecks, true);
    }

    CredentialMatcher(CredentialRules rules, boolean usePrechecks, boolean allowNative) {
        this.allowNative = allowNative;
        this.rules = rules;
        this.filter = rules.filter();
        this.ruleList = rules.rules();
        this.matchers = new Matcher[ruleList.size()];
        this.secretGroup = new int[ruleList.size()];
        this.prechecks = new Precheck[ruleList.size()];
        for (int r = 0; r < matchers.length; r++) {
            matchers[r] = ruleList.get(r).pattern().matcher(view);
            matchers[r].useTransparentBounds(true).useAnchoringBounds(false);
            secretGroup[r] = ruleList.get(r).pattern().namedGroups().get(CredentialRule.SECRET_GROUP);
            prechecks[r] = usePrechecks ? ruleList.get(r).precheck() : null;
        }
        this.matchEnd = new int[ruleList.size() * LANES];
        this.lastTried = new int[ruleList.size() * LANES];
    }

    public CredentialRules rules() {
        return rules;
    }

    /**
     * Finds every match whose anchor starts in {@code [start, end)}; bytes up to {@code limit} complete a match.
     * Findings of generic rules that overlap a specific rule's finding are dropped. UTF-16 text of ASCII chars
     * reads the same as little-endian at {@code p} and big-endian at {@code p - 1}; one interpretation is kept:
     * big-endian when {@code bigEndianFirst} (HPROF arrays), else little-endian (native memory).
     */
    /**
     * The next scans' array is also in {@code view} at the same indexes (or null): the native first stage reads it
     * in place instead of copying the array.
     */
    public void view(java.nio.ByteBuffer view) {
        this.direct = view;
    }

    public List<CredentialMatch> scan(byte[] data, int start, int end, int limit, boolean bigEndianFirst) {
        checkBounds(data, start, end, limit);
        begin(data, limit);
        try {
            HyperscanAnchors.Scanner fast = end - start >= HyperscanAnchors.MIN_SPAN_BYTES ? nativeScanner() : null;
            if (fast != null) {
                fast.scan(data, direct, start, end, limit, onAnchor);
            } else {
                filter.scan(data, start, end, limit, onAnchor);
            }
            return finish(bigEndianFirst);
        } finally {
            release();
        }
    }

    /** One span of a packed buffer: matches start in {@code [start, end)} and end by {@code limit}. */
    public record Span(int start, int end, int limit, boolean bigEndianFirst) {
    }

    /**
     * Scans spans packed into one buffer (increasing, not overlapping), with one pass of the native first stage over
     * all of them when it is available and they are large enough together; each span gets exactly the matches a
     * {@link #scan} of it alone would give. Returns one list per span.
     */
    public List<List<CredentialMatch>> scanPacked(byte[] data, List<Span> spans) {
        int total = 0;
        for (Span s : spans) {
            checkBounds(data, s.start(), s.end(), s.limit());
            total += s.limit() - s.start();
        }
        HyperscanAnchors.Scanner fast = spans.size() > 1 && total >= HyperscanAnchors.MIN_SPAN_BYTES
                ? nativeScanner() : null;
        if (fast == null) {
            List<List<CredentialMatch>> out = new ArrayList<>(spans.size());
            for (Span s : spans) {
                out.add(scan(data, s.start(), s.end(), s.limit(), s.bigEndianFirst()));
            }
            return out;
        }
        int to = spans.get(spans.size() - 1).limit();
        return scanPacked(data, spans, router -> fast.scan(data, direct, spans.get(0).start(), to, to, router));
    }

    /**
     * As {@link #scanPacked(byte[], List)} by the native first stage, with the anchors of its literals over
     * {@code [first span's start, last span's limit)} already found by a pass shared with other detectors.
     */
    public List<List<CredentialMatch>> scanPacked(byte[] data, List<Span> spans, LiteralHits hits) {
        for (Span s : spans) {
            checkBounds(data, s.start(), s.end(), s.limit());
        }
        int to = spans.get(spans.size() - 1).limit();
        return scanPacked(data, spans, router -> HyperscanAnchors.replay(hits, to, router));
    }

    /** The native first stage, given the router that hands its anchors to the spans. */
    private List<List<CredentialMatch>> scanPacked(byte[] data, List<Span> spans,
                                                   java.util.function.Consumer<AnchorFilter.HitSink> firstStage) {
        for (int i = 1; i < spans.size(); i++) {
            if (spans.get(i).start() < spans.get(i - 1).limit()) {
                throw new IllegalArgumentException("packed spans overlap or are out of order at span " + i);
            }
        }
        List<List<CredentialMatch>> out = new ArrayList<>(spans.size());
        Router router = new Router(data, spans, out);
        begin(data, spans.get(0).limit()); // resets the per-rule state once for the whole packed buffer
        try {
            firstStage.accept(router);
            router.finishRest();
        } finally {
            release();
        }
        return out;
    }

    /** The literals of this matcher's native first stage, or null when it has none here. */
    LiteralSet nativeLiterals() {
        return nativeScanner() == null ? null : rules.nativeAnchors().literals();
    }

    /** Hands each hit (arriving in increasing position) to the span that owns it, finishing spans as it passes them. */
    private final class Router implements AnchorFilter.HitSink {
        private final byte[] data;
        private final List<Span> spans;
        private final List<List<CredentialMatch>> out;
        private int current = -1;

        Router(byte[] data, List<Span> spans, List<List<CredentialMatch>> out) {
            this.data = data;
            this.spans = spans;
            this.out = out;
        }

        @Override
        public void anchor(int anchor, TextEncoding encoding, int pos) {
            while (current < 0 || current < spans.size() && pos >= spans.get(current).end()) {
                advance();
            }
            if (current >= spans.size()) {
                return;
            }
            Span s = spans.get(current);
            if (pos >= s.start() && pos + filter.anchorLength(anchor) * encoding.unitBytes() <= s.limit()) {
                onAnchor(anchor, encoding, pos);
            }
        }

        private void advance() {
            if (current >= 0) {
                out.add(finish(spans.get(current).bigEndianFirst()));
            }
            current++;
            if (current < spans.size()) {
                nextSpan(spans.get(current).limit());
            }
        }

        void finishRest() {
            while (current < spans.size()) {
                advance();
            }
        }
    }

    private static void checkBounds(byte[] data, int start, int end, int limit) {
        if (start < 0 || end < start || limit < end || limit > data.length) {
            throw new IllegalArgumentException("bad scan bounds " + start + "/" + end + "/" + limit);
        }
    }

    private void begin(byte[] data, int limit) {
        this.data = data;
        this.limit = limit;
        this.out = null;
        Arrays.fill(matchEnd, Integer.MIN_VALUE);
        Arrays.fill(lastTried, Integer.MIN_VALUE);
    }

    /**
     * The next span of the same packed buffer. The per-rule positions need no reset: spans do not overlap, so what a
     * previous span left there lies before this span's start and can neither block nor repeat a try in it (a heap
     * dump packs thousands of spans per batch, and two fills per span were a tenth of this detector's time).
     */
    private void nextSpan(int limit) {
        this.limit = limit;
        this.out = null;
    }

    /** The span's matches; most spans have none, and get no list of their own. */
    private List<CredentialMatch> finish(boolean bigEndianFirst) {
        return out == null ? List.of() : dropShadowedGeneric(dropUtf16Shadows(out, bigEndianFirst));
    }

    private void release() {
        this.data = null;
        this.out = null;
        view.reset(new byte[0], 0, 0, 0, 0, TextEncoding.ASCII);
    }

    private HyperscanAnchors.Scanner nativeScanner() {
        if (!nativeTried) {
            nativeTried = true;
            HyperscanAnchors db = allowNative ? rules.nativeAnchors() : null;
            nativeScanner = db == null ? null : db.newScanner();
        }
        return nativeScanner;
    }

    /** Little-endian first. */
    public List<CredentialMatch> scan(byte[] data, int start, int end, int limit) {
        return scan(data, start, end, limit, false);
    }

    /** Convenience: the whole array. */
    public List<CredentialMatch> scan(byte[] data) {
        return scan(data, 0, data.length, data.length);
    }

    /** Chars the regex stage has read so far (for the linearity properties). */
    long regexCharsRead() {
        return view.charsRead();
    }

    private void onAnchor(int anchor, TextEncoding enc, int p) {
        int unit = enc.unitBytes();
        int lane = enc == TextEncoding.ASCII ? 0 : (enc == TextEncoding.UTF_16LE ? 1 : 3) + (p & 1);
        for (int r : filter.rulesOf(anchor)) {
            int slot = r * LANES + lane;
            if (p < matchEnd[slot] || p == lastTried[slot]) {
                continue;
            }
            lastTried[slot] = p;
            CredentialRule rule = ruleList.get(r);
            // half chars at the buffer's edges count (padded with 0) so lookaround sees the ASCII byte
            int behind = Math.min(LOOKBEHIND_CHARS, (p + unit - 1) / unit);
            int after = Math.min(rule.windowChars(), (limit - p) / unit);
            int ahead = Math.min(LOOKAHEAD_CHARS, (limit - p + unit - 1) / unit - after);
            int base = p - behind * unit;
            view.reset(data, 0, limit, base, behind + after + ahead, enc);
            Precheck pre = prechecks[r];
            if (pre != null && !pre.passes(view, behind, filter.anchorLength(anchor), behind + after)) {
                continue;
            }
            Matcher m = matchers[r];
            // the matcher already reads this view (set in the constructor); region() resets its state
            m.region(behind, behind + after);
            if (!m.lookingAt()) {
                continue;
            }
            int s = m.start(secretGroup[r]);
            int e = m.end(secretGroup[r]);
            if (s < 0 || e <= s) {
                continue;
            }
            String secret = view.subSequence(s, e).toString();
            if (!rule.validates(secret)) {
                continue;
            }
            matchEnd[slot] = view.byteOffset(m.end());
            if (out == null) {
                out = new ArrayList<>();
            }
            out.add(new CredentialMatch(rule, view.byteOffset(s), (e - s) * unit, enc, secret));
        }
    }

    /** Of a little-endian match at {@code p} and the same big-endian match at {@code p - 1}, keeps one. */
    private static List<CredentialMatch> dropUtf16Shadows(List<CredentialMatch> matches, boolean bigEndianFirst) {
        boolean anyBe = false;
        for (CredentialMatch m : matches) {
            anyBe |= m.encoding() == TextEncoding.UTF_16BE;
        }
        if (!anyBe) {
            return matches;
        }
        java.util.Set<ShadowKey> le = new java.util.HashSet<>();
        java.util.Set<ShadowKey> be = new java.util.HashSet<>();
        for (CredentialMatch m : matches) {
            if (m.encoding() == TextEncoding.UTF_16LE) {
                le.add(new ShadowKey(m.rule(), m.offset(), m.length()));
            } else if (m.encoding() == TextEncoding.UTF_16BE) {
                be.add(new ShadowKey(m.rule(), m.offset() + 1, m.length()));
            }
        }
        List<CredentialMatch> kept = new ArrayList<>(matches.size());
        for (CredentialMatch m : matches) {
            boolean shadow = bigEndianFirst
                    ? m.encoding() == TextEncoding.UTF_16LE && be.contains(new ShadowKey(m.rule(), m.offset(),
                            m.length()))
                    : m.encoding() == TextEncoding.UTF_16BE && le.contains(new ShadowKey(m.rule(), m.offset() + 1,
                            m.length()));
            if (!shadow) {
                kept.add(m);
            }
        }
        return kept;
    }

    private record ShadowKey(CredentialRule rule, int offset, int length) {
    }

    /** A generic rule (password=, Bearer) gives way to a specific rule that matched the same bytes. */
    private static List<CredentialMatch> dropShadowedGeneric(List<CredentialMatch> matches) {
        boolean anyGeneric = false;
        boolean anySpecific = false;
        for (CredentialMatch m : matches) {
            anyGeneric |= m.rule().generic();
            anySpecific |= !m.rule().generic();
        }
        if (!anyGeneric) {
            return matches;
        }
        if (!anySpecific) {
            return dropDuplicateRanges(matches);
        }
        List<CredentialMatch> specific = new ArrayList<>();
        for (CredentialMatch m : matches) {
            if (!m.rule().generic()) {
                specific.add(m);
            }
        }
        specific.sort(Comparator.comparingInt(CredentialMatch::offset));
        int[] starts = specific.stream().mapToInt(CredentialMatch::offset).toArray();
        // longest specific match bounds how far back an overlapping one can start
        int maxLen = specific.stream().mapToInt(CredentialMatch::length).max().orElse(0);
        List<CredentialMatch> kept = new ArrayList<>(matches.size());
        for (CredentialMatch m : matches) {
            if (!m.rule().generic() || !overlapsAny(m, specific, starts, maxLen)) {
                kept.add(m);
            }
        }
        return dropDuplicateRanges(kept);
    }

    /** Two generic rules on the same bytes ({@code _authToken=} is also a {@code token=}): the first rule wins. */
    private static List<CredentialMatch> dropDuplicateRanges(List<CredentialMatch> matches) {
        java.util.Set<Long> seen = new java.util.HashSet<>();
        List<CredentialMatch> kept = new ArrayList<>(matches.size());
        for (CredentialMatch m : matches) {
            long key = (long) m.offset() << 32 | m.length() & 0xFFFFFFFFL;
            if (!m.rule().generic() || seen.add(key * 3 + m.encoding().ordinal())) {
                kept.add(m);
            }
        }
        return kept;
    }

    private static boolean overlapsAny(CredentialMatch g, List<CredentialMatch> specific, int[] starts, int maxLen) {
        int from = lowerBound(starts, g.offset() - maxLen);
        for (int i = from; i < starts.length && starts[i] < g.end(); i++) {
            if (specific.get(i).end() > g.offset()) {
                return true;
            }
        }
        return false;
    }

    private static int lowerBound(int[] a, int key) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
