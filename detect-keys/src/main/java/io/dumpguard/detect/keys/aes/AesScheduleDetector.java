package io.dumpguard.detect.keys.aes;

import io.dumpguard.core.SecretValue;
import io.dumpguard.core.spi.ByteDetector;
import io.dumpguard.core.spi.FindingSink;
import io.dumpguard.core.spi.ScanChunk;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Exact AES key schedules (128/192/256 bits, encryption and decryption layouts, FIPS and word-swapped byte order).
 *
 * <p>First stage: the linear relation w[i] = w[i-1] ^ w[i-Nk] of the key expansion holds bytewise, so it is
 * independent of the words' byte order and survives InvMixColumns (which is linear). Every third aligned word j is
 * tested: x = w[j] ^ w[j-1] against the word at each distance a schedule layout puts w[i-Nk] (encryption: -4, -6,
 * -8 words; decryption: +4, +8, +2/+10). Because the relation holds at all but one of every Nk (or 4) words of a
 * schedule, a stride of three cannot step over a whole schedule. Zero words are rejected first (zero pages), and a
 * hit must repeat at a neighbouring word. Second stage: for each start the hit allows, derive the key from the
 * stored round keys, expand it and compare every round key.
 */
final class AesScheduleDetector implements ByteDetector {
    static final String ID = "aes.schedule";
    /** Longest schedule: AES-256, 15 round keys of 16 bytes. */
    static final int MAX_SCHEDULE_BYTES = 240;
    /** Shortest schedule: AES-128, 11 round keys of 16 bytes. */
    static final int MIN_SCHEDULE_BYTES = 176;
    private static final VarHandle LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    /** Word distances of w[i-Nk] from w[i] per layout family, in bytes. */
    private static final int[] DISTANCES = {-16, -24, -32, 8, 16, 32, 40};
    /** Bytes the fast check reads before and after j. */
    private static final int BEFORE = 32;
    private static final int AFTER = 44;
    private static final int STRIDE = 12;
    /** Bytes the fast loop covers per call (see {@link #nextCandidate}). */
    private static final int BLOCK_BYTES = 64 << 10;

    @Override
    public int maxMatchBytes() {
        return MAX_SCHEDULE_BYTES;
    }

    @Override
    public void scan(ScanChunk chunk, FindingSink sink) {
        if (chunk.limit() - chunk.firstAligned(4) < MIN_SCHEDULE_BYTES) {
            return; // no schedule fits (most arrays of a heap dump are smaller)
        }
        byte[] data = chunk.data();
        int start = chunk.start();
        int end = chunk.end();
        int limit = chunk.limit();
        int scanTo = Math.min(limit, end + MAX_SCHEDULE_BYTES);
        int j = chunk.firstAligned(4) + 4;
        int fastFrom = start + BEFORE;
        int fastTo = limit - AFTER;
        int skipUntil = -1;
        int fastLast = Math.min(fastTo, scanTo - 4);
        while (j + 4 <= scanTo) {
            int d;
            if (j >= fastFrom && j <= fastLast) {
                int last = Math.min(fastLast, j + BLOCK_BYTES);
                j = nextCandidate(data, j, last);
                if (j > last) {
                    continue;
                }
                d = fastCheck(data, j);
            } else {
                d = safeCheck(data, j, start, limit);
            }
            if (d != 0 && j >= skipUntil && confirmed(data, j, d, start, limit)) {
                int found = verify(chunk, j, d, sink);
                if (found > 0) {
                    skipUntil = found;
                }
            }
            j += STRIDE;
        }
    }

    /**
     * The first of j, j + STRIDE, ... up to last where {@link #fastCheck} finds a distance, or the first past last.
     * The scan calls this a block at a time: the JIT compiles it from a profile in which the loop has ended many times
     * (a loop over a whole chunk was compiled before its first end, and the end then threw the compiled code away).
     */
    private static int nextCandidate(byte[] data, int j, int last) {
        for (; j <= last; j += STRIDE) {
            if (fastCheck(data, j) != 0) {
                return j;
            }
        }
        return j;
    }

    /**
     * The matching distance in bytes, or 0. All seven distances are compared before one branch on whether any
     * matched: where each had its own branch, each was never taken while the JIT profiled (a hit is rare), so the
     * compiled scan trapped and was compiled again at the first hit of each distance, ten compilations in one run.
     */
    private static int fastCheck(byte[] data, int j) {
        int a = (int) LE.get(data, j);
        int b = (int) LE.get(data, j - 4);
        int x = a ^ b;
        if (a == 0 || b == 0 || x == 0) {
            return 0;
        }
        boolean any = x == (int) LE.get(data, j - 16) | x == (int) LE.get(data, j - 24)
                | x == (int) LE.get(data, j - 32) | x == (int) LE.get(data, j + 8) | x == (int) LE.get(data, j + 16)
                | x == (int) LE.get(data, j + 32) | x == (int) LE.get(data, j + 40);
        return any ? distance(data, j, x) : 0;
    }

    /** Which distance matched, in {@link #fastCheck}'s order of preference. */
    private static int distance(byte[] data, int j, int x) {
        for (int d : DISTANCES) {
            if (x == (int) LE.get(data, j + d)) {
                return d;
            }
        }
        return 0;
    }

    private static int safeCheck(byte[] data, int j, int lo, int limit) {
        for (int d : DISTANCES) {
            if (holds(data, j, d, lo, limit)) {
                return d;
            }
        }
        return 0;
    }

    private static boolean holds(byte[] data, int j, int d, int lo, int limit) {
        if (j - 4 < lo || j + 4 > limit || j + d < lo || j + d + 4 > limit) {
            return false;
        }
        int a = (int) LE.get(data, j);
        int b = (int) LE.get(data, j - 4);
        int x = a ^ b;
        return a != 0 && b != 0 && x != 0 && x == (int) LE.get(data, j + d);
    }

    /** A schedule satisfies the relation at a neighbouring word too (all but one of every four words). */
    private static boolean confirmed(byte[] data, int j, int d, int lo, int limit) {
        if (d == 8 || d == 40) {
            // AES-192 decryption: the distance alternates within a block, so accept either at the neighbours
            return holds(data, j - 4, 8, lo, limit) || holds(data, j + 4, 8, lo, limit)
                    || holds(data, j - 4, 40, lo, limit) || holds(data, j + 4, 40, lo, limit);
        }
        return holds(data, j - 4, d, lo, limit) || holds(data, j + 4, d, lo, limit);
    }

    /** Tries every start the hit at j allows; returns the end of a found schedule, or 0. */
    private int verify(ScanChunk chunk, int j, int d, FindingSink sink) {
        int nk = switch (d) {
            case -16, 16 -> 4;
            case -24, 8, 40 -> 6;
            default -> 8;
        };
        boolean encryption = d < 0;
        int words = 4 * (nk + 7);
        byte[] data = chunk.data();
        for (int k = 0; k < words; k++) {
            int s = j - 4 * k;
            if (s < chunk.start() || s >= chunk.end() || s + 4 * words > chunk.limit()) {
                continue;
            }
            for (ScheduleLayout layout : ScheduleLayout.values()) {
                if ((layout == ScheduleLayout.ENCRYPTION) != encryption) {
                    continue;
                }
                for (VarHandle order : new VarHandle[]{BE, LE}) {
                    int[] key = matches(data, s, nk, layout, order);
                    if (key != null) {
                        report(chunk, s, nk, layout, order == LE, key, sink);
                        return s + 4 * words;
                    }
                }
            }
        }
        return 0;
    }

    /**
     * The key if the schedule at s in this layout and byte order is exact, else null. Each word is derived and
     * compared in expansion order, so a wrong start fails at its first derived word instead of after a whole
     * expansion: most of the starts a candidate allows are wrong (up to 240 per candidate), and data crafted to hold
     * many candidates then costs a few words each.
     */
    static int[] matches(byte[] data, int s, int nk, ScheduleLayout layout, VarHandle order) {
        int rounds = nk + 6;
        int[] w = new int[4 * (rounds + 1)];
        for (int i = 0; i < nk; i++) {
            int round = i / 4;
            int stored = (int) order.get(data, s + 16 * layout.blockOf(round, rounds) + 4 * (i % 4));
            w[i] = layout.mixed(round, rounds) ? AesKeyExpansion.mixColumn(stored) : stored;
        }
        for (int i = nk; i < w.length; i++) {
            w[i] = AesKeyExpansion.next(w, i, nk);
            int round = i / 4;
            int expected = layout.mixed(round, rounds) ? AesKeyExpansion.invMixColumn(w[i]) : w[i];
            if ((int) order.get(data, s + 16 * layout.blockOf(round, rounds) + 4 * (i % 4)) != expected) {
                return null;
            }
        }
        return java.util.Arrays.copyOf(w, nk); // the key words are the stored ones, unmixed where they are mixed
    }

    private static void report(ScanChunk chunk, int s, int nk, ScheduleLayout layout, boolean swapped, int[] key,
                               FindingSink sink) {
        byte[] keyBytes = new byte[4 * nk];
        for (int i = 0; i < nk; i++) {
            BE.set(keyBytes, 4 * i, key[i]);
        }
        int bits = 32 * nk;
        String encoding = swapped ? "word-swapped" : "fips";
        sink.accept(chunk.finding(ID, s, 16 * (nk + 7), encoding,
                "AES-" + bits + " " + layout.description + " key schedule (" + encoding
                        + " byte order), every round key verified",
                List.of(SecretValue.bytes(keyBytes, "AES-" + bits + " key"))));
    }

    @Override
    public List<String> proof() {
        return List.of();
    }
}
