package io.dumpguard.bench.jmh;

import io.dumpguard.core.Region;
import io.dumpguard.core.spi.ByteDetector;
import io.dumpguard.core.spi.DetectorFactory;
import io.dumpguard.core.spi.ScanChunk;
import io.dumpguard.core.spi.ScanContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.ServiceLoader;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One detector family over 64 MiB of mixed bytes (random, zero, pointer-like and text pages), one thread: the
 * per-core cost of each first stage. Bytes per second = 64 MiB / score.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar DetectorBenchmark -p detector=aes.schedule}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class DetectorBenchmark {
    static final int SIZE = 64 << 20;
    static final int CHUNK = 8 << 20;

    @Param({"key", "aes.schedule", "cred"})
    public String detector;

    private byte[] data;
    private ByteDetector d;

    @Setup
    public void setup() throws Exception {
        data = mixed(SIZE, 42);
        for (DetectorFactory f : ServiceLoader.load(DetectorFactory.class)) {
            if (f.id().equals(detector)) {
                d = f.create(ScanContext.defaults());
            }
        }
        if (d == null) {
            throw new IllegalArgumentException("no detector " + detector);
        }
    }

    @Benchmark
    public void scan(Blackhole bh) {
        Region r = Region.raw(0, data.length);
        for (int off = 0; off < data.length; off += CHUNK) {
            int limit = Math.min(data.length, off + CHUNK + 65536);
            d.scan(new ScanChunk(data, off, Math.min(data.length, off + CHUNK), limit, 0, r), bh::consume);
        }
    }

    /** Random, zero, pointer-like and ASCII-text 4 KiB pages in equal parts. */
    static byte[] mixed(int size, long seed) {
        byte[] b = new byte[size];
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] page = new byte[4096];
        for (int off = 0; off < size; off += 4096) {
            switch (rnd.nextInt(4)) {
                case 0 -> rnd.nextBytes(page);
                case 1 -> java.util.Arrays.fill(page, (byte) 0);
                case 2 -> {
                    for (int i = 0; i < 4096; i += 8) {
                        long v = 0x00007f0000000000L + 16L * rnd.nextInt(1 << 24);
                        for (int k = 0; k < 8; k++) {
                            page[i + k] = (byte) (v >>> (8 * k));
                        }
                    }
                }
                default -> {
                    for (int i = 0; i < 4096; i++) {
                        page[i] = (byte) (rnd.nextInt(10) == 0 ? ' ' : 'a' + rnd.nextInt(26));
                    }
                }
            }
            System.arraycopy(page, 0, b, off, 4096);
        }
        return b;
    }
}
