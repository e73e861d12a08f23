package io.dumpguard.detect.keys.scan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds every occurrence of a few literal anchors (4 bytes or longer) in one pass, the cheap first stage of the
 * key detectors. Instead of looking at every byte it samples a byte pair every {@code step} bytes and tests it
 * against a 64 Ki-bit table of the pairs the anchors contain at their first {@code step} phases; any occurrence
 * has exactly one sampled pair inside that range, so nothing is missed and each occurrence is reported once.
 * The table is 8 KiB and stays in L1, so the loop costs a load, a shift and a test per sample.
 */
public final class AnchorSet {
    /** Called for each occurrence of anchor {@code anchor} starting at {@code pos}. */
    @FunctionalInterface
    public interface Visitor {
        void hit(int anchor, int pos);
    }

    private final byte[][] anchors;
    private final int step;
    private final long[] pairBits = new long[1024];
    private final int[][] byFirstByte = new int[256][];

    public AnchorSet(List<byte[]> anchorBytes) {
        if (anchorBytes.isEmpty()) {
            throw new IllegalArgumentException("no anchors");
        }
        anchors = anchorBytes.toArray(new byte[0][]);
        int shortest = Arrays.stream(anchors).mapToInt(a -> a.length).min().orElseThrow();
        if (shortest < 2) {
            throw new IllegalArgumentException("anchors must be at least 2 bytes long");
        }
        step = Math.min(4, shortest - 1);
        List<List<Integer>> first = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            first.add(new ArrayList<>());
        }
        for (int a = 0; a < anchors.length; a++) {
            byte[] p = anchors[a];
            for (int phase = 0; phase < step; phase++) {
                int pair = (p[phase] & 0xff) | (p[phase + 1] & 0xff) << 8;
                pairBits[pair >>> 6] |= 1L << pair;
            }
            first.get(p[0] & 0xff).add(a);
        }
        for (int i = 0; i < 256; i++) {
            byFirstByte[i] = first.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
    }

    public int step() {
        return step;
    }

    /** Reports every anchor occurrence starting in {@code [from, to)} that lies wholly before {@code limit}. */
    public void find(byte[] data, int from, int to, int limit, Visitor visitor) {
        to = Math.min(to, limit);
        if (from >= to) {
            return;
        }
        final long[] bits = pairBits;
        final int s = step;
        int lastSample = Math.min(to + s - 1, limit - 2);
        for (int i = from; i <= lastSample; i += s) {
            int pair = (data[i] & 0xff) | (data[i + 1] & 0xff) << 8;
            if ((bits[pair >>> 6] & (1L << pair)) != 0) {
                confirm(data, i, from, to, limit, visitor);
            }
        }
    }

    private void confirm(byte[] data, int sample, int from, int to, int limit, Visitor visitor) {
        int lo = Math.max(from, sample - step + 1);
        int hi = Math.min(sample, to - 1);
        for (int q = lo; q <= hi; q++) {
            for (int a : byFirstByte[data[q] & 0xff]) {
                byte[] p = anchors[a];
                if (q + p.length <= limit && Arrays.equals(data, q, q + p.length, p, 0, p.length)) {
                    visitor.hit(a, q);
                }
            }
        }
    }
}
