package io.dumpguard.engine;

import io.dumpguard.core.Layouts;
import io.dumpguard.core.SecretValue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An independent, deliberately simple check that secret values are gone from a file: a plain substring search
 * for every value in every layout memory uses (big-endian, little-endian, word-swapped for numbers; Latin-1,
 * UTF-16LE and UTF-16BE for text). It shares no code with the detectors, which is the point. Used by the demo
 * and by end-to-end tests; returns descriptions, never values.
 */
public final class ResidueSearch {
    private static final int BLOCK = 16 << 20;

    private ResidueSearch() {
    }

    /** Every layout of {@code s} worth searching for, keyed by a description. */
    public static Map<String, byte[]> layouts(SecretValue s) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        byte[] v = s.bytes();
        switch (s.kind()) {
            case INTEGER -> {
                m.put(s.what() + " (big-endian)", v);
                m.put(s.what() + " (little-endian)", Layouts.reversed(v));
                m.put(s.what() + " (word-swapped)", Layouts.wordSwapped(v));
            }
            case BYTES -> m.put(s.what(), v);
            case TEXT -> {
                String t = new String(v, StandardCharsets.ISO_8859_1);
                m.put(s.what() + " (latin-1)", v);
                m.put(s.what() + " (utf-16le)", t.getBytes(StandardCharsets.UTF_16LE));
                m.put(s.what() + " (utf-16be)", t.getBytes(StandardCharsets.UTF_16BE));
            }
            default -> throw new IllegalStateException(s.kind().toString());
        }
        return m;
    }

    /**
     * Reads a test/demo secrets file: one {@code kind:what:hex} line per value, kind {@code integer}, {@code bytes}
     * or {@code text}. Such files exist only beside generated dumps, for this check.
     */
    public static List<SecretValue> readSecretsFile(Path f) throws IOException {
        List<SecretValue> out = new ArrayList<>();
        for (String line : Files.readAllLines(f)) {
            String[] parts = line.split(":", 3);
            byte[] v = java.util.HexFormat.of().parseHex(parts[2]);
            out.add(switch (parts[0]) {
                case "integer" -> SecretValue.integer(v, parts[1]);
                case "text" -> SecretValue.text(v, parts[1]);
                default -> SecretValue.bytes(v, parts[1]);
            });
        }
        return out;
    }

    /** Descriptions of the layouts of {@code secrets} that still occur in {@code file}. */
    public static List<String> remaining(Path file, List<SecretValue> secrets) throws IOException {
        Map<String, byte[]> patterns = new LinkedHashMap<>();
        for (SecretValue s : secrets) {
            patterns.putAll(layouts(s));
        }
        int maxLen = patterns.values().stream().mapToInt(b -> b.length).max().orElse(0);
        List<String> found = new ArrayList<>();
        byte[] buf = new byte[BLOCK + maxLen];
        try (InputStream in = Files.newInputStream(file)) {
            int have = 0;
            boolean eof = false;
            while (!eof) {
                int n = in.readNBytes(buf, have, buf.length - have);
                eof = have + n < buf.length;
                int total = have + n;
                for (var e : patterns.entrySet()) {
                    if (!found.contains(e.getKey()) && indexOf(buf, total, e.getValue()) >= 0) {
                        found.add(e.getKey());
                    }
                }
                int keep = Math.min(maxLen, total);
                System.arraycopy(buf, total - keep, buf, 0, keep);
                have = keep;
            }
        }
        return found;
    }

    static int indexOf(byte[] hay, int len, byte[] needle) {
        return indexOf(hay, 0, len, needle);
    }

    /** First index {@code >= from} where {@code needle} occurs in {@code hay[0, len)}, or -1. Plain and slow on purpose. */
    public static int indexOf(byte[] hay, int from, int len, byte[] needle) {
        if (needle.length == 0) {
            return -1;
        }
        byte first = needle[0];
        outer:
        for (int i = Math.max(0, from); i + needle.length <= len; i++) {
            if (hay[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
