package io.dumpguard.detect.credentials;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Synthetic memory images for tests and the bench: pages of random bytes, zeros, pointer-like words and text
 * (log and config lines in ASCII, some in UTF-16LE), generated from a seed so a run can be repeated.
 */
final class MemoryImages {
    static final int PAGE = 4096;
    private static final String[] WORDS = {
        "the", "request", "failed", "with", "status", "connection", "reset", "by", "peer", "retrying", "in", "ms",
        "user", "session", "token", "expired", "key", "value", "secret", "store", "basic", "bearer", "auth",
        "password", "policy", "http://", "https://example.internal/api/v2/items", "java.lang.NullPointerException",
        "at", "com.example.service.Handler.handle(Handler.java:42)", "INFO", "WARN", "DEBUG", "thread-7",
        "{\"id\":", "\"name\":", "config", "timeout=30", "max_connections=64", "sk-", "key-value", "eyJ",
        "AccountName=store", "sig", "disk", "task-runner", "access", "place", "space", "face", "accept"};

    private MemoryImages() {
    }

    /** Fills {@code out} with a mix of page kinds (one quarter each). */
    static void fillMixed(byte[] out, long seed) {
        Random rnd = new Random(seed);
        for (int off = 0; off < out.length; off += PAGE) {
            int len = Math.min(PAGE, out.length - off);
            switch (rnd.nextInt(4)) {
                case 0 -> fillRandom(rnd, out, off, len);
                case 1 -> { } // zero page
                case 2 -> fillPointers(rnd, out, off, len);
                default -> fillText(rnd, out, off, len, rnd.nextInt(4) == 0);
            }
        }
    }

    static void fillRandom(Random rnd, byte[] out, int off, int len) {
        for (int i = 0; i < len; i += 8) {
            long v = rnd.nextLong();
            for (int b = 0; b < 8 && i + b < len; b++) {
                out[off + i + b] = (byte) (v >>> (8 * b));
            }
        }
    }

    /** Little-endian 64-bit words that look like heap pointers and small integers. */
    static void fillPointers(Random rnd, byte[] out, int off, int len) {
        long heap = 0x00007f3a_00000000L | (rnd.nextInt() & 0xFFFF0000L);
        for (int i = 0; i + 8 <= len; i += 8) {
            long v = switch (rnd.nextInt(3)) {
                case 0 -> heap + (rnd.nextInt(1 << 20) & ~7);
                case 1 -> rnd.nextInt(256);
                default -> 0x0000_5555_0000_0000L + (rnd.nextInt() & 0xFFFFFFF0L);
            };
            for (int b = 0; b < 8; b++) {
                out[off + i + b] = (byte) (v >>> (8 * b));
            }
        }
    }

    static void fillText(Random rnd, byte[] out, int off, int len, boolean utf16) {
        StringBuilder sb = new StringBuilder();
        int want = utf16 ? len / 2 : len;
        while (sb.length() < want) {
            sb.append(WORDS[rnd.nextInt(WORDS.length)]).append(rnd.nextInt(12) == 0 ? '\n' : ' ');
        }
        byte[] text = (utf16 ? TextEncoding.UTF_16LE.encode(sb) : sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        System.arraycopy(text, 0, out, off, Math.min(len, text.length));
    }
}
