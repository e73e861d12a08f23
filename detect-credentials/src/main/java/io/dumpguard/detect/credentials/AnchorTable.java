package io.dumpguard.detect.credentials;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every rule's anchors, deduplicated, with the rules that own each. Anchors are grouped by their first three chars
 * folded to lower case, so a candidate position is compared only with the anchors that can start there; the gram
 * table ({@link #leadingBigrams}) lets the scan reject almost every position before looking here.
 */
final class AnchorTable {
    private static final byte[] LOWER = new byte[256];
    private static final byte[] IDENTITY = new byte[256];

    static {
        for (int b = 0; b < 256; b++) {
            LOWER[b] = (byte) (b >= 'A' && b <= 'Z' ? b + 32 : b);
            IDENTITY[b] = (byte) b;
        }
    }

    private final byte[][] anchorBytes;
    private final boolean[] anchorExact;
    private final int[][] anchorRules;
    /**
     * One byte per little-endian 2-byte gram (64 KB): bit 0 when the gram is an anchor's first two ASCII bytes,
     * bit 1 when it is its second and third, in either case (as written for a case-sensitive anchor). A byte per
     * gram, not two bits: the scan then needs no variable shifts, which measured faster on text (fewer
     * instructions per lookup) and on random pages (the table is read sparsely) despite the larger table.
     */
    private final byte[] leadingBigrams = new byte[1 << 16];
    /** Open-addressed table from a folded 3-char prefix to the run of anchors in {@link #prefixAnchors}. */
    private final int[] prefixKeys;
    private final int[] prefixStart;
    private final int[] prefixAnchors;
    private final int prefixMask;

    AnchorTable(List<CredentialRule> rules) {
        // key: the folded anchor, or "=" + the anchor for a case-sensitive one
        Map<String, List<Integer>> byAnchor = new LinkedHashMap<>();
        for (int r = 0; r < rules.size(); r++) {
            boolean exact = rules.get(r).definition().anchorsCaseSensitive();
            for (String a : rules.get(r).anchors()) {
                List<Integer> owners = byAnchor.computeIfAbsent(exact ? "=" + a : a.toLowerCase(Locale.ROOT),
                        k -> new ArrayList<>());
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
            int key = key3(folded[0], folded[1], folded[2]);
            addLeadingBigrams(anchorBytes[k], anchorExact[k]);
            byPrefix.computeIfAbsent(key, x -> new ArrayList<>()).add(k);
            k++;
        }
        int slots = Integer.highestOneBit(Math.max(16, byPrefix.size() * 4) - 1) << 1;
        prefixMask = slots - 1;
        prefixKeys = new int[slots];
        prefixStart = new int[slots + 1];
        Arrays.fill(prefixKeys, -1);
        int[][] lists = new int[slots][];
        for (Map.Entry<Integer, List<Integer>> e : byPrefix.entrySet()) {
            int slot = slot(e.getKey());
            while (prefixKeys[slot] != -1) {
                slot = (slot + 1) & prefixMask;
            }
            prefixKeys[slot] = e.getKey();
            lists[slot] = e.getValue().stream().mapToInt(Integer::intValue).toArray();
        }
        int total = 0;
        for (int s = 0; s < slots; s++) {
            prefixStart[s] = total;
            total += lists[s] == null ? 0 : lists[s].length;
        }
        prefixStart[slots] = total;
        prefixAnchors = new int[total];
        for (int s = 0; s < slots; s++) {
            if (lists[s] != null) {
                System.arraycopy(lists[s], 0, prefixAnchors, prefixStart[s], lists[s].length);
            }
        }
    }

    /**
     * A case-sensitive anchor adds its grams as written only: {@code AC0} or {@code AKIA} in every case would
     * let "ac", "as", "ak" through, which are common in text.
     */
    private void addLeadingBigrams(byte[] anchor, boolean exact) {
        for (int j = 0; j < 2; j++) {
            for (int b0 : exact ? new int[] {anchor[j] & 0xFF} : caseVariants(anchor[j])) {
                for (int b1 : exact ? new int[] {anchor[j + 1] & 0xFF} : caseVariants(anchor[j + 1])) {
                    int g = b0 | b1 << 8;
                    leadingBigrams[g] |= (byte) (1 << j);
                }
            }
        }
    }

    private static int[] caseVariants(byte b) {
        int v = b & 0xFF;
        return v >= 'a' && v <= 'z' ? new int[] {v, v - 32} : v >= 'A' && v <= 'Z' ? new int[] {v, v + 32}
                : new int[] {v};
    }

    /**
     * Per 2-byte gram (direct index, no hashing; bits 0 and 1 of the byte at the gram), whether it is an
     * anchor's gram at offset 0 and at offset 1: a position whose gram has bit 0 and whose next gram has bit 1 may
     * start an anchor of three or more bytes.
     */
    byte[] leadingBigrams() {
        return leadingBigrams;
    }

    int count() {
        return anchorBytes.length;
    }

    /** Rule indices that own anchor {@code k}. */
    int[] rulesOf(int k) {
        return anchorRules[k];
    }

    /** The bytes of anchor {@code k} (folded to lower case unless the anchor is case-sensitive). */
    byte[] bytesOf(int k) {
        return anchorBytes[k].clone();
    }

    int length(int k) {
        return anchorBytes[k].length;
    }

    /** Whether anchor {@code k} matches only in the case written (otherwise its bytes are lower case). */
    boolean caseSensitive(int k) {
        return anchorExact[k];
    }

    /** Reports each ASCII anchor that starts at {@code p} and ends by {@code limit}. */
    void reportAscii(byte[] data, int p, int limit, AnchorFilter.HitSink sink) {
        if (p + 3 > limit) {
            return;
        }
        int key = key3(LOWER[data[p] & 0xFF], LOWER[data[p + 1] & 0xFF], LOWER[data[p + 2] & 0xFF]);
        for (int slot = slot(key); prefixKeys[slot] != -1; slot = (slot + 1) & prefixMask) {
            if (prefixKeys[slot] == key) {
                for (int i = prefixStart[slot], iEnd = prefixStart[slot + 1]; i < iEnd; i++) {
                    int anchor = prefixAnchors[i];
                    if (matchesAscii(data, p, limit, anchor)) {
                        sink.anchor(anchor, TextEncoding.ASCII, p);
                    }
                }
                return;
            }
        }
    }

    /**
     * Reports each UTF-16 anchor whose first char's ASCII byte is at {@code q}: little-endian at {@code q} when
     * {@code le}, big-endian at {@code q - 1} when {@code be}. The caller has seen zero bytes at {@code q + 1} and
     * {@code q + 3}.
     */
    void reportUtf16(byte[] data, int q, int limit, boolean le, boolean be, AnchorFilter.HitSink sink) {
        if (q + 5 > limit) {
            return;
        }
        int key = key3(LOWER[data[q] & 0xFF], LOWER[data[q + 2] & 0xFF], LOWER[data[q + 4] & 0xFF]);
        for (int slot = slot(key); prefixKeys[slot] != -1; slot = (slot + 1) & prefixMask) {
            if (prefixKeys[slot] == key) {
                for (int i = prefixStart[slot], iEnd = prefixStart[slot + 1]; i < iEnd; i++) {
                    int anchor = prefixAnchors[i];
                    if (be && matchesUtf16(data, q - 1, limit, anchor, 1)) {
                        sink.anchor(anchor, TextEncoding.UTF_16BE, q - 1);
                    }
                    if (le && matchesUtf16(data, q, limit, anchor, 0)) {
                        sink.anchor(anchor, TextEncoding.UTF_16LE, q);
                    }
                }
                return;
            }
        }
    }

    private static int key3(int c0, int c1, int c2) {
        return (c0 & 0xFF) | (c1 & 0xFF) << 8 | (c2 & 0xFF) << 16;
    }

    private int slot(int key) {
        return (key * 0x9E3779B1 >>> 16) & prefixMask;
    }

    private boolean matchesAscii(byte[] data, int p, int limit, int anchor) {
        byte[] a = anchorBytes[anchor];
        if (p + a.length > limit) {
            return false;
        }
        byte[] fold = anchorExact[anchor] ? IDENTITY : LOWER;
        for (int t = 0; t < a.length; t++) {
            if (fold[data[p + t] & 0xFF] != a[t]) {
                return false;
            }
        }
        return true;
    }

    /** {@code lo} is 0 for little-endian (ASCII byte first), 1 for big-endian. */
    private boolean matchesUtf16(byte[] data, int p, int limit, int anchor, int lo) {
        byte[] a = anchorBytes[anchor];
        if (p < 0 || p + 2 * a.length > limit) {
            return false;
        }
        byte[] fold = anchorExact[anchor] ? IDENTITY : LOWER;
        for (int t = 0; t < a.length; t++) {
            int at = p + 2 * t;
            if (fold[data[at + lo] & 0xFF] != a[t] || data[at + 1 - lo] != 0) {
                return false;
            }
        }
        return true;
    }
}
