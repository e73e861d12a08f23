package io.dumpguard.detect.credentials;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Synthetic memory images for tests and the bench: pages of random bytes, zeros, pointer-like words and text
 * (log and config lines in ASCII, some in UTF-16LE), generated from a seed so a run can be repeated.
 */
final class MemoryImages {
    static final int PAGE = 4096;
    /**
     * Words of log lines, stack traces, config and HTTP traffic. Credential keywords and anchor look-alikes
     * ("token", "secret", "key-value", "access", "sk-", "eyJ", "://") appear, about one word in twelve: denser than
     * in real process memory, so text pages are not flattered.
     */
    private static final String[] WORDS = {
        "the", "request", "failed", "with", "status", "connection", "reset", "by", "peer", "retrying", "in", "ms",
        "user", "session", "expired", "value", "store", "policy", "at", "INFO", "WARN", "DEBUG", "ERROR",
        "thread-7", "main", "worker", "pool-2-thread-1", "java.lang.NullPointerException",
        "com.example.service.Handler.handle(Handler.java:42)", "org.apache.catalina.core.StandardWrapperValve",
        "{\"id\":", "\"name\":", "\"items\":", "[]", "null", "true", "false", "config", "timeout=30",
        "max_connections=64", "/usr/lib/x86_64-linux-gnu/libc.so.6", "/var/log/app/server.log", "GET", "POST",
        "HTTP/1.1", "200", "404", "Content-Type:", "application/json", "Accept-Encoding:", "gzip", "Host:",
        "localhost:8080", "User-Agent:", "Mozilla/5.0", "X-Request-Id:", "a1b2c3d4", "2024-06-05T10:15:30Z",
        "and", "for", "not", "this", "that", "from", "was", "are", "will", "can", "have", "been", "when", "which",
        "there", "their", "would", "about", "could", "other", "after", "first", "never", "these", "think", "where",
        "being", "every", "great", "might", "shall", "while", "should", "because", "through", "between",
        "information", "available", "database", "transaction", "committed", "rollback", "queue", "message",
        "received", "processed", "cache", "miss", "hit", "loaded", "class", "method", "field", "object", "array",
        "string", "buffer", "offset", "length", "index", "count", "total", "elapsed", "started", "stopped",
        "token", "secret", "key-value", "access", "place", "space", "face", "accept", "basic", "bearer",
        "password", "sk-", "eyJ", "https://example.internal/api/v2/items", "disk", "task-runner"};

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
