package io.dumpguard.detect.credentials;

/**
 * A reusable {@link CharSequence} over a window of raw bytes in one {@link TextEncoding}, so the regex stage runs on
 * the dump's bytes without copying them and char index {@code i} maps back to byte {@code base + i * unitBytes}.
 * Counts the chars the regex engine reads: the linearity properties assert on that count instead of on time.
 */
final class ByteTextView implements CharSequence {
    private byte[] data = new byte[0];
    private int lo;
    private int hi;
    private int base;
    private int length;
    private TextEncoding encoding = TextEncoding.ASCII;
    private long charsRead;

    /**
     * Views {@code chars} code units starting at byte {@code base}. Bytes outside {@code [lo, hi)} read as 0, so a
     * UTF-16 char cut in half by the buffer's edge still shows its ASCII byte: lookbehind and lookahead then judge
     * the same neighbour in every encoding.
     */
    ByteTextView reset(byte[] data, int lo, int hi, int base, int chars, TextEncoding encoding) {
        this.data = data;
        this.lo = lo;
        this.hi = hi;
        this.base = base;
        this.length = chars;
        this.encoding = encoding;
        return this;
    }

    int base() {
        return base;
    }

    TextEncoding encoding() {
        return encoding;
    }

    /** Byte offset (in {@code data}) of char {@code index}. */
    int byteOffset(int index) {
        return base + index * encoding.unitBytes();
    }

    long charsRead() {
        return charsRead;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        charsRead++;
        int pos = base + index * encoding.unitBytes();
        if (pos >= lo && pos + encoding.unitBytes() <= hi) {
            return encoding.charAt(data, pos);
        }
        return encoding.charAtPadded(data, pos, lo, hi);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        StringBuilder sb = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            sb.append(charAt(i));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        // never the content: this view holds dump bytes that may be secret
        return "ByteTextView[" + encoding.id() + " @" + base + " x" + length + "]";
    }
}
