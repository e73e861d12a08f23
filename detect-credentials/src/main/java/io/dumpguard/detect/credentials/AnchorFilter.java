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
    private static final byte[] IDENTITY = new byte[256];
    private static final TextEncoding[] ENCODINGS = TextEncoding.values();

    static {
        for (int b = 0; b < 256; b++) {
            LOWER[b] = (byte) (b >= 'A' && b <= 'Z' ? b + 32 : b);
            IDENTITY[b] = (byte) b;
        }
    }

    /** Receives each anchor occurrence. */
    interface HitSink {
        void anchor(int anchorIndex, TextEncoding encoding, int pos);
    }

    /** 2-byte grams (little-endian short) that start or continue some anchor at offset 0 or 1. */
    private final long[] grams = new long[1 << 10];
    /** Per gram: which (encoding, offset) pairs produced it, bit {@code encoding * 2 + offset}. */
    private final byte[] gramCombos = new byte[1 << 16];
    /** Open-addressed table from an anchor's first three folded chars to the anchors that start with them. */
    private final int[] prefixKeys;
    private final int[] prefixStart;
    private final int[] prefixAnchors;
    private final int prefixMask;
    private final byte[][] anchorBytes;
    private final boolean[] anchorExact;
    private final int[][] anchorRules;

    AnchorFilter(List<CredentialRule> rules) {
        // key: the folded anchor, or "=" + the anchor for a case-sensitive one
        Map<String, List<Integer>> byAnchor = new LinkedHashMap<>();
        for (int r = 0; r < rules.size(); r++) {
            boolean exact = rules.get(r).definition().anchorsCaseSensitive();
            for (String a : rules.get(r).anchors()) {
                String key = exact ? "=" + a : a.toLowerCase(Locale.ROOT);
                List<Integer> owners = byAnchor.computeIfAbsent(key, k -> new ArrayList<>());
                if (!owners.contains(r)) {
                    owners.add(r);
                }
            }
        }
        anchorBytes = new byte[byAnchor.size()][];
        anchorExact = new boolean[byAnchor.size()];
        anchorRules = new int[byAnchor.size()][];
        Map<Integer, List<Integer>> byPrefix = new LinkedHashMap<>();
        int k = 0;
        for (Map.Entry<String, List<Integer>> e : byAnchor.entrySet()) {
            anchorExact[k] = e.getKey().startsWith("=");
            String anchor = anchorExact[k] ? e.getKey().substring(1) : e.getKey();
            anchorBytes[k] = TextEncoding.ASCII.encode(anchor);
            anchorRules[k] = e.getValue().stream().mapToInt(Integer::intValue).toArray();
            byte[] folded = TextEncoding.ASCII.encode(anchor.toLowerCase(Locale.ROOT));
            byPrefix.computeIfAbsent(key3(folded[0], folded[1], folded[2]), x -> new ArrayList<>()).add(k);
            for (TextEncoding enc : TextEncoding.values()) {
                byte[] encoded = enc.encode(anchor.toLowerCase(Locale.ROOT));
                for (int j = 0; j < 2; j++) {
                    for (int b0 : caseVariants(encoded[j])) {
                        for (int b1 : caseVariants(encoded[j + 1])) {
                            int g = b0 | b1 << 8;
                            grams[g >>> 6] |= 1L << g;
                            gramCombos[g] |= (byte) (1 << (enc.ordinal() * 2 + j));
                        }
                    }
                }
            }
            k++;
        }
        int slots = Integer.highestOneBit(Math.max(16, byPrefix.size() * 4) - 1) << 1;
        prefixMask = slots - 1;
        prefixKeys = new int[slots];
        prefixStart = new int[slots + 1];
        java.util.Arrays.fill(prefixKeys, -1);
        List<Integer>[] lists = newListArray(slots);
        for (Map.Entry<Integer, List<Integer>> e : byPrefix.entrySet()) {
            int slot = slot(e.getKey());
            while (prefixKeys[slot] != -1) {
                slot = (slot + 1) & prefixMask;
            }
            prefixKeys[slot] = e.getKey();
            lists[slot] = e.getValue();
        }
        int total = 0;
        for (int s = 0; s < slots; s++) {
            prefixStart[s] = total;
            total += lists[s] == null ? 0 : lists[s].size();
        }
        prefixStart[slots] = total;
        prefixAnchors = new int[total];
        for (int s = 0; s < slots; s++) {
            for (int i = 0; lists[s] != null && i < lists[s].size(); i++) {
                prefixAnchors[prefixStart[s] + i] = lists[s].get(i);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Integer>[] newListArray(int n) {
        return new List[n];
    }

    private static int key3(int c0, int c1, int c2) {
        return (c0 & 0xFF) | (c1 & 0xFF) << 8 | (c2 & 0xFF) << 16;
    }

    private int slot(int key) {
        return (key * 0x9E3779B1 >>> 16) & prefixMask;
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

    /** The folded bytes of anchor {@code k}. */
    byte[] anchorBytesOf(int k) {
        return anchorBytes[k].clone();
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
        int combos = gramCombos[gram];
        while (combos != 0) {
            int bit = Integer.numberOfTrailingZeros(combos);
            combos &= combos - 1;
            int p = x - (bit & 1);
            if (p < start || p >= end) {
                continue;
            }
            TextEncoding enc = ENCODINGS[bit >>> 1];
            int key = prefixAt(data, p, limit, enc);
            if (key < 0) {
                continue;
            }
            for (int slot = slot(key); prefixKeys[slot] != -1; slot = (slot + 1) & prefixMask) {
                if (prefixKeys[slot] == key) {
                    for (int i = prefixStart[slot], iEnd = prefixStart[slot + 1]; i < iEnd; i++) {
                        int anchor = prefixAnchors[i];
                        if (matchesAt(data, p, limit, anchorBytes[anchor], anchorExact[anchor], enc)) {
                            sink.anchor(anchor, enc, p);
                        }
                    }
                    break;
                }
            }
        }
    }

    /** The first three chars at {@code p} in {@code enc}, folded to lower case, or -1 when they cannot start text. */
    private static int prefixAt(byte[] data, int p, int limit, TextEncoding enc) {
        if (enc == TextEncoding.ASCII) {
            if (p < 0 || p + 3 > limit) {
                return -1;
            }
            return key3(LOWER[data[p] & 0xFF], LOWER[data[p + 1] & 0xFF], LOWER[data[p + 2] & 0xFF]);
        }
        if (p < 0 || p + 6 > limit) {
            return -1;
        }
        int lo = enc == TextEncoding.UTF_16BE ? 1 : 0;
        if ((data[p + 1 - lo] | data[p + 3 - lo] | data[p + 5 - lo]) != 0) {
            return -1;
        }
        return key3(LOWER[data[p + lo] & 0xFF], LOWER[data[p + 2 + lo] & 0xFF], LOWER[data[p + 4 + lo] & 0xFF]);
    }

    private static boolean matchesAt(byte[] data, int p, int limit, byte[] anchor, boolean exact,
                                     TextEncoding enc) {
        int unit = enc.unitBytes();
        if (p < 0 || p + anchor.length * unit > limit) {
            return false;
        }
        byte[] fold = exact ? IDENTITY : LOWER;
        if (unit == 1) {
            for (int t = 0; t < anchor.length; t++) {
                if (fold[data[p + t] & 0xFF] != anchor[t]) {
                    return false;
                }
            }
            return true;
        }
        int lo = enc == TextEncoding.UTF_16BE ? 1 : 0;
        for (int t = 0; t < anchor.length; t++) {
            int at = p + 2 * t;
            if (fold[data[at + lo] & 0xFF] != anchor[t] || data[at + 1 - lo] != 0) {
                return false;
            }
        }
        return true;
    }
}
