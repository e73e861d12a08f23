package io.dumpguard.format.minidump;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes small synthetic minidumps for tests: a header, a directory of a fixed number of entries right after it, and
 * blobs appended 4-byte aligned. Every structure is written by the test itself, so malformed variants are easy.
 */
final class MinidumpBuilder {
    private final int streams;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final int[][] directory;

    MinidumpBuilder(int streams) {
        this.streams = streams;
        this.directory = new int[streams][3];
        body.writeBytes(new byte[32 + 12 * streams]);
    }

    /** Appends bytes (4-aligned) and returns their RVA. */
    int append(byte[] bytes) {
        while (body.size() % 4 != 0) {
            body.write(0);
        }
        int rva = body.size();
        body.writeBytes(bytes);
        return rva;
    }

    int rvaNext() {
        return (body.size() + 3) & ~3;
    }

    MinidumpBuilder stream(int index, int type, int rva, int size) {
        directory[index] = new int[]{type, size, rva};
        return this;
    }

    /** Appends a stream's bytes and points directory entry {@code index} at them. */
    int stream(int index, int type, byte[] bytes) {
        int rva = append(bytes);
        stream(index, type, rva, bytes.length);
        return rva;
    }

    byte[] build() {
        byte[] b = body.toByteArray();
        ByteBuffer h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0, 0x504d444d).putInt(4, 0xa793).putInt(8, streams).putInt(12, 32);
        for (int i = 0; i < streams; i++) {
            h.putInt(32 + 12 * i, directory[i][0]).putInt(36 + 12 * i, directory[i][1]).putInt(40 + 12 * i, directory[i][2]);
        }
        return b;
    }

    /** A little-endian buffer of {@code size} bytes for composing structures. */
    static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A MINIDUMP_STRING (u32 byte length + UTF-16LE + NUL). */
    static byte[] utf16(String s) {
        byte[] chars = s.getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        return le(4 + chars.length + 2).putInt(chars.length).put(chars).array();
    }

    /** A Crashpad MinidumpUTF8String (u32 length + bytes + NUL). */
    static byte[] utf8(String s) {
        byte[] chars = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return le(4 + chars.length + 1).putInt(chars.length).put(chars).array();
    }

    static byte[] systemInfo(int architecture) {
        return le(56).putShort(0, (short) architecture).array();
    }
}
