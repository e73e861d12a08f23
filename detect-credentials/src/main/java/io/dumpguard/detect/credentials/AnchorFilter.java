package io.dumpguard.detect.credentials;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * First stage of the two-stage scan: finds every occurrence of every rule's anchors, case-insensitively, in ASCII,
 * UTF-16LE and UTF-16BE, at any alignment, in one pass over the bytes.
 *
 * <p>Why this shape: every anchor is at least {@value CredentialRule#MIN_ANCHOR_BYTES} bytes, so any occurrence
 * that starts at {@code p} covers a 2-byte gram starting at an even distance from the scan start, either at
 * {@code p} (anchor offset 0) or at {@code p + 1} (offset 1). The scan therefore reads only every second 2-byte gram
 * and tests it against a 64-Kbit set (8 KB, stays in L1) of every anchor's grams at offsets 0 and 1, in every case
 * variant and encoding. Four grams come from one 8-byte read and share one branch, so random, zero and pointer pages
 * cost a read, four bit tests and a not-taken branch per 8 bytes. Only a set bit leads to comparing the candidate
 * anchors that own the gram. Zero pages never hit: no anchor contains a NUL, and UTF-16 grams pair a char with 0.
 */
final class AnchorFilter {
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final byte[] LOWER = new byte[256];

    static {
        for (int b = 0; b < 256; b++) {
            LOWER[b] = (byte) (b >= 'A' && b <= 'Z' ? b + 32 : b);
        }
    }

    /** Receives each anchor occurrence. */
    interface HitSink {
        void anchor(int anchorIndex, TextEncoding encoding, int pos);
    }

    private final long[] grams = new long[1 << 10];
    private final int[] candidateStart = new int[(1 << 16) + 1];
    private final int[] candidates;
    private final byte[][] anchorBytes;
    private final int[][] anchorRules;

    AnchorFilter(List<CredentialRule> rules) {
        Map<String, List<Integer>> byAnchor = new LinkedHashMap<>();
        for (int r = 0; r < rules.size(); r++) {
            for (String a : rules.get(r).anchors()) {
                List<Integer> owners = byAnchor.computeIfAbsent(a.toLowerCase(Locale.ROOT), k -> new ArrayList<>());
                if (!owners.contains(r)) {
                    owners.add(r);
                }
            }
        }
        anchorBytes = new byte[byAnchor.size()][];
        anchorRules = new int[byAnchor.size()][];
        @SuppressWarnings("unchecked")
        List<Integer>[] perGram = new List[1 << 16];
        int k = 0;
        for (Map.Entry<String, List<Integer>> e : byAnchor.entrySet()) {
            anchorBytes[k] = TextEncoding.ASCII.encode(e.getKey());
            anchorRules[k] = e.getValue().stream().mapToInt(Integer::intValue).toArray();
            for (TextEncoding enc : TextEncoding.values()) {
                byte[] encoded = enc.encode(e.getKey());
                for (int j = 0; j < 2; j++) {
                    int packed = k << 3 | enc.ordinal() << 1 | j;
                    for (int b0 : caseVariants(encoded[j])) {
                        for (int b1 : caseVariants(encoded[j + 1])) {
                            int g = b0 | b1 << 8;
                            if (perGram[g] == null) {
                                perGram[g] = new ArrayList<>(2);
                            }
                            perGram[g].add(packed);
                            grams[g >>> 6] |= 1L << g;
                        }
                    }
                }
            }
            k++;
        }
        int total = 0;
        for (int g = 0; g < perGram.length; g++) {
            candidateStart[g] = total;
            total += perGram[g] == null ? 0 : perGram[g].size();
        }
        candidateStart[1 << 16] = total;
        candidates = new int[total];
        for (int g = 0; g < perGram.length; g++) {
            if (perGram[g] != null) {
                for (int i = 0; i < perGram[g].size(); i++) {
                    candidates[candidateStart[g] + i] = perGram[g].get(i);
                }
            }
        }
    }

    private static int[] caseVariants(byte b) {
        int v = b & 0xFF;
        if (v >= 'a' && v <= 'z') {
            return new int[] {v, v - 32};
        }
        return new int[] {v};
    }

    int anchorCount() {
        return anchorBytes.length;
    }

    /** Rule indices that own anchor {@code k}. */
    int[] rulesOf(int k) {
        return anchorRules[k];
    }

    int anchorLength(int k) {
        return anchorBytes[k].length;
    }

    /**
     * Reports every anchor occurrence that starts in {@code [start, end)} and lies within {@code [0, limit)}.
     * Positions are indices into {@code data}; occurrences come in roughly increasing order.
     */
    void scan(byte[] data, int start, int end, int limit, HitSink sink) {
        // grams sampled at start, start+2, ...; an anchor at p < end shows at p or p+1, so sample up to end
        int stop = Math.min(end + 1, limit - 1);
        int i = start;
        long[] g = grams;
        int fastStop = Math.min(stop, limit - 8);
        while (i < fastStop) {
            long v = (long) LONG_LE.get(data, i);
            int g0 = (int) v & 0xFFFF;
            int g1 = (int) (v >>> 16) & 0xFFFF;
            int g2 = (int) (v >>> 32) & 0xFFFF;
            int g3 = (int) (v >>> 48);
            if ((((g[g0 >>> 6] >>> g0) | (g[g1 >>> 6] >>> g1) | (g[g2 >>> 6] >>> g2) | (g[g3 >>> 6] >>> g3)) & 1L)
                    != 0) {
                for (int x = i; x < i + 8 && x < stop; x += 2) {
                    check(data, x, start, end, limit, sink);
                }
            }
            i += 8;
        }
        for (; i < stop; i += 2) {
            check(data, i, start, end, limit, sink);
        }
    }

    private void check(byte[] data, int x, int start, int end, int limit, HitSink sink) {
        int gram = (data[x] & 0xFF) | (data[x + 1] & 0xFF) << 8;
        if ((grams[gram >>> 6] >>> gram & 1L) == 0) {
            return;
        }
        for (int c = candidateStart[gram], cEnd = candidateStart[gram + 1]; c < cEnd; c++) {
            int packed = candidates[c];
            int p = x - (packed & 1);
            if (p < start || p >= end) {
                continue;
            }
            int k = packed >>> 3;
            TextEncoding enc = TextEncoding.values()[packed >>> 1 & 3];
            if (matchesAt(data, p, limit, anchorBytes[k], enc)) {
                sink.anchor(k, enc, p);
            }
        }
    }

    private static boolean matchesAt(byte[] data, int p, int limit, byte[] anchor, TextEncoding enc) {
        int unit = enc.unitBytes();
        if (p < 0 || p + anchor.length * unit > limit) {
            return false;
        }
        if (unit == 1) {
            for (int t = 0; t < anchor.length; t++) {
                if (LOWER[data[p + t] & 0xFF] != anchor[t]) {
                    return false;
                }
            }
            return true;
        }
        int lo = enc == TextEncoding.UTF_16BE ? 1 : 0;
        for (int t = 0; t < anchor.length; t++) {
            int at = p + 2 * t;
            if (LOWER[data[at + lo] & 0xFF] != anchor[t] || data[at + 1 - lo] != 0) {
                return false;
            }
        }
        return true;
    }
}
