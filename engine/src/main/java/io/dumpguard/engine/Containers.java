package io.dumpguard.engine;

import io.dumpguard.core.Limits;
import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.error.LimitExceededException;
import io.dumpguard.core.error.MalformedDumpException;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Compressed and archived dumps: gzip, zstd, bzip2, zip and tar, detected by magic bytes and nested up to
 * {@link #MAX_DEPTH} layers. The content is unwrapped into a work file (bounded by
 * {@link Limits#maxDecompressedBytes()} and {@link Limits#maxExpansionRatio()} against compression bombs) and the
 * sanitized content is wrapped back in the same layers. Archives must hold exactly one file.
 */
final class Containers {
    static final int MAX_DEPTH = 4;

    enum Kind { GZIP, ZSTD, BZIP2, ZIP, TAR }

    /** One container layer and what is needed to write it back. */
    record Layer(Kind kind, String entryName, long entryMtime, int entryMode) {
        String id() {
            return kind.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The dump content and the layers around it, outermost first. */
    record Unwrapped(Path content, List<Layer> layers, List<Path> temporaries) implements AutoCloseable {
        String containerId() {
            if (layers.isEmpty()) {
                return null;
            }
            return String.join("+", layers.stream().map(Layer::id).toList());
        }

        @Override
        public void close() {
            for (Path p : temporaries) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a leftover temp file in the work dir is not a reason to fail the run
                }
            }
        }
    }

    private Containers() {
    }

    static Kind detect(byte[] head, int n) {
        if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return Kind.GZIP;
        }
        if (n >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                && (head[3] & 0xff) == 0xfd) {
            return Kind.ZSTD;
        }
        if (n >= 4 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h' && head[3] >= '1' && head[3] <= '9') {
            return Kind.BZIP2;
        }
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return Kind.ZIP;
        }
        if (n >= 262 && head[257] == 'u' && head[258] == 's' && head[259] == 't' && head[260] == 'a'
                && head[261] == 'r') {
            return Kind.TAR;
        }
        return null;
    }

    static byte[] head(Path p, int max) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return in.readNBytes(max);
        }
    }

    static Unwrapped unwrap(Path input, Path workDir, Limits limits) throws IOException, InputRefusedException {
        List<Layer> layers = new ArrayList<>();
        List<Path> temps = new ArrayList<>();
        Path current = input;
        long compressedSize = Files.size(input);
        try {
            for (int depth = 0; ; depth++) {
                byte[] head = head(current, 512);
                Kind kind = detect(head, head.length);
                if (kind == null) {
                    return new Unwrapped(current, Collections.unmodifiableList(layers), temps);
                }
                if (depth >= MAX_DEPTH) {
                    throw new LimitExceededException("container nesting depth", depth + 1, MAX_DEPTH, null);
                }
                Path next = Files.createTempFile(workDir, ".dumpguard-unwrap-", ".bin");
                temps.add(next);
                Layer layer = extract(kind, current, next, limits, compressedSize);
                layers.add(layer);
                current = next;
            }
        } catch (IOException | InputRefusedException | RuntimeException e) {
            new Unwrapped(current, layers, temps).close();
            throw e;
        }
    }

    private static Layer extract(Kind kind, Path from, Path to, Limits limits, long compressedSize)
            throws IOException, InputRefusedException {
        long ratio = limits.maxExpansionRatio();
        long byRatio = compressedSize > Long.MAX_VALUE / ratio ? Long.MAX_VALUE : compressedSize * ratio;
        long max = Math.min(limits.maxDecompressedBytes(), Math.max(1L << 20, byRatio));
        try {
            switch (kind) {
                case GZIP -> {
                    try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(from)), 1 << 16)) {
                        copyBounded(in, to, max, "gzip");
                    }
                    return new Layer(kind, null, 0, 0);
                }
                case ZSTD -> {
                    try (InputStream in = new ZstdCompressorInputStream(new BufferedInputStream(Files.newInputStream(from)))) {
                        copyBounded(in, to, max, "zstd");
                    }
                    return new Layer(kind, null, 0, 0);
                }
                case BZIP2 -> {
                    try (InputStream in = new BZip2CompressorInputStream(new BufferedInputStream(Files.newInputStream(from)), true)) {
                        copyBounded(in, to, max, "bzip2");
                    }
                    return new Layer(kind, null, 0, 0);
                }
                case ZIP -> {
                    return extractZip(from, to, max);
                }
                case TAR -> {
                    return extractTar(from, to, max);
                }
                default -> throw new IllegalStateException(kind.toString());
            }
        } catch (java.nio.file.FileSystemException e) {
            throw e;
        } catch (IOException e) {
            // anything else a decompressor throws means the stream is not what its magic claims
            throw new MalformedDumpException(0, kind.name().toLowerCase(java.util.Locale.ROOT) + " stream",
                    "cannot decompress: " + e.getMessage());
        }
    }

    private static Layer extractZip(Path from, Path to, long max) throws IOException, InputRefusedException {
        try (ZipFile zip = ZipFile.builder().setPath(from).get()) {
            List<ZipArchiveEntry> files = new ArrayList<>();
            for (ZipArchiveEntry e : Collections.list(zip.getEntries())) {
                if (!e.isDirectory()) {
                    files.add(e);
                }
            }
            if (files.size() != 1) {
                throw new InputRefusedException("zip archive holds " + files.size()
                        + " files; dumpguard sanitizes archives of exactly one dump (extract it first)");
            }
            ZipArchiveEntry e = files.get(0);
            try (InputStream in = zip.getInputStream(e)) {
                copyBounded(in, to, max, "zip entry " + e.getName());
            }
            return new Layer(Kind.ZIP, e.getName(), e.getTime(), 0);
        }
    }

    private static Layer extractTar(Path from, Path to, long max) throws IOException, InputRefusedException {
        try (TarArchiveInputStream in = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(from)))) {
            TarArchiveEntry found = null;
            ArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                TarArchiveEntry t = (TarArchiveEntry) e;
                if (t.isDirectory()) {
                    continue;
                }
                if (!t.isFile() || found != null) {
                    throw new InputRefusedException("tar archive holds more than one file or a non-regular entry ("
                            + t.getName() + "); dumpguard sanitizes archives of exactly one dump");
                }
                found = t;
                copyBounded(in, to, max, "tar entry " + t.getName());
            }
            if (found == null) {
                throw new InputRefusedException("tar archive holds no file");
            }
            return new Layer(Kind.TAR, found.getName(), found.getModTime().getTime(), found.getMode());
        }
    }

    private static void copyBounded(InputStream in, Path to, long max, String what)
            throws IOException, LimitExceededException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(to), 1 << 16)) {
            byte[] buf = new byte[1 << 16];
            long total = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > max) {
                    throw new LimitExceededException("decompressed size of " + what, total, max,
                            "a compression bomb, or raise --max-decompressed / --max-ratio");
                }
                out.write(buf, 0, n);
            }
        }
    }

    /** Wraps {@code content} in {@code layers} (outermost first) into {@code out}. */
    static void rewrap(Path content, List<Layer> layers, Path out, Path workDir) throws IOException {
        Path current = content;
        List<Path> temps = new ArrayList<>();
        try {
            for (int i = layers.size() - 1; i >= 0; i--) {
                Path next = i == 0 ? out : Files.createTempFile(workDir, ".dumpguard-wrap-", ".bin");
                if (i != 0) {
                    temps.add(next);
                }
                wrap(current, layers.get(i), next);
                current = next;
            }
        } finally {
            for (Path t : temps) {
                Files.deleteIfExists(t);
            }
        }
    }

    private static void wrap(Path from, Layer layer, Path to) throws IOException {
        try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(to), 1 << 16)) {
            switch (layer.kind()) {
                case GZIP -> {
                    try (OutputStream o = new GZIPOutputStream(raw, 1 << 16)) {
                        Files.copy(from, o);
                    }
                }
                case ZSTD -> {
                    try (OutputStream o = new ZstdCompressorOutputStream(raw, 3)) {
                        Files.copy(from, o);
                    }
                }
                case BZIP2 -> {
                    try (OutputStream o = new BZip2CompressorOutputStream(raw)) {
                        Files.copy(from, o);
                    }
                }
                case ZIP -> {
                    try (ZipArchiveOutputStream o = new ZipArchiveOutputStream(raw)) {
                        ZipArchiveEntry e = new ZipArchiveEntry(layer.entryName());
                        e.setTime(layer.entryMtime());
                        o.putArchiveEntry(e);
                        Files.copy(from, o);
                        o.closeArchiveEntry();
                    }
                }
                case TAR -> {
                    try (TarArchiveOutputStream o = new TarArchiveOutputStream(raw)) {
                        o.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                        o.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                        TarArchiveEntry e = new TarArchiveEntry(layer.entryName());
                        e.setSize(Files.size(from));
                        e.setModTime(layer.entryMtime());
                        if (layer.entryMode() != 0) {
                            e.setMode(layer.entryMode());
                        }
                        o.putArchiveEntry(e);
                        Files.copy(from, o);
                        o.closeArchiveEntry();
                    }
                }
                default -> throw new IllegalStateException(layer.kind().toString());
            }
        }
    }
}
