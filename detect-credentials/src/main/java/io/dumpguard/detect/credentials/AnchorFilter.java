package io.dumpguard.detect.credentials;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.List;

/**
 * First stage of the two-stage scan: finds every occurrence of every rule's anchors, case-insensitively, in ASCII,
 * UTF-16LE and UTF-16BE, at any alignment, in one pass over the bytes.
 *
 * <p>Why this is fast: the bytes are read as two little-endian longs per eight positions, and each block is
 * decided in registers before any per-position work.
 * <ul>
 *   <li>A zero long (zero pages, padding, the high halves of small integers) starts nothing: no anchor starts with
 *       a NUL, in any encoding. Eight positions cost one load and one compare.</li>
 *   <li>ASCII: every anchor has at least {@value CredentialRule#MIN_ANCHOR_BYTES} chars, so an anchor at k shows
 *       its first gram at k and its second at k + 1, and one of the two is at an even position. Five direct
 *       lookups of the 2-byte grams at positions 0, 2, ..., 8 in a byte-per-gram table end the block when none is
 *       an anchor gram; the table holds ASCII grams only, so random words, pointers and small integers stop
 *       there. Otherwise (text) the four odd grams are looked up too and a position needs both its grams, which
 *       keeps one text position in forty. Case-sensitive anchors ({@code AC0}, {@code AKIA}) add their grams as
 *       written only, so "ac" and "as" in words do not pass.</li>
 *   <li>UTF-16: an anchor's first three chars, little-endian at {@code q} or big-endian at {@code q - 1}, read
 *       {@code c 0 c 0 c} from {@code q}. Exact zero-byte masks of the two longs (SWAR) give that pattern for all
 *       eight positions at once, and only when some byte is zero at all (random and ASCII text blocks skip it).
 *       A small integer reads {@code c 0 0}, so pointer pages almost never reach a UTF-16 lookup. In UTF-16 text
 *       the same gram table, read with chars two bytes apart, keeps few positions.</li>
 * </ul>
 * Candidates go straight to the anchors that share their first three folded chars ({@link AnchorTable}): a hashed
 * set of those chars in front of that table measured slower, as the pair test already leaves few positions.
 * Hits are reported in increasing position within each encoding and byte parity, which the matcher relies on.
 */
final class AnchorFilter {
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long LOW_7_BITS = 0x7F7F_7F7F_7F7F_7F7FL;
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;
    private static final long LOW_BITS = 0x0101_0101_0101_0101L;
    /** Bits {@code 8k + 7} for k = 0, 2, 4, 6 and for k = 1, 3, 5, 7. */
    private static final long EVEN_POSITIONS = 0x0080_0080_0080_0080L;
    private static final long ODD_POSITIONS = 0x8000_8000_8000_8000L;
    /** Bytes a block reads: two longs, so positions up to 7 see their following five bytes. */
    private static final int BLOCK_READ = 16;

    /** Receives each anchor occurrence. */
    interface HitSink {
        void anchor(int anchorIndex, TextEncoding encoding, int pos);
    }

    private final AnchorTable anchors;
    private final byte[] bigrams;

    AnchorFilter(List<CredentialRule> rules) {
        this.anchors = new AnchorTable(rules);
        this.bigrams = anchors.leadingBigrams();
    }

    int anchorCount() {
        return anchors.count();
    }

    AnchorTable table() {
        return anchors;
    }

    /** Rule indices that own anchor {@code k}. */
    int[] rulesOf(int k) {
        return anchors.rulesOf(k);
    }

    /** The folded bytes of anchor {@code k}. */
    byte[] anchorBytesOf(int k) {
        return anchors.bytesOf(k);
    }

    int anchorLength(int k) {
        return anchors.length(k);
    }

    boolean anchorCaseSensitive(int k) {
        return anchors.caseSensitive(k);
    }

    /**
     * Reports every anchor occurrence that starts in {@code [start, end)} and lies within {@code [0, limit)}.
     * Positions are indices into {@code data}.
     */
    void scan(byte[] data, int start, int end, int limit, HitSink sink) {
        // q is where the first char's ASCII byte sits: an ASCII or UTF-16LE anchor at q, a UTF-16BE one at q - 1
        int stop = Math.min(end + 1, limit - 2);
        int q = start;
        for (; q < stop && q + BLOCK_READ <= limit; q += 8) {
            long v = (long) LONG_LE.get(data, q);
            if (v == 0) {
                continue;
            }
            long w = (long) LONG_LE.get(data, q + 8);
            int ascii = asciiByBigrams(v, w);
            long utf16 = mayHoldUtf16(v, w) ? utf16Pattern(zeroBytes(v), zeroBytes(w)) : 0;
            if (utf16 != 0) {
                utf16 = utf16ByBigrams(v, w, utf16);
            }
            if ((ascii | utf16) != 0) {
                reportBlock(data, q, start, end, limit, ascii, utf16, sink);
            }
        }
        for (; q < stop; q++) {
            reportAscii(data, q, end, limit, sink);
            if (q + 4 < limit && data[q + 1] == 0 && data[q + 3] == 0 && data[q] != 0 && data[q + 2] != 0
                    && data[q + 4] != 0) {
                reportUtf16(data, q, start, end, limit, sink);
            }
        }
    }

    /**
     * Bit k set: an ASCII anchor may start at block position k, judged by its first two 2-byte grams: the gram at
     * k must be some anchor's offset-0 gram and the gram at k + 1 some anchor's offset-1 gram. Direct lookups, no
     * hashing. The five even grams are looked up first; random and pointer blocks stop there (none is an anchor
     * gram at either offset), and only blocks with some hit pay for the four odd grams, which then keep far fewer
     * text positions than either gram alone would (a pair like "he"+"er" is rare next to "he" or "er").
     */
    private int asciiByBigrams(long v, long w) {
        byte[] t = bigrams;
        int g0 = (int) v & 0xFFFF;
        int g2 = (int) (v >>> 16) & 0xFFFF;
        int g4 = (int) (v >>> 32) & 0xFFFF;
        int g6 = (int) (v >>> 48);
        int g8 = (int) w & 0xFFFF;
        int c0 = t[g0];
        int c2 = t[g2];
        int c4 = t[g4];
        int c6 = t[g6];
        int c8 = t[g8];
        if (((c0 | c2 | c4 | c6 | c8) & 3) == 0) {
            return 0;
        }
        int g1 = (int) (v >>> 8) & 0xFFFF;
        int g3 = (int) (v >>> 24) & 0xFFFF;
        int g5 = (int) (v >>> 40) & 0xFFFF;
        int g7 = (int) (v >>> 56) | ((int) w & 0xFF) << 8;
        int c1 = t[g1];
        int c3 = t[g3];
        int c5 = t[g5];
        int c7 = t[g7];
        // offset-0 gram (bit 0) at k and offset-1 gram (bit 1) at k + 1
        return (c0 & c1 >>> 1 & 1) | (c1 & c2 >>> 1 & 1) << 1 | (c2 & c3 >>> 1 & 1) << 2
                | (c3 & c4 >>> 1 & 1) << 3 | (c4 & c5 >>> 1 & 1) << 4 | (c5 & c6 >>> 1 & 1) << 5
                | (c6 & c7 >>> 1 & 1) << 6 | (c7 & c8 >>> 1 & 1) << 7;
    }

    /**
     * Of the positions set in {@code pattern} (bits {@code 8k + 7}, see {@link #utf16Pattern}), those where a UTF-16
     * anchor's first char may sit, judged like {@link #asciiByBigrams} by char grams (two ASCII bytes a code unit
     * apart): the gram at k must be an offset-0 gram and the gram at k + 2 an offset-1 gram. UTF-16 text aligned
     * one way sets only even or only odd positions, so only the five grams of that parity are looked up.
     */
    private long utf16ByBigrams(long v, long w, long pattern) {
        byte[] t = bigrams;
        long out = 0;
        if ((pattern & EVEN_POSITIONS) != 0) {
            long c0 = t[(int) (v & 0xFF | v >>> 8 & 0xFF00)];
            long c2 = t[(int) (v >>> 16 & 0xFF | v >>> 24 & 0xFF00)];
            long c4 = t[(int) (v >>> 32 & 0xFF | v >>> 40 & 0xFF00)];
            long c6 = t[(int) (v >>> 48 & 0xFF | (w & 0xFF) << 8)];
            long c8 = t[(int) (w & 0xFF | w >>> 8 & 0xFF00)];
            out |= (c0 & c2 >>> 1 & 1) << 7 | (c2 & c4 >>> 1 & 1) << 23 | (c4 & c6 >>> 1 & 1) << 39
                    | (c6 & c8 >>> 1 & 1) << 55;
        }
        if ((pattern & ODD_POSITIONS) != 0) {
            long c1 = t[(int) (v >>> 8 & 0xFF | v >>> 16 & 0xFF00)];
            long c3 = t[(int) (v >>> 24 & 0xFF | v >>> 32 & 0xFF00)];
            long c5 = t[(int) (v >>> 40 & 0xFF | v >>> 48 & 0xFF00)];
            long c7 = t[(int) (v >>> 56 | w & 0xFF00)];
            long c9 = t[(int) (w >>> 8 & 0xFF | w >>> 16 & 0xFF00)];
            out |= (c1 & c3 >>> 1 & 1) << 15 | (c3 & c5 >>> 1 & 1) << 31 | (c5 & c7 >>> 1 & 1) << 47
                    | (c7 & c9 >>> 1 & 1) << 63;
        }
        return out & pattern;
    }

    /** False when neither long has a zero byte, so no UTF-16 text can start here (may say true without one). */
    private static boolean mayHoldUtf16(long v, long w) {
        return ((v - LOW_BITS & ~v | w - LOW_BITS & ~w) & HIGH_BITS) != 0;
    }

    /**
     * Bit {@code 8k + 7} set: bytes from block position k read {@code c 0 c 0 c} (non-zero, zero, ...), where a
     * UTF-16 anchor's first three chars would be; from the zero-byte masks of the block's two longs.
     */
    private static long utf16Pattern(long zv, long zw) {
        long nv = ~zv & HIGH_BITS;
        long nw = ~zw & HIGH_BITS;
        return nv & (zv >>> 8 | zw << 56) & (nv >>> 16 | nw << 48) & (zv >>> 24 | zw << 40) & (nv >>> 32 | nw << 32);
    }

    /** The high bit of each byte of {@code x} that is zero (exact, no false positives from carries). */
    private static long zeroBytes(long x) {
        return ~((x & LOW_7_BITS) + LOW_7_BITS | x | LOW_7_BITS);
    }

    private void reportBlock(byte[] data, int q, int start, int end, int limit, int ascii, long utf16,
                             HitSink sink) {
        for (int bits = ascii; bits != 0; bits &= bits - 1) {
            reportAscii(data, q + Integer.numberOfTrailingZeros(bits), end, limit, sink);
        }
        for (long bits = utf16; bits != 0; bits &= bits - 1) {
            reportUtf16(data, q + (Long.numberOfTrailingZeros(bits) >>> 3), start, end, limit, sink);
        }
    }

    private void reportAscii(byte[] data, int p, int end, int limit, HitSink sink) {
        if (p < end) {
            anchors.reportAscii(data, p, limit, sink);
        }
    }

    private void reportUtf16(byte[] data, int q, int start, int end, int limit, HitSink sink) {
        boolean le = q < end;
        boolean be = q - 1 >= start && q - 1 < end;
        if (le || be) {
            anchors.reportUtf16(data, q, limit, le, be, sink);
        }
    }
}
