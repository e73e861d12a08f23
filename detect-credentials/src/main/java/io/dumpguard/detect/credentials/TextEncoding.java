package io.dumpguard.detect.credentials;

/**
 * How text is laid out in the bytes a rule matched. ASCII covers UTF-8 and Latin-1 too (secrets are ASCII; a byte is
 * read as one Latin-1 char so offsets map one to one). UTF-16LE is what Windows memory and JVM native memory hold;
 * UTF-16BE is what HPROF writes for {@code char[]}.
 */
public enum TextEncoding {
    ASCII("ascii", 1, false),
    UTF_16LE("utf-16le", 2, false),
    UTF_16BE("utf-16be", 2, true);

    private final String id;
    private final int unitBytes;
    private final boolean bigEndian;

    TextEncoding(String id, int unitBytes, boolean bigEndian) {
        this.id = id;
        this.unitBytes = unitBytes;
        this.bigEndian = bigEndian;
    }

    /** The name findings carry in {@code encoding}. */
    public String id() {
        return id;
    }

    public int unitBytes() {
        return unitBytes;
    }

    /** Encodes ASCII/Latin-1 text (chars above 0xFF are replaced by '?'). */
    public byte[] encode(CharSequence text) {
        byte[] out = new byte[text.length() * unitBytes];
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            byte b = c > 0xFF ? (byte) '?' : (byte) c;
            if (unitBytes == 1) {
                out[i] = b;
            } else if (bigEndian) {
                out[2 * i + 1] = b;
            } else {
                out[2 * i] = b;
            }
        }
        return out;
    }

    /** The char at {@code pos} where bytes outside {@code [lo, hi)} count as 0. */
    char charAtPadded(byte[] data, int pos, int lo, int hi) {
        int first = pos >= lo && pos < hi ? data[pos] & 0xFF : 0;
        if (unitBytes == 1) {
            return (char) first;
        }
        int second = pos + 1 >= lo && pos + 1 < hi ? data[pos + 1] & 0xFF : 0;
        return bigEndian ? (char) (first << 8 | second) : (char) (second << 8 | first);
    }

    /** The char of the code unit at {@code pos}. */
    char charAt(byte[] data, int pos) {
        if (unitBytes == 1) {
            return (char) (data[pos] & 0xFF);
        }
        return bigEndian
                ? (char) ((data[pos] & 0xFF) << 8 | (data[pos + 1] & 0xFF))
                : (char) ((data[pos + 1] & 0xFF) << 8 | (data[pos] & 0xFF));
    }
}
