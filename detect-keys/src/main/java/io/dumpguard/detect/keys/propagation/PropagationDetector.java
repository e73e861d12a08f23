package io.dumpguard.detect.keys.propagation;

import io.dumpguard.core.Layouts;
import io.dumpguard.core.SecretValue;
import io.dumpguard.core.spi.FindingSink;
import io.dumpguard.core.spi.ScanChunk;
import io.dumpguard.detect.keys.scan.NativeFirstDetector;
import io.dumpguard.detect.keys.scan.PatternIndex;
import io.dumpguard.nativematch.HyperscanLiterals;

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
 *
 * <p>Every form is a literal, so the search is Hyperscan's literal matcher where it is available (one native call
 * per batch, at several GB/s) and {@link PatternIndex} everywhere else and for small spans; a property test holds
 * the two equal. The patterns and the native database are built once per run and shared by the scanning threads.
 */
final class PropagationDetector extends NativeFirstDetector {
    static final String ID = "propagated";
    /** Shortest integer or byte string searched: 8 bytes occur by chance about once per 2^64 positions. */
    static final int MIN_BINARY_BYTES = 8;
    /** Shortest text searched, in characters. */
    static final int MIN_TEXT_CHARS = 6;
    /** Patterns at least this long go to the long-window index, sampled every 8 bytes. */
    static final int LONG_PATTERN = 15;

    /** One searchable form of one secret. */
    private record Form(SecretValue secret, String layout, int length) {
    }

    /** Everything a run's detectors share: the forms, the Java indexes and the native database (or null). */
    static final class Patterns {
        private final List<Form> longForms = new ArrayList<>();
        private final List<Form> shortForms = new ArrayList<>();
        private final PatternIndex longIndex;
        private final PatternIndex shortIndex;
        /** Literal id {@code i}: long form {@code i}, then short form {@code i - longForms.size()}. */
        private final HyperscanLiterals nativeDb;
        private final int longest;

        Patterns(List<SecretValue> secrets, boolean allowNative) {
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
                            longForms.add(new Form(s, form.getKey(), p.length));
                        }
                    } else if (shortPatterns.putIfAbsent(key, p) == null) {
                        shortForms.add(new Form(s, form.getKey(), p.length));
                    }
                }
            }
            longIndex = new PatternIndex(new ArrayList<>(longPatterns.values()), 8, 8);
            shortIndex = shortPatterns.isEmpty() ? null
                    : new PatternIndex(new ArrayList<>(shortPatterns.values()), 4, 3);
            List<byte[]> all = new ArrayList<>(longPatterns.values());
            all.addAll(shortPatterns.values());
            nativeDb = allowNative && !all.isEmpty() ? HyperscanLiterals.compile(all, null) : null;
            longest = max;
        }

        boolean isEmpty() {
            return longForms.isEmpty() && shortForms.isEmpty();
        }

        boolean isNative() {
            return nativeDb != null;
        }

        int formCount() {
            return longForms.size() + shortForms.size();
        }

        Form form(int literalId) {
            return literalId < longForms.size() ? longForms.get(literalId)
                    : shortForms.get(literalId - longForms.size());
        }
    }

    private final Patterns patterns;
    private final HyperscanLiterals.Scanner nativeScanner;

    PropagationDetector(Patterns patterns) {
        this.patterns = patterns;
        this.nativeScanner = patterns.nativeDb == null ? null : patterns.nativeDb.newScanner();
    }

    /** The searched forms of one secret by layout name; empty when the value is too short to search or all zero. */
    static Map<String, byte[]> forms(SecretValue s) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        byte[] v = s.unsafeBytes();
        if (Layouts.isAllZero(v)) {
            return out; // a wiped value: every zero page would match it, and it proves nothing
        }
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
        return Math.max(1, patterns.longest);
    }

    @Override
    protected boolean hasNative() {
        return nativeScanner != null;
    }

    /** The native path reports positions only and reads just the direct view; the Java path reads the array. */
    @Override
    public boolean needsArray(List<ScanChunk> chunks) {
        return !usesNative(chunks) || chunks.get(0).direct() == null;
    }

    @Override
    protected void scanJava(ScanChunk chunk, FindingSink sink) {
        byte[] data = chunk.data();
        patterns.longIndex.find(data, chunk.start(), chunk.end(), chunk.limit(),
                (p, pos) -> report(chunk, patterns.longForms.get(p), pos, sink));
        if (patterns.shortIndex != null) {
            patterns.shortIndex.find(data, chunk.start(), chunk.end(), chunk.limit(),
                    (p, pos) -> report(chunk, patterns.shortForms.get(p), pos, sink));
        }
    }

    /**
     * One native pass over the bytes of chunks packed back to back in one buffer; each match goes to the chunk it
     * starts in, if it ends within that chunk's limit (a match across two packed regions is no copy).
     */
    @Override
    protected void scanNative(List<ScanChunk> chunks, FindingSink sink) {
        int n = chunks.size();
        int[] starts = new int[n];
        for (int i = 0; i < n; i++) {
            starts[i] = chunks.get(i).start();
        }
        ScanChunk first = chunks.get(0);
        HyperscanLiterals.MatchHandler route = (id, end) -> {
            Form form = patterns.form(id);
            int pos = end - form.length();
            int i = java.util.Arrays.binarySearch(starts, pos);
            ScanChunk c = chunks.get(i >= 0 ? i : -i - 2);
            if (pos < c.end() && end <= c.limit()) {
                report(c, form, pos, sink);
            }
        };
        nativeScanner.scan(first.data(), first.direct(), first.start(), chunks.get(n - 1).limit(), route);
    }

    private static void report(ScanChunk chunk, Form form, int pos, FindingSink sink) {
        SecretValue s = form.secret();
        sink.accept(chunk.finding(ID, pos, form.length(), form.layout(),
                "copy of secret " + s.id() + " (" + s.what() + ") in " + form.layout() + " layout", List.of(s)));
    }

    @Override
    public List<String> proof() {
        return List.of("propagation: " + patterns.formCount() + " forms of proven secrets searched "
                + "at every byte offset (integers big-endian, little-endian, word-swapped; bytes as-is; text Latin-1, "
                + "UTF-16LE, UTF-16BE) by " + (patterns.isNative() ? "Hyperscan literal matching" : "a sampled index"));
    }
}
