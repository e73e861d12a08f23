package io.dumpguard.detect.keys.privatekey;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads fields from {@code data[pos, end)} and rejects every length that runs past {@code end} before anything is
 * allocated. Used for SSH wire format (big-endian u32 lengths) and Windows blobs (little-endian ULONGs).
 */
final class BoundedReader {
    private final byte[] data;
    private final int end;
    private int pos;

    BoundedReader(byte[] data, int pos, int end) {
        this.data = data;
        this.pos = pos;
        this.end = end;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return end - pos;
    }

    void skip(int n) throws NotAKey {
        NotAKey.require(n >= 0 && n <= remaining());
        pos += n;
    }

    int u32be() throws NotAKey {
        NotAKey.require(remaining() >= 4);
        int v = (data[pos] & 0xff) << 24 | (data[pos + 1] & 0xff) << 16 | (data[pos + 2] & 0xff) << 8
                | (data[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    int u32le() throws NotAKey {
        NotAKey.require(remaining() >= 4);
        int v = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8 | (data[pos + 2] & 0xff) << 16
                | (data[pos + 3] & 0xff) << 24;
        pos += 4;
        return v;
    }

    /** A u32 length that must fit in what remains and under {@code max}. */
    int length(boolean bigEndian, int max) throws NotAKey {
        int n = bigEndian ? u32be() : u32le();
        NotAKey.require(n >= 0 && n <= max && n <= remaining());
        return n;
    }

    byte[] bytes(int n) throws NotAKey {
        NotAKey.require(n >= 0 && n <= remaining());
        byte[] b = Arrays.copyOfRange(data, pos, pos + n);
        pos += n;
        return b;
    }

    /** SSH {@code string}: u32 big-endian length then bytes. */
    byte[] sshString(int max) throws NotAKey {
        return bytes(length(true, max));
    }

    String sshAscii(int max) throws NotAKey {
        return new String(sshString(max), StandardCharsets.US_ASCII);
    }

    /** SSH {@code mpint}: two's complement big-endian; keys hold only non-negative ones. */
    BigInteger sshMpint(int max) throws NotAKey {
        byte[] b = sshString(max);
        NotAKey.require(b.length == 0 || b[0] >= 0);
        return new BigInteger(1, b);
    }

    /** An unsigned big-endian number of {@code n} bytes. */
    BigInteger bigEndian(int n) throws NotAKey {
        return new BigInteger(1, bytes(n));
    }

    /** An unsigned little-endian number of {@code n} bytes (CryptoAPI blobs). */
    BigInteger littleEndian(int n) throws NotAKey {
        byte[] b = bytes(n);
        for (int i = 0, j = b.length - 1; i < j; i++, j--) {
            byte t = b[i];
            b[i] = b[j];
            b[j] = t;
        }
        return new BigInteger(1, b);
    }
}
