package io.dumpguard.format.elf;

import io.dumpguard.core.Layouts;

import java.io.IOException;
import java.math.BigInteger;
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

    /** Streams the file in chunks (cores run to gigabytes), overlapping by the longest needle. */
    List<Hit> find(Path file) throws IOException {
        Map<Integer, List<Object[]>> byHead = new java.util.HashMap<>();
        int longest = 4;
        for (var e : values.entrySet()) {
            for (Layouts.Layout l : Layouts.Layout.values()) {
                byte[] n = Layouts.toLayout(e.getValue(), l);
                longest = Math.max(longest, n.length);
                byHead.computeIfAbsent(head(n, 0), k -> new ArrayList<>()).add(new Object[] {e.getKey(), l, n});
            }
        }
        List<Hit> hits = new ArrayList<>();
        byte[] buf = new byte[(16 << 20) + longest];
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
            long size = ch.size();
            for (long base = 0; base < size; base += buf.length - longest) {
                java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(buf);
                while (bb.hasRemaining() && ch.read(bb, base + bb.position()) > 0) {
                    // fill
                }
                int n = bb.position();
                int starts = base + n >= size ? n : n - longest;
                for (int i = 0; i < starts && i + 4 <= n; i++) {
                    List<Object[]> c = byHead.get(head(buf, i));
                    if (c == null) {
                        continue;
                    }
                    for (Object[] o : c) {
                        byte[] nd = (byte[]) o[2];
                        if (i + nd.length <= n && java.util.Arrays.equals(buf, i, i + nd.length, nd, 0, nd.length)) {
                            hits.add(new Hit((String) o[0], (Layouts.Layout) o[1], base + i, nd.length));
                        }
                    }
                }
                if (base + n >= size) {
                    break;
                }
            }
        }
        return hits;
    }

    private static int head(byte[] b, int i) {
        return (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
    }
}
