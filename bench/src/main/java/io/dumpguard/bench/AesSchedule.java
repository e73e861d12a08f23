package io.dumpguard.bench;

/** FIPS-197 key expansion, to plant schedules in benchmark images (the detector has its own, independent one). */
final class AesSchedule {
    private static final int[] SBOX = new int[256];

    static {
        // build the S-box from the multiplicative inverse and the affine map, so no table is copied from anywhere
        int p = 1;
        int q = 1;
        do {
            p = p ^ ((p << 1) & 0xff) ^ ((p & 0x80) != 0 ? 0x1b : 0);
            q ^= q << 1;
            q ^= q << 2;
            q ^= q << 4;
            q &= 0xff;
            if ((q & 0x80) != 0) {
                q ^= 0x09;
            }
            int x = q ^ Integer.rotateLeft(q, 1) ^ Integer.rotateLeft(q, 2) ^ Integer.rotateLeft(q, 3)
                    ^ Integer.rotateLeft(q, 4);
            x = (x ^ (x >>> 8)) & 0xff;
            SBOX[p] = x ^ 0x63;
        } while (p != 1);
        SBOX[0] = 0x63;
    }

    private AesSchedule() {
    }

    static byte[] expand(byte[] key) {
        int nk = key.length / 4;
        int rounds = nk + 6;
        int words = 4 * (rounds + 1);
        int[] w = new int[words];
        for (int i = 0; i < nk; i++) {
            w[i] = ((key[4 * i] & 0xff) << 24) | ((key[4 * i + 1] & 0xff) << 16) | ((key[4 * i + 2] & 0xff) << 8)
                    | (key[4 * i + 3] & 0xff);
        }
        int rcon = 1;
        for (int i = nk; i < words; i++) {
            int t = w[i - 1];
            if (i % nk == 0) {
                t = subWord(Integer.rotateLeft(t, 8)) ^ (rcon << 24);
                rcon = (rcon << 1) ^ ((rcon & 0x80) != 0 ? 0x11b : 0);
            } else if (nk > 6 && i % nk == 4) {
                t = subWord(t);
            }
            w[i] = w[i - nk] ^ t;
        }
        byte[] out = new byte[words * 4];
        for (int i = 0; i < words; i++) {
            out[4 * i] = (byte) (w[i] >>> 24);
            out[4 * i + 1] = (byte) (w[i] >>> 16);
            out[4 * i + 2] = (byte) (w[i] >>> 8);
            out[4 * i + 3] = (byte) w[i];
        }
        return out;
    }

    private static int subWord(int x) {
        return (SBOX[x >>> 24] << 24) | (SBOX[(x >>> 16) & 0xff] << 16) | (SBOX[(x >>> 8) & 0xff] << 8) | SBOX[x & 0xff];
    }
}
