package io.dumpguard.detect.keys.propagation;

import io.dumpguard.core.Layouts;
import io.dumpguard.core.SecretValue;
import io.dumpguard.core.spi.ByteDetector;
import io.dumpguard.core.spi.FindingSink;
import io.dumpguard.core.spi.ScanChunk;
import io.dumpguard.detect.keys.scan.PatternIndex;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every copy of every proven secret value, in every layout memory holds it in: integers big-endian, byte-reversed
 * (little-endian limbs) and word-swapped (Java int[] in native memory); raw bytes as they are; text as Latin-1,
 * UTF-16LE and UTF-16BE. Values shorter than {@link #MIN_BINARY_BYTES} bytes (or {@link #MIN_TEXT_CHARS}
 * characters) are not searched: they would match by chance.
 */
final class PropagationDetector implements ByteDetector {
    static final String ID = "propagated";
    /** Shortest integer or byte string searched: 8 bytes occur by chance about once per 2^64 positions. */
    static final int MIN_BINARY_BYTES = 8;
    /** Shortest text searched, in characters. */
    static final int MIN_TEXT_CHARS = 6;
    /** Patterns at least this long go to the long-window index, sampled every 8 bytes. */
    static final int LONG_PATTERN = 15;

    /** One searchable form of one secret. */
    private record Form(SecretValue secret, String layout) {
    }

    private final List<Form> longForms = new ArrayList<>();
    private final List<Form> shortForms = new ArrayList<>();
    private final PatternIndex longIndex;
    private final PatternIndex shortIndex;
    private final int longest;

    PropagationDetector(List<SecretValue> secrets) {
        Map<String, byte[]> longPatterns = new LinkedHashMap<>();
        Map<String, byte[]> shortPatterns = new LinkedHashMap<>();
        int max = 0;
        for (SecretValue s : secrets) {
            for (Map.Entry<String, byte[]> form : forms(s).entrySet()) {
                byte[] p = form.getValue();
                max = Math.max(max, p.length);
                String key = s.id() + "/" + form.getKey();
                if (p.length >= LONG_PATTERN) {
                    if (longPatterns.putIfAbsent(key, p) == null) {
                        longForms.add(new Form(s, form.getKey()));
                    }
                } else if (shortPatterns.putIfAbsent(key, p) == null) {
                    shortForms.add(new Form(s, form.getKey()));
                }
            }
        }
        longIndex = new PatternIndex(new ArrayList<>(longPatterns.values()), 8, 8);
        shortIndex = shortPatterns.isEmpty() ? null : new PatternIndex(new ArrayList<>(shortPatterns.values()), 4, 3);
        longest = max;
    }

    boolean isEmpty() {
        return longForms.isEmpty() && shortForms.isEmpty();
    }

    /** The searched forms of one secret by layout name; empty when the value is too short to search. */
    static Map<String, byte[]> forms(SecretValue s) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        byte[] v = s.unsafeBytes();
        switch (s.kind()) {
            case INTEGER -> {
                if (v.length >= MIN_BINARY_BYTES) {
                    out.put(Layouts.Layout.BIG_ENDIAN.id(), v);
                    out.put(Layouts.Layout.LITTLE_ENDIAN.id(), Layouts.reversed(v));
                    out.put(Layouts.Layout.WORD_SWAPPED.id(), Layouts.wordSwapped(v));
                }
            }
            case BYTES -> {
                if (v.length >= MIN_BINARY_BYTES) {
                    out.put("bytes", v);
                }
            }
            case TEXT -> {
                if (v.length >= MIN_TEXT_CHARS) {
                    String text = new String(v, StandardCharsets.ISO_8859_1);
                    out.put("latin-1", v);
                    out.put("utf-16le", text.getBytes(StandardCharsets.UTF_16LE));
                    out.put("utf-16be", text.getBytes(StandardCharsets.UTF_16BE));
                }
            }
        }
        return out;
    }

    @Override
    public int maxMatchBytes() {
        return Math.max(1, longest);
    }

    @Override
    public void scan(ScanChunk chunk, FindingSink sink) {
        byte[] data = chunk.data();
        longIndex.find(data, chunk.start(), chunk.end(), chunk.limit(),
                (p, pos) -> report(chunk, longForms.get(p), pos, sink));
        if (shortIndex != null) {
            shortIndex.find(data, chunk.start(), chunk.end(), chunk.limit(),
                    (p, pos) -> report(chunk, shortForms.get(p), pos, sink));
        }
    }

    private static void report(ScanChunk chunk, Form form, int pos, FindingSink sink) {
        SecretValue s = form.secret();
        int len = forms(s).get(form.layout()).length;
        sink.accept(chunk.finding(ID, pos, len, form.layout(),
                "copy of secret " + s.id() + " (" + s.what() + ") in " + form.layout() + " layout", List.of(s)));
    }

    @Override
    public List<String> proof() {
        return List.of("propagation: " + (longForms.size() + shortForms.size()) + " forms of proven secrets searched "
                + "at every byte offset (integers big-endian, little-endian, word-swapped; bytes as-is; text Latin-1, "
                + "UTF-16LE, UTF-16BE)");
    }
}
