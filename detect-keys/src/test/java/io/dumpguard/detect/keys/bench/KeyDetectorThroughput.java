package io.dumpguard.detect.keys.bench;

import io.dumpguard.core.Region;
import io.dumpguard.core.spi.ByteDetector;
import io.dumpguard.core.spi.DetectorFactory;
import io.dumpguard.core.spi.ScanChunk;
import io.dumpguard.core.spi.ScanContext;
import io.dumpguard.detect.keys.KeyDetectors;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A quick throughput measurement (not a unit test, not JMH): builds a mixed memory image and prints MB/s per
 * detector, single-threaded, over 4 MiB chunks with 64 KiB overlap as the engine scans. Run with
 * {@code java -cp target/classes:target/test-classes:<deps> io.dumpguard.detect.keys.bench.KeyDetectorThroughput [MiB]}.
 * {@code -Dbench.only=key.registered} measures only the factories whose id starts with that prefix.
 * The lead's bench module measures the whole tool.
 */
public final class KeyDetectorThroughput {
    static final int CHUNK = 4 << 20;
    static final int OVERLAP = 64 << 10;

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        byte[] img = MixedImage.build(mib << 20, 42, args.length > 1 ? Integer.parseInt(args[1]) : -1);
        List<DetectorFactory> factories = new ArrayList<>(KeyDetectors.factories());
        String only = System.getProperty("bench.only", "");
        factories.removeIf(f -> !f.id().startsWith(only));
        for (int round = 0; round < 3; round++) {
            long total = 0;
            for (DetectorFactory f : factories) {
                ScanContext ctx = ScanContext.defaults();
                if (f.role() == DetectorFactory.Role.PROPAGATION) {
                    ctx = ctx.withSecrets(BenchSecrets.some(300));
                }
                ctx = BenchSecrets.withKnownKeys(f, ctx);
                ByteDetector d = f.create(ctx);
                if (d == null) {
                    continue;
                }
                // thread CPU time, so that other processes on a shared machine do not distort the figure
                var mx = java.lang.management.ManagementFactory.getThreadMXBean();
                long t = mx.getCurrentThreadCpuTime();
                long wall = System.nanoTime();
                long hits = scanAll(d, img);
                long ns = mx.getCurrentThreadCpuTime() - t;
                wall = System.nanoTime() - wall;
                total += ns;
                System.out.printf("round %d %-16s %8.0f MB/s (CPU time, %.2f s/GiB; wall %.2f s/GiB)  findings %d%n",
                        round, f.id(), img.length / (ns / 1e9) / 1e6, ns / 1e9 * (1L << 30) / img.length,
                        wall / 1e9 * (1L << 30) / img.length, hits);
                for (String line : f.proof(List.of(d))) {
                    System.out.println("    proof: " + line);
                }
            }
        }
    }

    static long scanAll(ByteDetector d, byte[] img) {
        AtomicLong n = new AtomicLong();
        Region region = Region.raw(0, img.length);
        for (int s = 0; s < img.length; s += CHUNK) {
            int e = Math.min(img.length, s + CHUNK);
            int limit = Math.min(img.length, e + OVERLAP);
            d.scan(new ScanChunk(img, s, e, limit, 0, region), f -> n.incrementAndGet());
        }
        return n.get();
    }
}
