package io.dumpguard.engine;

import io.dumpguard.core.Region;
import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.io.MappedFile;
import io.dumpguard.core.spi.ByteDetector;
import io.dumpguard.core.spi.FindingSink;
import io.dumpguard.core.spi.ParsedDump;
import io.dumpguard.core.spi.ScanChunk;

import java.util.List;

/**
 * Feeds every region of a dump through the byte detectors in chunks. Consecutive chunks of one region overlap by
 * the longest structure any detector matches, and each detector reports only matches that start in its chunk's
 * own part, so a structure straddling a chunk boundary is found exactly once.
 */
final class RegionScanner {
    static final int CHUNK = 8 << 20;
    private static final long PROGRESS_STEP = 64L << 20;

    private final MappedFile file;
    private final List<ByteDetector> detectors;
    private final int overlap;
    private final byte[] buffer;
    private final Progress progress;
    private final String phase;
    private long scanned;
    private long nextProgress = PROGRESS_STEP;

    RegionScanner(MappedFile file, List<ByteDetector> detectors, int minOverlap, Progress progress, String phase) {
        this.file = file;
        this.detectors = detectors;
        int o = minOverlap;
        for (ByteDetector d : detectors) {
            o = Math.max(o, d.maxMatchBytes());
        }
        this.overlap = Math.min(o, MappedFile.OVERLAP);
        this.buffer = new byte[CHUNK + overlap];
        this.progress = progress;
        this.phase = phase;
    }

    void scan(ParsedDump dump, FindingSink sink) throws InputRefusedException {
        if (detectors.isEmpty()) {
            return;
        }
        dump.regions(region -> scanRegion(region, sink));
        progress.update(phase, file.size(), file.size());
    }

    private void scanRegion(Region region, FindingSink sink) throws InputRefusedException {
        long pos = region.offset();
        long end = region.end();
        while (pos < end) {
            int own = (int) Math.min(CHUNK, end - pos);
            int limit = (int) Math.min(end - pos, (long) own + overlap);
            file.read(pos, buffer, 0, limit, "region " + region.label());
            ScanChunk chunk = new ScanChunk(buffer, 0, own, limit, pos, region);
            for (ByteDetector d : detectors) {
                d.scan(chunk, sink);
            }
            pos += own;
            scanned += own;
            if (scanned >= nextProgress) {
                nextProgress = scanned + PROGRESS_STEP;
                progress.update(phase, Math.min(pos, file.size()), file.size());
            }
        }
    }
}
