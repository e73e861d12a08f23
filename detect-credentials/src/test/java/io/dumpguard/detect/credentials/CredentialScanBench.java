package io.dumpguard.detect.credentials;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throughput harness (not a unit test): scans a mixed memory image with the whole built-in pack and prints MB/s.
 * Run after {@code mvn -pl detect-credentials install}:
 * <pre>
 * java -Xmx2g -cp "detect-credentials/target/classes:detect-credentials/target/test-classes:$(cat cp.txt)" \
 *     io.dumpguard.detect.credentials.CredentialScanBench /tmp/dg-bench/mixed-1g.img 2 [sizeMiB [pages]]
 * </pre>
 * The image is generated when the file is missing, so {@code yara} can be timed on the same bytes: {@code pages} is
 * {@code mixed} (random, zero, pointer-like and text pages, a quarter each; the default) or one page kind alone
 * ({@code random}, {@code zero}, {@code pointer}, {@code ascii}, {@code utf16}) to see where the time goes. Threads read 8 MiB chunks with the largest match as overlap, as the
 * engine does.
 */
public final class CredentialScanBench {
    private static final int CHUNK = 8 << 20;

    private CredentialScanBench() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "/tmp/dg-bench/mixed-1g.img");
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        long mib = args.length > 2 ? Long.parseLong(args[2]) : 1024;
        String pages = args.length > 3 ? args[3] : "mixed";
        if (!Files.exists(file)) {
            generate(file, mib << 20, pages);
        }
        CredentialRules rules = CredentialRules.builtin();
        long size = Files.size(file);
        System.out.printf("image %s, %d MiB, %d rules, %d threads%n", file, size >> 20, rules.rules().size(), threads);
        int rounds = Integer.getInteger("rounds", 4);
        for (int round = 0; round < rounds; round++) {
            AtomicLong matches = new AtomicLong();
            AtomicLong cpuNanos = new AtomicLong();
            java.util.Map<String, AtomicLong> perRule = new java.util.concurrent.ConcurrentHashMap<>();
            long t0 = System.nanoTime();
            scan(file, size, rules, threads, matches, cpuNanos, perRule);
            double s = (System.nanoTime() - t0) / 1e9;
            double cpu = cpuNanos.get() / 1e9;
            // the machine is shared: CPU time per scanning thread says what one core does undisturbed
            System.out.printf("round %d: wall %.0f MB/s (%.2f s); CPU %.2f s = %.0f MB/s per core, %.0f MB/s on %d"
                    + " cores; %d matches %s%n", round, size / 1e6 / s, s, cpu, size / 1e6 / cpu,
                    threads * size / 1e6 / cpu, threads, matches.get(), new java.util.TreeMap<>(perRule));
        }
    }

    static void scan(Path file, long size, CredentialRules rules, int threads, AtomicLong matches, AtomicLong cpuNanos,
                     java.util.Map<String, AtomicLong> perRule) throws Exception {
        int overlap = rules.maxMatchBytes();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            AtomicLong next = new AtomicLong();
            for (int t = 0; t < threads; t++) {
                jobs.add(pool.submit(() -> {
                    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
                    long cpu0 = mx.getCurrentThreadCpuTime();
                    CredentialMatcher m = rules.newMatcher();
                    byte[] buf = new byte[CHUNK + overlap];
                    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                        long pos;
                        while ((pos = next.getAndAdd(CHUNK)) < size) {
                            int want = (int) Math.min(buf.length, size - pos);
                            ByteBuffer bb = ByteBuffer.wrap(buf, 0, want);
                            long at = pos;
                            while (bb.hasRemaining()) {
                                int n = ch.read(bb, at);
                                if (n < 0) {
                                    break;
                                }
                                at += n;
                            }
                            int end = (int) Math.min(CHUNK, size - pos);
                            for (CredentialMatch cm : m.scan(buf, 0, end, want)) {
                                matches.incrementAndGet();
                                perRule.computeIfAbsent(cm.rule().id(), k -> new AtomicLong()).incrementAndGet();
                            }
                        }
                    }
                    cpuNanos.addAndGet(mx.getCurrentThreadCpuTime() - cpu0);
                    return null;
                }));
            }
            for (Future<?> f : jobs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    static void generate(Path file, long bytes, String pages) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] block = new byte[64 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long done = 0, seed = 1; done < bytes; done += block.length, seed++) {
                java.util.Arrays.fill(block, (byte) 0);
                fill(block, seed, pages);
                out.write(block, 0, (int) Math.min(block.length, bytes - done));
            }
        }
    }

    private static void fill(byte[] block, long seed, String pages) {
        java.util.Random rnd = new java.util.Random(seed);
        int page = MemoryImages.PAGE;
        for (int off = 0; off < block.length; off += page) {
            switch (pages) {
                case "mixed" -> {
                    MemoryImages.fillMixed(block, seed);
                    return;
                }
                case "random" -> MemoryImages.fillRandom(rnd, block, off, page);
                case "zero" -> { }
                case "pointer" -> MemoryImages.fillPointers(rnd, block, off, page);
                case "ascii" -> MemoryImages.fillText(rnd, block, off, page, false);
                case "utf16" -> MemoryImages.fillText(rnd, block, off, page, true);
                default -> throw new IllegalArgumentException("pages: mixed, random, zero, pointer, ascii or utf16");
            }
        }
    }
}
