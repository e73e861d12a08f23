package io.dumpguard.detect.keys.aes;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes a key's schedule in a given layout and byte order, as programs hold it (examples and tests). */
public final class AesScheduleEncoder {
    private AesScheduleEncoder() {
    }

    /**
     * @param key       16, 24 or 32 key bytes
     * @param layout    "encryption", "decryption" or "decryption-key-first"
     * @param swapped   word-swapped (native little-endian int[]) instead of FIPS byte order
     */
    public static byte[] schedule(byte[] key, String layout, boolean swapped) {
        int nk = key.length / 4;
        int[] k = new int[nk];
        ByteBuffer kb = ByteBuffer.wrap(key);
        for (int i = 0; i < nk; i++) {
            k[i] = kb.getInt();
        }
        int rounds = nk + 6;
        int[] w = AesKeyExpansion.expand(k, nk);
        ScheduleLayout l = switch (layout) {
            case "encryption" -> ScheduleLayout.ENCRYPTION;
            case "decryption" -> ScheduleLayout.DECRYPTION;
            case "decryption-key-first" -> ScheduleLayout.DECRYPTION_KEY_FIRST;
            default -> throw new IllegalArgumentException("unknown layout " + layout);
        };
        ByteBuffer out = ByteBuffer.allocate(w.length * 4)
                .order(swapped ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        for (int round = 0; round <= rounds; round++) {
            int block = l.blockOf(round, rounds);
            for (int c = 0; c < 4; c++) {
                int word = w[4 * round + c];
                out.putInt(16 * block + 4 * c, l.mixed(round, rounds) ? AesKeyExpansion.invMixColumn(word) : word);
            }
        }
        return out.array();
    }

    public static final String[] LAYOUTS = {"encryption", "decryption", "decryption-key-first"};
}
