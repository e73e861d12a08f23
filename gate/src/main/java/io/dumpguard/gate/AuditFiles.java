package io.dumpguard.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The audit log's files on disk: naming, listing in order, reading lines and the last line. */
final class AuditFiles {
    /** Longest audit line accepted; an event that would be longer has its reason shortened. */
    static final int MAX_LINE_BYTES = 64 * 1024;
    static final String GENESIS = "0".repeat(64);
    static final String LOCK_FILE = ".audit.lock";
    private static final Pattern NAME = Pattern.compile("audit-(\\d{6,})\\.jsonl");
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditFiles() {
    }

    static Path file(Path dir, long number) {
        return dir.resolve(String.format("audit-%06d.jsonl", number));
    }

    static long number(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /** The log files in chain order. */
    static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> number(p) >= 0).sorted((a, b) -> Long.compare(number(a), number(b))).toList();
        }
    }

    static String hash(String line) {
        return HexFormat.of().formatHex(DurableFiles.sha256().digest(line.getBytes(StandardCharsets.UTF_8)));
    }

    static JsonNode parse(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            return n != null && n.isObject() && n.path("seq").canConvertToLong() && n.path("prev").isTextual()
                    ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Complete lines of {@code file}; a trailing partial line (no newline) is returned too, flagged by the caller. */
    static List<String> lines(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String l; (l = r.readLine()) != null; ) {
                out.add(l);
            }
        }
        return out;
    }

    /**
     * The end of a log file.
     *
     * @param lastLine     the last complete line, or null when there is none
     * @param partialStart offset of a trailing partial line (no newline), or -1
     * @param size         file size
     */
    record Tail(String lastLine, long partialStart, long size) {
    }

    static Tail tail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new Tail(null, -1, 0);
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long size = raf.length();
            if (size == 0) {
                return new Tail(null, -1, 0);
            }
            int window = (int) Math.min(size, 2L * MAX_LINE_BYTES + 2);
            byte[] buf = new byte[window];
            raf.seek(size - window);
            raf.readFully(buf);
            int end = window; // exclusive end of the region holding complete lines
            long partialStart = -1;
            if (buf[window - 1] != '\n') {
                int nl = lastIndexOf(buf, window - 1);
                end = nl + 1;
                partialStart = size - window + end;
                if (nl < 0 && window < size) {
                    throw new IOException(file + ": last line is longer than " + MAX_LINE_BYTES + " bytes");
                }
            }
            if (end == 0) {
                return new Tail(null, partialStart, size);
            }
            int start = lastIndexOf(buf, end - 1) + 1; // end-1 is the newline of the last complete line
            if (start == 0 && window < size) {
                throw new IOException(file + ": last line is longer than " + MAX_LINE_BYTES + " bytes");
            }
            return new Tail(new String(buf, start, end - 1 - start, StandardCharsets.UTF_8), partialStart, size);
        }
    }

    /** Index of the last '\n' strictly before {@code before}, or -1. */
    private static int lastIndexOf(byte[] b, int before) {
        for (int i = before - 1; i >= 0; i--) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
