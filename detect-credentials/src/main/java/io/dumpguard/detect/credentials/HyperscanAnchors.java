package io.dumpguard.detect.credentials;

import io.dumpguard.nativematch.HyperscanLiterals;
import io.dumpguard.nativematch.LiteralHits;
import io.dumpguard.nativematch.LiteralSet;
import io.dumpguard.nativematch.LiteralTail;

import java.util.ArrayList;
import java.util.List;

/**
 * The optional native first stage: every anchor in ASCII, UTF-16LE and UTF-16BE as one Hyperscan database. It reports
 * the hits of the pure-Java {@link AnchorFilter}, at 3–5 times its speed on large spans, less one kind: the ASCII form
 * of an anchor whose rules all have the same label pre-check after it carries that check as a {@link LiteralTail},
 * and Hyperscan drops the hits that fail it (a property test holds the two stages to exactly that difference, and
 * the matcher would have dropped those hits at the pre-check anyway). Text full of a word like "token" then costs no
 * call into Java per word: a generated heap dump whose strings hold 2.2 million of them sanitizes 6% faster. The Java
 * stage remains the reference and the fallback wherever the native library cannot load (other platforms, no
 * writable JavaCPP cache, {@code -Ddumpguard.hyperscan=false}).
 */
final class HyperscanAnchors {
    /** Spans shorter than this go to the Java stage: a native call and its copy cost more than they save. */
    static final int MIN_SPAN_BYTES = HyperscanLiterals.MIN_SPAN_BYTES;
    /** Pattern id {@code 3 * anchor + ordinal}: the encoding by ordinal, without {@code values()}'s copy per hit. */
    private static final TextEncoding[] ENCODINGS = TextEncoding.values();

    private final HyperscanLiterals database;
    /** What {@link #database} was compiled from: a pass shared with other detectors compiles the same literals. */
    private final LiteralSet literals;

    private HyperscanAnchors(HyperscanLiterals database, LiteralSet literals) {
        this.database = database;
        this.literals = literals;
    }

    /** Whether the shared native matcher loaded here, and what it is. */
    static HyperscanLiterals.Availability availability() {
        return HyperscanLiterals.availability();
    }

    /**
     * The database for {@code anchors} of {@code rules}, or null when the native library is unusable or refuses the
     * patterns.
     */
    static HyperscanAnchors compile(AnchorTable anchors, List<CredentialRule> rules) {
        if (anchors.count() == 0) {
            return null;
        }
        List<byte[]> literals = new ArrayList<>(anchors.count() * 3);
        boolean[] caseless = new boolean[anchors.count() * 3];
        LiteralTail[] tails = new LiteralTail[anchors.count() * 3];
        for (int k = 0; k < anchors.count(); k++) {
            byte[] a = anchors.bytesOf(k);
            for (TextEncoding enc : ENCODINGS) {
                int id = k * 3 + enc.ordinal();
                literals.add(encoded(a, enc));
                caseless[id] = !anchors.caseSensitive(k);
            }
            tails[k * 3 + TextEncoding.ASCII.ordinal()] = sharedTail(anchors.rulesOf(k), rules);
        }
        // a rule pack is configuration, not data from a dump: its compiled database may be cached on disk
        LiteralSet set = new LiteralSet(literals, caseless, tails, true);
        HyperscanLiterals db = set.compile();
        if (db == null) {
            // a pack whose pre-checks Hyperscan will not take as tails still gets the plain literal stage
            set = new LiteralSet(literals, caseless, null, true);
            db = set.compile();
        }
        return db == null ? null : new HyperscanAnchors(db, set);
    }

    /** The literals of the database: literal {@code 3 * anchor + encoding ordinal}. */
    LiteralSet literals() {
        return literals;
    }

    /** As {@link Scanner#scan}, from the hits of {@link #literals()} that a shared pass found. */
    static void replay(LiteralHits hits, int end, AnchorFilter.HitSink sink) {
        hits.replay(toAnchors(end, sink));
    }

    /** Literal hits as anchor hits, those starting before {@code end}. */
    private static HyperscanLiterals.StartHandler toAnchors(int end, AnchorFilter.HitSink sink) {
        return (id, pos) -> {
            if (pos < end) {
                sink.anchor(id / 3, ENCODINGS[id % 3], pos);
            }
        };
    }

    /** The ASCII tail every one of the anchor's rules checks, or null when one checks nothing or they differ. */
    private static LiteralTail sharedTail(int[] ruleIndexes, List<CredentialRule> rules) {
        LiteralTail shared = null;
        for (int r : ruleIndexes) {
            Precheck p = rules.get(r).precheck();
            LiteralTail t = p == null ? null : p.asciiTail();
            if (t == null || shared != null && !shared.equals(t)) {
                return null;
            }
            shared = t;
        }
        return shared;
    }

    /** The tail Hyperscan checks after {@code anchor} in {@code enc}, or null: hits are reported where it holds. */
    LiteralTail tail(int anchor, TextEncoding enc) {
        return database.tail(anchor * 3 + enc.ordinal());
    }

    /** The anchor's bytes as they appear in memory in {@code enc}: anchors are ASCII. */
    private static byte[] encoded(byte[] anchor, TextEncoding enc) {
        if (enc == TextEncoding.ASCII) {
            return anchor;
        }
        byte[] out = new byte[anchor.length * 2];
        for (int i = 0; i < anchor.length; i++) {
            out[2 * i + (enc == TextEncoding.UTF_16LE ? 0 : 1)] = anchor[i];
        }
        return out;
    }

    /** A scanner for one thread (Hyperscan scratch space is per thread). */
    Scanner newScanner() {
        return new Scanner();
    }

    final class Scanner {
        private final HyperscanLiterals.Scanner scanner = database.newScanner();

        /**
         * As {@link AnchorFilter#scan}: every anchor occurrence starting in {@code [start, end)}, within
         * {@code limit}, in order of position, then anchor, then encoding (the literal id is 3 x anchor + encoding).
         */
        void scan(byte[] data, int start, int end, int limit, AnchorFilter.HitSink sink) {
            scan(data, null, start, end, limit, sink);
        }

        /** As above; {@code direct}, when not null, holds {@code data}'s bytes at the same indexes and is read in place. */
        void scan(byte[] data, java.nio.ByteBuffer direct, int start, int end, int limit, AnchorFilter.HitSink sink) {
            scanner.scanInStartOrder(data, direct, start, limit, toAnchors(end, sink));
        }
    }
}
