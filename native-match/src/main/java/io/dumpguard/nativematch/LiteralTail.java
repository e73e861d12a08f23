package io.dumpguard.nativematch;

import java.nio.ByteBuffer;

/**
 * A condition on the bytes right after a literal, matched by Hyperscan together with the literal, so an occurrence
 * whose tail fails costs no call into Java at all: up to {@code maxSkip} bytes of one set, then {@code minRun} bytes of
 * another. The sets are disjoint, so skipping greedily finds the only place the second set can start, and an
 * occurrence has at most one tail, ending at one place ({@link #end}); that is how a report at the end of a tail is
 * traced back to the occurrences it belongs to.
 *
 * <p>Made for a credential rule's pre-check ("after {@code token}, at most 16 letters, quotes or spaces, then
 * {@code =} or {@code :}"), which in text full of the word rejects nearly every occurrence.
 */
public final class LiteralTail {
    /** Longest tail: bounds the bytes scanned back from a report and how far matches can be overtaken. */
    public static final int MAX_BYTES = 256;

    private final boolean[] skip;
    private final int maxSkip;
    private final boolean[] next;
    private final int minRun;

    /**
     * @param skip    per byte value: whether it may be skipped (256 entries), or null for none
     * @param maxSkip most bytes skipped
     * @param next    per byte value: whether it may follow (256 entries); disjoint from {@code skip}
     * @param minRun  bytes of {@code next} required, at least 1
     */
    public LiteralTail(boolean[] skip, int maxSkip, boolean[] next, int minRun) {
        boolean[] s = skip == null ? new boolean[256] : skip.clone();
        if (s.length != 256 || next == null || next.length != 256) {
            throw new IllegalArgumentException("byte sets have 256 entries");
        }
        if (maxSkip < 0 || minRun < 1 || maxSkip + minRun > MAX_BYTES) {
            throw new IllegalArgumentException("tail of " + maxSkip + " + " + minRun + " bytes");
        }
        boolean anyNext = false;
        for (int b = 0; b < 256; b++) {
            if (s[b] && next[b]) {
                throw new IllegalArgumentException("skip and next share byte " + b);
            }
            anyNext |= next[b];
        }
        if (!anyNext) {
            throw new IllegalArgumentException("no byte may follow");
        }
        this.skip = s;
        this.maxSkip = maxSkip;
        this.next = next.clone();
        this.minRun = minRun;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LiteralTail t && maxSkip == t.maxSkip && minRun == t.minRun
                && java.util.Arrays.equals(skip, t.skip) && java.util.Arrays.equals(next, t.next);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * maxSkip + minRun) + java.util.Arrays.hashCode(next);
    }

    /** Longest tail in bytes. */
    int longest() {
        return maxSkip + minRun;
    }

    /** Shortest tail in bytes. */
    int shortest() {
        return minRun;
    }

    /**
     * Where the tail starting at {@code from} ends (exclusive), or -1 when it does not hold within {@code limit};
     * index {@code i} is {@code bytes.get(i - shift)}.
     */
    int end(ByteBuffer bytes, int shift, int from, int limit) {
        int i = from;
        for (int skipped = 0; skipped < maxSkip && i < limit && skip[bytes.get(i - shift) & 0xff]; skipped++) {
            i++;
        }
        if (i + minRun > limit) {
            return -1;
        }
        for (int k = 0; k < minRun; k++) {
            if (!next[bytes.get(i + k - shift) & 0xff]) {
                return -1;
            }
        }
        return i + minRun;
    }

    /** As {@link #end(ByteBuffer, int, int, int)} over an array: for tests and Java callers that mirror the filter. */
    public int end(byte[] data, int from, int limit) {
        return end(ByteBuffer.wrap(data), 0, from, limit);
    }

    /** Hyperscan syntax for the tail: {@code [skip]{0,maxSkip}[next]{minRun}}, every byte written as {@code \xNN}. */
    String regex() {
        StringBuilder r = new StringBuilder();
        if (maxSkip > 0 && anyOf(skip)) {
            r.append(byteClass(skip)).append("{0,").append(maxSkip).append('}');
        }
        return r.append(byteClass(next)).append('{').append(minRun).append('}').toString();
    }

    private static boolean anyOf(boolean[] set) {
        for (boolean b : set) {
            if (b) {
                return true;
            }
        }
        return false;
    }

    /** {@code [\xAA-\xBB\xCC]}: the set as ranges of escaped bytes. */
    static String byteClass(boolean[] set) {
        StringBuilder c = new StringBuilder("[");
        for (int b = 0; b < 256; b++) {
            if (!set[b]) {
                continue;
            }
            int e = b;
            while (e + 1 < 256 && set[e + 1]) {
                e++;
            }
            c.append(escaped(b));
            if (e > b) {
                c.append('-').append(escaped(e));
            }
            b = e;
        }
        return c.append(']').toString();
    }

    static String escaped(int b) {
        return String.format("\\x%02x", b);
    }
}
