package io.dumpguard.detect.keys.privatekey;

/**
 * How ASCII text is laid out in memory: one byte per character, or UTF-16 with the zero byte after (little-endian,
 * Windows and Java strings) or before (big-endian, HPROF {@code char[]}) each character.
 */
enum TextForm {
    ASCII(1, -1, ""), UTF16LE(2, 1, "-utf-16le"), UTF16BE(2, 0, "-utf-16be");

    final int width;
    /** Offset of the zero byte within a character, or -1. */
    final int zeroAt;
    /** Suffix for the finding's encoding ("pem" + suffix). */
    final String suffix;

    TextForm(int width, int zeroAt, String suffix) {
        this.width = width;
        this.zeroAt = zeroAt;
        this.suffix = suffix;
    }

    /** The anchor bytes for {@code ascii} in this form. */
    byte[] encode(String ascii) {
        byte[] out = new byte[ascii.length() * width];
        for (int i = 0; i < ascii.length(); i++) {
            out[i * width + (width == 2 && zeroAt == 0 ? 1 : 0)] = (byte) ascii.charAt(i);
        }
        return out;
    }

    /**
     * Up to {@code maxChars} printable ASCII characters (plus tab, CR, LF) starting at {@code pos}, one byte each;
     * stops at the first byte that does not continue the text in this form.
     */
    byte[] extract(byte[] data, int pos, int limit, int maxChars) {
        int n = Math.min(maxChars, (limit - pos) / width);
        byte[] out = new byte[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            int at = pos + i * width;
            int c;
            if (width == 1) {
                c = data[at];
            } else {
                if (data[at + zeroAt] != 0) {
                    break;
                }
                c = data[at + 1 - zeroAt];
            }
            if (!(c >= 0x20 && c < 0x7f || c == '\n' || c == '\r' || c == '\t')) {
                break;
            }
            out[count++] = (byte) c;
        }
        return count == n ? out : java.util.Arrays.copyOf(out, count);
    }
}
