package io.dumpguard.format.hprof.synth;

/**
 * The AES key expansion of FIPS-197 section 5.2, so synthetic dumps hold the same expanded schedule a real
 * {@code com.sun.crypto.provider.AESCrypt} holds ({@code int[]} words, FIPS byte order). The S-box is computed
 * from its definition (multiplicative inverse in GF(2^8) followed by the affine map) rather than tabulated.
 */
public final class AesKeySchedule {
    private static final int[] SBOX = sbox();

    private AesKeySchedule() {
    }

    private static int rotl8(int x, int s) {
        return ((x << s) | (x >>> (8 - s))) & 0xff;
    }

    private static int[] sbox() {
        int[] s = new int[256];
        int p = 1;
        int q = 1;
        do {
            p = (p ^ (p << 1) ^ ((p & 0x80) != 0 ? 0x1b : 0)) & 0xff; // p * 3
            q ^= q << 1;                                               // q / 3
            q ^= q << 2;
            q ^= q << 4;
            q &= 0xff;
            if ((q & 0x80) != 0) {
                q ^= 0x09;
            }
            s[p] = (q ^ rotl8(q, 1) ^ rotl8(q, 2) ^ rotl8(q, 3) ^ rotl8(q, 4) ^ 0x63) & 0xff;
        } while (p != 1);
        s[0] = 0x63;
        return s;
    }

    private static int subWord(int w) {
        return SBOX[w >>> 24] << 24 | SBOX[(w >>> 16) & 0xff] << 16 | SBOX[(w >>> 8) & 0xff] << 8 | SBOX[w & 0xff];
    }

    /** The encryption schedule: 4 * (rounds + 1) words for a 16, 24 or 32 byte key. */
    public static int[] expand(byte[] key) {
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new IllegalArgumentException("AES key of " + key.length + " bytes");
        }
        int nk = key.length / 4;
        int total = 4 * (nk + 7);
        int[] w = new int[total];
        for (int i = 0; i < nk; i++) {
            w[i] = (key[4 * i] & 0xff) << 24 | (key[4 * i + 1] & 0xff) << 16 | (key[4 * i + 2] & 0xff) << 8
                    | (key[4 * i + 3] & 0xff);
        }
        int rcon = 1;
        for (int i = nk; i < total; i++) {
            int t = w[i - 1];
            if (i % nk == 0) {
                t = subWord(Integer.rotateLeft(t, 8)) ^ (rcon << 24);
                rcon = (rcon << 1) ^ ((rcon & 0x80) != 0 ? 0x11b : 0);
            } else if (nk > 6 && i % nk == 4) {
                t = subWord(t);
            }
            w[i] = w[i - nk] ^ t;
        }
        return w;
    }

    /** The words as HPROF writes an {@code int[]}: big-endian. */
    public static byte[] bigEndianBytes(int[] words) {
        byte[] b = new byte[words.length * 4];
        for (int i = 0; i < words.length; i++) {
            HprofWriter.putInt(b, 4 * i, words[i]);
        }
        return b;
    }
}
