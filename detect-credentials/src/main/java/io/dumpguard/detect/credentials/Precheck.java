package io.dumpguard.detect.credentials;

import io.dumpguard.nativematch.LiteralTail;

/** The compiled form of an {@link AnchorPrecheck}, evaluated on the same view of the bytes the regex reads. */
final class Precheck {
    /**
     * A native tail checks at most this many {@code next} chars: what rejects a word in text is the first char or so
     * after the anchor, and every repeat in a tail costs Hyperscan's compiler time at each start of the tool.
     */
    static final int TAIL_MAX_RUN = 2;
    /** Nor skips more than this (the built-in pack's longest is 128, before a URL's {@code :}). */
    static final int TAIL_MAX_SKIP = 128;

    private final CharClass notPrecededBy;
    private final CharClass skip;
    private final int maxSkip;
    private final CharClass next;
    private final int minRun;

    private Precheck(AnchorPrecheck d) {
        this.notPrecededBy = d.notPrecededBy() == null ? null : CharClass.of(d.notPrecededBy());
        this.skip = d.skip() == null ? null : CharClass.of(d.skip());
        this.maxSkip = skip == null ? 0 : d.maxSkip();
        this.next = d.next() == null ? null : CharClass.of(d.next());
        this.minRun = d.minRun();
    }

    /** The compiled check, or null when the rule has none (the caller has run {@link #problems}). */
    static Precheck compile(AnchorPrecheck d) {
        return d == null ? null : new Precheck(d);
    }

    /** What makes a pre-check unusable. */
    static java.util.List<String> problems(AnchorPrecheck d) {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (d == null) {
            return out;
        }
        for (String[] c : new String[][] {{"not_preceded_by", d.notPrecededBy()}, {"skip", d.skip()},
                {"next", d.next()}}) {
            if (c[1] != null && !CharClass.isSingleCharClass(c[1])) {
                out.add("precheck " + c[0] + " must be one char class like [A-Za-z0-9] or \\s");
            }
        }
        if (d.maxSkip() < 0 || d.maxSkip() > CredentialRule.MAX_WINDOW_CHARS) {
            out.add("precheck max_skip must be 0.." + CredentialRule.MAX_WINDOW_CHARS);
        }
        if (d.minRun() < 1 || d.minRun() > CredentialRule.MAX_WINDOW_CHARS) {
            out.add("precheck min_run must be 1.." + CredentialRule.MAX_WINDOW_CHARS);
        }
        if (d.skip() != null && d.next() == null) {
            out.add("precheck skip needs next");
        }
        if (out.isEmpty() && d.skip() != null && CharClass.of(d.skip()).overlapsLatin1(CharClass.of(d.next()))) {
            out.add("precheck skip and next share a char, so skipping could pass the body's start");
        }
        return out;
    }

    /**
     * The check after the anchor for text whose chars are single bytes (ASCII, Latin-1), as a tail the native first
     * stage matches with the anchor; null when the check reads nothing after the anchor or is not a label's: only
     * anchors that are words (a label such as {@code token} or {@code bearer}, then spaces, quotes or the label's rest,
     * then {@code =}, {@code :} or the value) occur by the million in text, and a tail costs Hyperscan's compiler
     * time (all the pack's pre-checks as tails: 60 ms a start; the labels' alone: half that). It holds wherever
     * {@link #passes} does, in a window that has the bytes: both skip greedily over the same set (disjoint from
     * {@code next}), and the tail then needs at most as many chars of {@code next}.
     */
    LiteralTail asciiTail() {
        if (next == null || skip == null || maxSkip == 0 || maxSkip > TAIL_MAX_SKIP) {
            return null;
        }
        return new LiteralTail(skip.latin1(), maxSkip, next.latin1(), Math.min(minRun, TAIL_MAX_RUN));
    }

    /**
     * False only when no match can start at the anchor at {@code at} (a view index) of {@code anchorChars} chars,
     * consuming chars before {@code end}: the char before it is in {@code not_preceded_by}, or after at most
     * {@code max_skip} skipped chars fewer than {@code min_run} {@code next} chars follow.
     */
    boolean passes(CharSequence text, int at, int anchorChars, int end) {
        if (notPrecededBy != null && at > 0 && notPrecededBy.has(text.charAt(at - 1))) {
            return false;
        }
        if (next == null) {
            return true;
        }
        int i = at + anchorChars;
        for (int skipped = 0; skipped < maxSkip && i < end; skipped++, i++) {
            char c = text.charAt(i);
            if (c > 0xFF) {
                // beyond Latin-1 the classes may overlap: let the regex decide
                return true;
            }
            if (!skip.has(c)) {
                break;
            }
        }
        if (i + minRun > end) {
            return false;
        }
        for (int k = 0; k < minRun; k++) {
            if (!next.has(text.charAt(i + k))) {
                return false;
            }
        }
        return true;
    }
}
