package io.dumpguard.nativematch;

import java.util.List;

/**
 * The literals of one native first stage, as compiled: bytes, which are caseless, which carry a {@link LiteralTail},
 * and whether the set is fixed by code or configuration (then its database may be cached on disk). A set is one
 * object per detector family or rule pack: equality is identity, so a {@link SharedLiteralPass} over the same sets
 * is compiled once per process.
 */
public final class LiteralSet {
    private final List<byte[]> literals;
    private final boolean[] caseless;
    private final LiteralTail[] tails;
    private final boolean cacheable;

    /**
     * @param caseless per literal, or null (all case-sensitive)
     * @param tails    per literal, or null (none has a tail)
     */
    public LiteralSet(List<byte[]> literals, boolean[] caseless, LiteralTail[] tails, boolean cacheable) {
        int n = literals.size();
        if (caseless != null && caseless.length != n || tails != null && tails.length != n) {
            throw new IllegalArgumentException("per-literal arrays must have one entry per literal (" + n + ")");
        }
        this.literals = List.copyOf(literals);
        this.caseless = caseless == null ? null : caseless.clone();
        this.tails = tails == null ? null : tails.clone();
        this.cacheable = cacheable;
    }

    public int size() {
        return literals.size();
    }

    List<byte[]> literals() {
        return literals;
    }

    boolean caseless(int i) {
        return caseless != null && caseless[i];
    }

    LiteralTail tail(int i) {
        return tails == null ? null : tails[i];
    }

    boolean hasCaseless() {
        return caseless != null;
    }

    boolean hasTails() {
        return tails != null;
    }

    boolean cacheable() {
        return cacheable;
    }

    /** The database of this set alone, or null where the native library is unusable or refuses it. */
    public HyperscanLiterals compile() {
        return HyperscanLiterals.compile(literals, caseless, tails, cacheable);
    }

    /** The sets one after another: literal {@code i} of part {@code p} is literal {@code base(p) + i} of the union. */
    static LiteralSet union(List<LiteralSet> parts) {
        int n = parts.stream().mapToInt(LiteralSet::size).sum();
        List<byte[]> all = new java.util.ArrayList<>(n);
        boolean anyCaseless = parts.stream().anyMatch(LiteralSet::hasCaseless);
        boolean anyTail = parts.stream().anyMatch(LiteralSet::hasTails);
        boolean[] c = anyCaseless ? new boolean[n] : null;
        LiteralTail[] t = anyTail ? new LiteralTail[n] : null;
        int at = 0;
        for (LiteralSet p : parts) {
            for (int i = 0; i < p.size(); i++, at++) {
                all.add(p.literals.get(i));
                if (c != null) {
                    c[at] = p.caseless(i);
                }
                if (t != null) {
                    t[at] = p.tail(i);
                }
            }
        }
        return new LiteralSet(all, c, t, parts.stream().allMatch(LiteralSet::cacheable));
    }
}
