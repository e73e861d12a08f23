package io.dumpguard.detect.keys.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/** A synthetic process image of 4 KiB pages: random, zero, pointer-like and text, in equal shares. */
public final class MixedImage {
    private static final String WORDS = "the quick brown fox jumps over lazy dog session token request response "
            + "error warning info debug user password=***** GET /api/v1/items HTTP/1.1 Content-Type: json {\"id\": "
            + "12, \"name\": \"widget\"} -- ---- \n\t 0123456789 RSA EC key value Pu d: op en ";

    private MixedImage() {
    }

    public static byte[] build(int bytes, long seed) {
        return build(bytes, seed, -1);
    }

    /** @param onlyKind -1 for the mix, else 0 random, 1 zero, 2 pointer-like, 3 text */
    public static byte[] build(int bytes, long seed, int onlyKind) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] img = new byte[bytes];
        ByteBuffer bb = ByteBuffer.wrap(img).order(ByteOrder.LITTLE_ENDIAN);
        for (int page = 0; page + 4096 <= bytes; page += 4096) {
            switch (onlyKind >= 0 ? onlyKind : (page / 4096) % 4) {
                case 0 -> {
                    for (int i = page; i < page + 4096; i += 8) {
                        bb.putLong(i, r.nextLong());
                    }
                }
                case 1 -> { }
                case 2 -> {
                    long base = 0x00007f3a_12000000L;
                    for (int i = page; i < page + 4096; i += 8) {
                        long v = switch (r.nextInt(4)) {
                            case 0 -> base + (r.nextInt(1 << 20) & ~7);
                            case 1 -> r.nextInt(256);
                            case 2 -> 0;
                            default -> 0x0000_5555_0000_0000L + (r.nextInt(1 << 16) << 3);
                        };
                        bb.putLong(i, v);
                    }
                }
                default -> {
                    for (int i = page; i < page + 4096; i++) {
                        img[i] = (byte) WORDS.charAt(r.nextInt(WORDS.length()));
                    }
                }
            }
        }
        return img;
    }
}
