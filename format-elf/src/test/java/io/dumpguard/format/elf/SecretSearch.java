package io.dumpguard.format.elf;

import io.dumpguard.core.Layouts;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where named big numbers occur in a file in every memory layout (big-endian, little-endian, word-swapped).
 * Reports names, layouts and offsets only.
 */
final class SecretSearch {
    record Hit(String name, Layouts.Layout layout, long offset, int length) {
        @Override
        public String toString() {
            return name + "/" + layout.id() + "@0x" + Long.toHexString(offset);
        }
    }

    private final Map<String, byte[]> values = new LinkedHashMap<>();

    SecretSearch add(String name, BigInteger v) {
        byte[] b = v.toByteArray();
        values.put(name, b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b);
        return this;
    }

    Map<String, byte[]> values() {
        return values;
    }

    List<Hit> find(Path file) throws IOException {
        byte[] hay = Files.readAllBytes(file);
        // one pass: index the needles by their first four bytes
        Map<Integer, List<Object[]>> byHead = new java.util.HashMap<>();
        for (var e : values.entrySet()) {
            for (Layouts.Layout l : Layouts.Layout.values()) {
                byte[] n = Layouts.toLayout(e.getValue(), l);
                byHead.computeIfAbsent(head(n, 0), k -> new ArrayList<>()).add(new Object[] {e.getKey(), l, n});
            }
        }
        List<Hit> hits = new ArrayList<>();
        for (int i = 0; i + 4 <= hay.length; i++) {
            List<Object[]> c = byHead.get(head(hay, i));
            if (c == null) {
                continue;
            }
            for (Object[] o : c) {
                byte[] n = (byte[]) o[2];
                if (i + n.length <= hay.length && java.util.Arrays.equals(hay, i, i + n.length, n, 0, n.length)) {
                    hits.add(new Hit((String) o[0], (Layouts.Layout) o[1], i, n.length));
                }
            }
        }
        return hits;
    }

    private static int head(byte[] b, int i) {
        return (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
    }
}
