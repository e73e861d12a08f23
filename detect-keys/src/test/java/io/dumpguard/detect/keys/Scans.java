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

    public static List<DetectorFactory> primary() {
        return KeyDetectors.factories().stream().filter(f -> f.role() == DetectorFactory.Role.PRIMARY).toList();
    }
}
