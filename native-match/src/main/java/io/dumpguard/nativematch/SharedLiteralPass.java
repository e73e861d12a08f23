package io.dumpguard.nativematch;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One native pass for the literal first stages of several detectors: their {@link LiteralSet}s compiled into one
 * database, whose hits are sorted back to the set each came from. Hyperscan's literal matcher costs about the same
 * per byte for the union as for the largest set alone (the built-in credential pack with the private-key anchors:
 * 5.3 GB/s, the same as the pack alone; the anchors alone ran at 4.5 GB/s), so every set but one is found for free.
 *
 * <p>Each detector gets exactly the hits its own database would report over the same range, in the same order: the
 * union numbers part {@code p}'s literal {@code i} as {@code base(p) + i}, so order by start, then union id, is order
 * by start, then id within each part. A range holding more than {@link #MAX_HITS} hits in all is given up (the
 * memory a pass keeps is bounded whatever the input), and each detector scans it on its own.
 */
public final class SharedLiteralPass {
    /** {@code -Ddumpguard.hyperscan.shared=false}: every detector scans with its own database (for comparisons). */
    public static final String PROPERTY = "dumpguard.hyperscan.shared";
    /** The most hits a pass keeps for one range, over all its sets (8 bytes each). */
    public static final int MAX_HITS = 1 << 18;
    /** Passes for the last few combinations of sets: a process uses one or two (scanning, verifying). */
    private static final int REMEMBERED = 8;
    private static final Map<List<LiteralSet>, Optional<SharedLiteralPass>> COMPILED =
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<List<LiteralSet>, Optional<SharedLiteralPass>> e) {
                    return size() > REMEMBERED;
                }
            };

    private final HyperscanLiterals database;
    /** {@code base[p]}: the union id of part p's first literal; {@code base[parts]}: the union's size. */
    private final int[] base;

    private SharedLiteralPass(HyperscanLiterals database, int[] base) {
        this.database = database;
        this.base = base;
    }

    /**
     * The pass over {@code parts} (each at least one literal), compiled once per process for the same sets, or null
     * where the native library is unusable or refuses the union (then each detector scans with its own database).
     */
    public static synchronized SharedLiteralPass of(List<LiteralSet> parts) { // one compile; a second caller waits
        if ("false".equals(System.getProperty(PROPERTY))) {
            return null;
        }
        List<LiteralSet> key = List.copyOf(parts);
        Optional<SharedLiteralPass> known = COMPILED.get(key);
        if (known == null) {
            known = Optional.ofNullable(compile(key));
            COMPILED.put(key, known);
        }
        return known.orElse(null);
    }

    private static SharedLiteralPass compile(List<LiteralSet> parts) {
        if (parts.isEmpty() || parts.stream().anyMatch(p -> p.size() == 0)) {
            return null;
        }
        int[] base = new int[parts.size() + 1];
        for (int p = 0; p < parts.size(); p++) {
            base[p + 1] = base[p] + parts.get(p).size();
        }
        HyperscanLiterals db = LiteralSet.union(parts).compile();
        return db == null ? null : new SharedLiteralPass(db, base);
    }

    public int parts() {
        return base.length - 1;
    }

    /** A scanner for one thread (Hyperscan's scratch space is per thread), with a hit list per set. */
    public Scanner newScanner() {
        return new Scanner();
    }

    public final class Scanner {
        private final HyperscanLiterals.Scanner scanner = database.newScanner();
        private final LiteralHits[] hits = new LiteralHits[parts()];
        private final HyperscanLiterals.StartHandler sort = this::sort;
        private int kept;

        private Scanner() {
            for (int p = 0; p < hits.length; p++) {
                hits[p] = new LiteralHits();
            }
        }

        /**
         * Finds every set's literals lying wholly inside {@code [from, to)} of {@code data} ({@code direct}, when not
         * null, holds the same bytes at the same indexes and is read in place). Returns false, and keeps nothing,
         * when there are more than {@link #MAX_HITS}: then each detector scans the range on its own.
         */
        public boolean scan(byte[] data, ByteBuffer direct, int from, int to) {
            kept = 0;
            for (LiteralHits h : hits) {
                h.clear();
            }
            try {
                scanner.scanInStartOrder(data, direct, from, to, sort);
                return true;
            } catch (TooManyHits e) {
                for (LiteralHits h : hits) {
                    h.clear();
                }
                return false;
            }
        }

        /** Part {@code p}'s hits from the last {@link #scan}, with ids in its own set. */
        public LiteralHits hits(int p) {
            return hits[p];
        }

        private void sort(int id, int start) {
            if (++kept > MAX_HITS) {
                throw TooManyHits.INSTANCE;
            }
            int p = 0;
            while (id >= base[p + 1]) {
                p++;
            }
            hits[p].add(id - base[p], start);
        }
    }

    /** Stops a scan that found too many hits to keep (thrown through the native scan, which stops and rethrows it). */
    private static final class TooManyHits extends RuntimeException {
        static final TooManyHits INSTANCE = new TooManyHits();

        private TooManyHits() {
            super("more hits than a shared pass keeps", null, false, false);
        }
    }
}
