package io.dumpguard.detect.keys.scan;

import io.dumpguard.nativematch.HyperscanLiterals;
import io.dumpguard.nativematch.StartOrderBuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds every occurrence of a few literal anchors (4 bytes or longer) in one pass, the cheap first stage of the
 * key detectors. Instead of looking at every byte it samples a byte pair every {@link #STEP} bytes and tests it
 * against a 64 Ki-bit table (8 KiB, stays in L1) of the pairs each anchor holds at {@link #STEP} consecutive
 * phases. Any occurrence has exactly one sample inside those phases, so nothing is missed and each occurrence is
 * reported once. Each anchor uses its least text-like phases (an anchor "openssh-key-v1" samples "-k", "ke", "ey"
 * rather than "op", "pe", "en"), so ordinary text rarely reaches the exact comparison, which first compares the
 * anchor's 4 bytes at the phase as one int.
 *
 * <p>Samples find occurrences slightly out of order (an anchor seen at a later phase may start earlier), so hits
 * are buffered and handed on in order of start, then anchor: the order a native matcher reports in too.
 */
public final class AnchorSet {
    /** Called for each occurrence of anchor {@code anchor} starting at {@code pos}. */
    @FunctionalInterface
    public interface Visitor {
        void hit(int anchor, int pos);
    }

    /** Sampling stride; a constant so that the JIT unrolls the loop and removes its range checks. */
    public static final int STEP = 3;
    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class,
            ByteOrder.LITTLE_ENDIAN);

    private final byte[][] anchors;
    private final int longest;
    private final long[] pairBits = new long[1024];
    /** Per pair value: the (anchor, phase) entries that sample it; phase = offset of the pair in the anchor. */
    private final int[][] entriesByPair = new int[65536][];

    public AnchorSet(List<byte[]> anchorBytes) {
        if (anchorBytes.isEmpty()) {
            throw new IllegalArgumentException("no anchors");
        }
        anchors = anchorBytes.toArray(new byte[0][]);
        List<List<Integer>> entries = new ArrayList<>();
        for (int i = 0; i < 65536; i++) {
            entries.add(null);
        }
        for (int a = 0; a < anchors.length; a++) {
            byte[] p = anchors[a];
            if (p.length < STEP + 1) {
                throw new IllegalArgumentException("anchors must be at least " + (STEP + 1) + " bytes long");
            }
            int first = bestFirstPhase(p);
            for (int phase = first; phase < first + STEP; phase++) {
                int pair = (p[phase] & 0xff) | (p[phase + 1] & 0xff) << 8;
                pairBits[pair >>> 6] |= 1L << pair;
                if (entries.get(pair) == null) {
                    entries.set(pair, new ArrayList<>());
                }
                entries.get(pair).add(a << 8 | phase);
            }
        }
        int max = 0;
        for (byte[] p : anchors) {
            max = Math.max(max, p.length);
        }
        longest = max;
        for (int i = 0; i < 65536; i++) {
            entriesByPair[i] = entries.get(i) == null ? null
                    : entries.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /** The first of STEP consecutive phases whose pairs look least like text (lowercase letters, spaces). */
    private static int bestFirstPhase(byte[] p) {
        int best = 0;
        int bestScore = Integer.MAX_VALUE;
        for (int k = 0; k + STEP < p.length; k++) {
            int score = 0;
            for (int ph = k; ph < k + STEP; ph++) {
                score += textLike(p[ph]) + textLike(p[ph + 1]);
            }
            if (score < bestScore) {
                bestScore = score;
                best = k;
            }
        }
        return best;
    }

    private static int textLike(byte b) {
        return b >= 'a' && b <= 'z' || b == ' ' || b == 0 ? 2 : b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' ? 1 : 0;
    }

    /**
     * Reports every anchor occurrence starting in {@code [from, to)} that lies wholly before {@code limit}, in order
     * of start, then anchor. Thread-safe: an instance is shared by every scanning thread.
     */
    public void find(byte[] data, int from, int to, int limit, Visitor visitor) {
        to = Math.min(to, limit);
        if (from >= to) {
            return;
        }
        final long[] bits = pairBits;
        // an occurrence at q is sampled at q + phase, phase < longest anchor
        int lastSample = Math.min(to + longest, limit - 2);
        StartOrderBuffer pending = null; // most spans hold no anchor: allocated at the first
        HyperscanLiterals.StartHandler out = (anchor, start) -> visitor.hit(anchor, start);
        for (int i = from; i <= lastSample; i += STEP) {
            int pair = (short) SHORT_LE.get(data, i) & 0xffff;
            if ((bits[pair >>> 6] & (1L << pair)) != 0) {
                if (pending == null) {
                    pending = new StartOrderBuffer(16);
                }
                confirm(data, i, pair, from, to, limit, pending);
                if (!pending.isEmpty() && pending.firstStart() < i - longest) {
                    // no later sample can find an occurrence starting before i - longest: those may go out
                    pending.handOn(i - longest, out);
                }
            }
        }
        if (pending != null) {
            pending.handOn(Integer.MAX_VALUE, out);
        }
    }

    private void confirm(byte[] data, int sample, int pair, int from, int to, int limit,
                         StartOrderBuffer pending) {
        for (int e : entriesByPair[pair]) {
            int a = e >>> 8;
            int q = sample - (e & 0xff);
            byte[] p = anchors[a];
            if (q < from || q >= to || q + p.length > limit) {
                continue;
            }
            if ((int) INT_LE.get(data, q) == (int) INT_LE.get(p, 0)
                    && Arrays.equals(data, q, q + p.length, p, 0, p.length)) {
                pending.add(q, a);
            }
        }
    }
}
