package io.dumpguard.detect.keys;

import io.dumpguard.core.Finding;
import io.dumpguard.core.Region;
import io.dumpguard.core.spi.ByteDetector;
import io.dumpguard.core.spi.DetectorFactory;
import io.dumpguard.core.spi.ScanChunk;
import io.dumpguard.core.spi.ScanContext;

import java.util.ArrayList;
import java.util.List;

/** Test helper: scans a buffer as the engine does, in chunks that overlap by the detector's maxMatchBytes. */
public final class Scans {
    private Scans() {
    }

    public static List<Finding> whole(DetectorFactory f, ScanContext ctx, byte[] data) throws Exception {
        ByteDetector d = f.create(ctx);
        List<Finding> out = new ArrayList<>();
        if (d != null) {
            d.scan(ScanChunk.of(data), out::add);
        }
        return out;
    }

    /** Chunks of {@code chunk} bytes, each readable up to maxMatchBytes further. */
    public static List<Finding> chunked(DetectorFactory f, ScanContext ctx, byte[] data, int chunk) throws Exception {
        ByteDetector d = f.create(ctx);
        List<Finding> out = new ArrayList<>();
        if (d == null) {
            return out;
        }
        Region region = Region.raw(0, data.length);
        for (int s = 0; s < data.length; s += chunk) {
            int e = Math.min(data.length, s + chunk);
            int limit = (int) Math.min(data.length, (long) e + d.maxMatchBytes());
            d.scan(new ScanChunk(data, s, e, limit, 0, region), out::add);
        }
        return out;
    }

    /**
     * As the engine hands pieces over: each piece of {@code chunk} bytes (with its overlap) copied into a batch
     * after {@code garbage} unrelated bytes (another region's, or a stale batch's), so a detector that looks before
     * a piece's start sees those, never the bytes that precede the piece in the file.
     */
    public static List<Finding> packed(DetectorFactory f, ScanContext ctx, byte[] data, int chunk, int garbage)
            throws Exception {
        ByteDetector d = f.create(ctx);
        List<Finding> out = new ArrayList<>();
        if (d == null) {
            return out;
        }
        Region region = Region.raw(0, data.length);
        java.util.Random r = new java.util.Random(data.length);
        for (int s = 0; s < data.length; s += chunk) {
            int e = Math.min(data.length, s + chunk);
            int limit = (int) Math.min(data.length, (long) e + d.maxMatchBytes());
            byte[] batch = new byte[garbage + limit - s];
            r.nextBytes(batch);
            System.arraycopy(data, s, batch, garbage, limit - s);
            d.scan(new ScanChunk(batch, garbage, garbage + e - s, garbage + limit - s, s - garbage, region), out::add);
        }
        return out;
    }

    public static List<DetectorFactory> primary() {
        return KeyDetectors.factories().stream().filter(f -> f.role() == DetectorFactory.Role.PRIMARY).toList();
    }
}
