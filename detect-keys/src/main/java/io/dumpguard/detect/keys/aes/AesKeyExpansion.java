package io.dumpguard.detect.keys.aes;

/**
 * The AES key expansion (FIPS-197 section 5.2) and the column mixing used by the equivalent inverse cipher's
 * decryption schedule (section 5.3.5). Words are in FIPS order: the first key byte is the most significant byte.
 * The S-box is computed from its definition (inverse in GF(2^8) then the affine map) rather than copied.
 */
public final class AesKeyExpansion {
    static final int[] SBOX = new int[256];
    private static final int[] RCON = new int[15];

    static {
        for (int a = 0; a < 256; a++) {
            int inv = a == 0 ? 0 : inverse(a);
            int s = inv ^ rotl8(inv, 1) ^ rotl8(inv, 2) ^ rotl8(inv, 3) ^ rotl8(inv, 4) ^ 0x63;
            SBOX[a] = s & 0xff;
        }
        int r = 1;
        for (int i = 1; i < RCON.length; i++) {
            RCON[i] = r << 24;
            r = xtime(r);
        }
    }

    private AesKeyExpansion() {
    }

    private static int rotl8(int x, int n) {
        return ((x << n) | (x >>> (8 - n))) & 0xff;
    }

    static int xtime(int b) {
        return ((b << 1) ^ ((b & 0x80) != 0 ? 0x1b : 0)) & 0xff;
    }

    static int mul(int a, int b) {
        int p = 0;
        for (int i = 0; i < 8; i++) {
            if ((b & 1) != 0) {
                p ^= a;
            }
            a = xtime(a);
            b >>>= 1;
        }
        return p;
    }

    private static int inverse(int a) {
        // a^254 = a^-1 in GF(2^8)
        int result = 1;
        int base = a;
        int e = 254;
        while (e > 0) {
            if ((e & 1) != 0) {
                result = mul(result, base);
            }
            base = mul(base, base);
            e >>>= 1;
        }
        return result;
    }

    static int subWord(int w) {
        return SBOX[w >>> 24] << 24 | SBOX[(w >>> 16) & 0xff] << 16 | SBOX[(w >>> 8) & 0xff] << 8 | SBOX[w & 0xff];
    }

    /** The whole schedule w[0 .. 4(Nr+1)) from {@code nk} key words ({@code nk} = 4, 6 or 8). */
    public static int[] expand(int[] key, int nk) {
        int rounds = nk + 6;
        int[] w = new int[4 * (rounds + 1)];
        System.arraycopy(key, 0, w, 0, nk);
        for (int i = nk; i < w.length; i++) {
            w[i] = next(w, i, nk);
        }
        return w;
    }

    /** Word {@code i >= nk} of the schedule, from the words before it in {@code w}. */
    static int next(int[] w, int i, int nk) {
        int t = w[i - 1];
        if (i % nk == 0) {
            t = subWord(Integer.rotateLeft(t, 8)) ^ RCON[i / nk];
        } else if (nk > 6 && i % nk == 4) {
            t = subWord(t);
        }
        return w[i - nk] ^ t;
    }

    /** MixColumns of one column (the inverse of {@link #invMixColumn}). */
    static int mixColumn(int w) {
        int b0 = w >>> 24;
        int b1 = (w >>> 16) & 0xff;
        int b2 = (w >>> 8) & 0xff;
        int b3 = w & 0xff;
        return column(mul(b0, 2) ^ mul(b1, 3) ^ b2 ^ b3, b0 ^ mul(b1, 2) ^ mul(b2, 3) ^ b3,
                b0 ^ b1 ^ mul(b2, 2) ^ mul(b3, 3), mul(b0, 3) ^ b1 ^ b2 ^ mul(b3, 2));
    }

    /** InvMixColumns of one column, applied to the middle round keys of a decryption schedule. */
    static int invMixColumn(int w) {
        int b0 = w >>> 24;
        int b1 = (w >>> 16) & 0xff;
        int b2 = (w >>> 8) & 0xff;
        int b3 = w & 0xff;
        return column(mul(b0, 14) ^ mul(b1, 11) ^ mul(b2, 13) ^ mul(b3, 9),
                mul(b0, 9) ^ mul(b1, 14) ^ mul(b2, 11) ^ mul(b3, 13),
                mul(b0, 13) ^ mul(b1, 9) ^ mul(b2, 14) ^ mul(b3, 11),
                mul(b0, 11) ^ mul(b1, 13) ^ mul(b2, 9) ^ mul(b3, 14));
    }

    private static int column(int r0, int r1, int r2, int r3) {
        return r0 << 24 | r1 << 16 | r2 << 8 | r3;
    }
}
