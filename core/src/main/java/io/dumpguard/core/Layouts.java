package io.dumpguard.core;

/**
 * The byte layouts a big number takes in process memory (see DESIGN.md section 4): big-endian (HPROF int[],
 * DER, CNG blobs), byte-reversed (OpenSSL BIGNUM little-endian limbs, CryptoAPI blobs) and word-swapped (a Java
 * int[] in native little-endian memory: 32-bit words most-significant first, each word little-endian).
 */
public final class Layouts {
    private Layouts() {
    }

    public enum Layout {
        BIG_ENDIAN("big-endian"), LITTLE_ENDIAN("little-endian"), WORD_SWAPPED("word-swapped");

        private final String id;

        Layout(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /** Whether every byte is zero: a wiped buffer, which proves nothing in any layout. */
    public static boolean isAllZero(byte[] b) {
        int acc = 0;
        for (byte x : b) {
            acc |= x;
        }
        return acc == 0;
    }

    public static byte[] reversed(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[b.length - 1 - i];
        }
        return r;
    }

    /**
     * Big-endian magnitude to Java-int[]-in-little-endian-memory: left-pads to a multiple of 4 bytes, then reverses
     * the bytes within each 32-bit word. The word order stays most-significant first.
     */
    public static byte[] wordSwapped(byte[] bigEndian) {
        int padded = (bigEndian.length + 3) & ~3;
        byte[] be = new byte[padded];
        System.arraycopy(bigEndian, 0, be, padded - bigEndian.length, bigEndian.length);
        byte[] r = new byte[padded];
        for (int w = 0; w < padded; w += 4) {
            r[w] = be[w + 3];
            r[w + 1] = be[w + 2];
            r[w + 2] = be[w + 1];
            r[w + 3] = be[w];
        }
        return r;
    }

    public static byte[] toLayout(byte[] bigEndian, Layout layout) {
        return switch (layout) {
            case BIG_ENDIAN -> bigEndian.clone();
            case LITTLE_ENDIAN -> reversed(bigEndian);
            case WORD_SWAPPED -> wordSwapped(bigEndian);
        };
    }

    /** The inverse of {@link #toLayout}: the big-endian magnitude from bytes in {@code layout}. */
    public static byte[] fromLayout(byte[] bytes, Layout layout) {
        return switch (layout) {
            case BIG_ENDIAN -> bytes.clone();
            case LITTLE_ENDIAN -> reversed(bytes);
            case WORD_SWAPPED -> {
                byte[] r = new byte[bytes.length & ~3];
                for (int w = 0; w + 3 < bytes.length; w += 4) {
                    r[w] = bytes[w + 3];
                    r[w + 1] = bytes[w + 2];
                    r[w + 2] = bytes[w + 1];
                    r[w + 3] = bytes[w];
                }
                yield r;
            }
        };
    }
}
