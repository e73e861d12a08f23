package io.dumpguard.detect.keys.scan;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * Finds every occurrence of many literal byte strings (hundreds of secrets in several layouts) in time linear in
 * the input and nearly independent of their number. Samples a {@code keyBytes}-wide window every {@code step}
 * bytes and looks it up in an open-addressing table of primitive longs holding each pattern's windows at
 * {@code step} consecutive phases; a hit is compared in full. Each pattern uses phases whose windows are not
 * degenerate (not one repeated byte), so zero pages and fills do not reach the comparison.
 */
public final class PatternIndex {
    /** Called for each occurrence of pattern {@code pattern} starting at {@code pos}. */
    @FunctionalInterface
    public interface Visitor {
        void hit(int pattern, int pos);
    }

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final int MAX_PHASE_BITS = 8;

    private final byte[][] patterns;
    private final int keyBytes;
    private final int step;
    private final long[] keys;
    /** Index into {@link #entryLists} for the slot's key, or -1 for an empty slot. */
    private final int[] entries;
    /** Per distinct window: every (pattern << 8 | phase) that holds it (secrets may share substrings). */
    private final int[][] entryLists;
    private final int mask;
    private final int longest;
    /** One bit per hash value of every registered window: most samples stop here, in a table that stays in L1/L2. */
    private final long[] filter;
    private final int filterShift;

    /**
     * @param keyBytes 8 (window read as a long) or 4 (as an int)
     * @param step     sampling stride; every pattern must be at least {@code keyBytes + step - 1} bytes long
     */
    public PatternIndex(List<byte[]> patternList, int keyBytes, int step) {
        if (keyBytes != 4 && keyBytes != 8 || step < 1 || step > (1 << MAX_PHASE_BITS) - 1) {
            throw new IllegalArgumentException("keyBytes must be 4 or 8 and step in [1, 255]");
        }
        this.patterns = patternList.toArray(new byte[0][]);
        this.keyBytes = keyBytes;
        this.step = step;
        int slots = Integer.highestOneBit(Math.max(16, patterns.length * step * 4) - 1) << 1;
        keys = new long[slots];
        entries = new int[slots];
        Arrays.fill(entries, -1);
        mask = slots - 1;
        // about 256 bits per registered window (a sample passes by chance ~0.4% of the time; at 32 bits per window
        // one sample in 16 went on to probe, which was most of a propagation pass), at least 8 KB so the filter
        // stays in L1 for a few secrets, at most 256 KB (L2) for thousands
        long windows = (long) patterns.length * step;
        int filterBits = Integer.highestOneBit((int) Math.min(1 << 21, Math.max(1 << 16, windows * 256)));
        filter = new long[filterBits / 64];
        filterShift = 64 - Integer.numberOfTrailingZeros(filterBits);
        int max = 0;
        java.util.Map<Long, List<Integer>> byKey = new java.util.LinkedHashMap<>();
        for (int p = 0; p < patterns.length; p++) {
            byte[] pat = patterns[p];
            if (pat.length < keyBytes + step - 1) {
                throw new IllegalArgumentException("pattern " + p + " is shorter than " + (keyBytes + step - 1));
            }
            max = Math.max(max, pat.length);
            int first = bestFirstPhase(pat);
            for (int phase = first; phase < first + step; phase++) {
                byKey.computeIfAbsent(window(pat, phase), x -> new java.util.ArrayList<>())
                        .add(p << MAX_PHASE_BITS | phase);
            }
        }
        entryLists = new int[byKey.size()][];
        int n = 0;
        for (var e : byKey.entrySet()) {
            entryLists[n] = e.getValue().stream().mapToInt(Integer::intValue).toArray();
            insert(e.getKey(), n++);
        }
        longest = max;
    }

    public int size() {
        return patterns.length;
    }

    private long window(byte[] b, int at) {
        return keyBytes == 8 ? (long) LONG_LE.get(b, at) : (int) INT_LE.get(b, at) & 0xffffffffL;
    }

    private int bestFirstPhase(byte[] pat) {
        int best = 0;
        int bestBad = Integer.MAX_VALUE;
        for (int k = 0; k + step - 1 + keyBytes <= pat.length && bestBad > 0; k++) {
            int bad = 0;
            for (int ph = k; ph < k + step; ph++) {
                bad += degenerate(pat, ph) ? 1 : 0;
            }
            if (bad < bestBad) {
                bestBad = bad;
                best = k;
            }
        }
        return best;
    }

    private boolean degenerate(byte[] pat, int at) {
        for (int i = 1; i < keyBytes; i++) {
            if (pat[at + i] != pat[at]) {
                return false;
            }
        }
        return true;
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }

    private void insert(long key, int list) {
        long f = (key * 0xC2B2AE3D27D4EB4FL) >>> filterShift;
        filter[(int) (f >>> 6)] |= 1L << f;
        int s = slot(key, mask);
        while (entries[s] != -1) {
            s = (s + 1) & mask;
        }
        keys[s] = key;
        entries[s] = list;
    }

    /** Reports every occurrence starting in {@code [from, to)} that lies wholly before {@code limit}. */
    public void find(byte[] data, int from, int to, int limit, Visitor visitor) {
        to = Math.min(to, limit);
        if (from >= to || patterns.length == 0) {
            return;
        }
        int lastSample = Math.min(to + longest, limit - keyBytes);
        final long[] fl = filter;
        final int shift = filterShift;
        if (keyBytes == 8) {
            for (int i = from; i <= lastSample; i += step) {
                long v = (long) LONG_LE.get(data, i);
                long f = (v * 0xC2B2AE3D27D4EB4FL) >>> shift;
                if ((fl[(int) (f >>> 6)] & (1L << f)) != 0) {
                    probe(data, i, v, slot(v, mask), from, to, limit, visitor);
                }
            }
        } else {
            for (int i = from; i <= lastSample; i += step) {
                long v = (int) INT_LE.get(data, i) & 0xffffffffL;
                long f = (v * 0xC2B2AE3D27D4EB4FL) >>> shift;
                if ((fl[(int) (f >>> 6)] & (1L << f)) != 0) {
                    probe(data, i, v, slot(v, mask), from, to, limit, visitor);
                }
            }
        }
    }

    private void probe(byte[] data, int sample, long v, int s, int from, int to, int limit, Visitor visitor) {
        for (; entries[s] != -1; s = (s + 1) & mask) {
            if (keys[s] != v) {
                continue;
            }
            for (int entry : entryLists[entries[s]]) {
                int p = entry >>> MAX_PHASE_BITS;
                int q = sample - (entry & ((1 << MAX_PHASE_BITS) - 1));
                byte[] pat = patterns[p];
                if (q >= from && q < to && q + pat.length <= limit
                        && Arrays.equals(data, q, q + pat.length, pat, 0, pat.length)) {
                    visitor.hit(p, q);
                }
            }
            return;
        }
    }
}
