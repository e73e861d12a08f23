package io.dumpguard.core;

/**
 * Every bound a reader or detector checks untrusted lengths against, in one immutable object (after Jackson's
 * {@code StreamReadConstraints}). A {@link io.dumpguard.core.error.LimitExceededException} names the limit and the
 * command-line option that raises it.
 *
 * @param maxDecompressedBytes   largest size a compressed container may expand to (compression bombs)
 * @param maxExpansionRatio      largest decompressed/compressed ratio accepted
 * @param maxRecordBytes         largest single record/stream a reader accepts (HPROF record, minidump stream)
 * @param maxRegions             most regions (segments, memory ranges, streams) a dump may declare
 * @param maxClasses             most class definitions a heap dump may declare
 * @param maxTrackedObjects      most objects the heap reader keeps facts about (key objects and what they reach)
 * @param maxFindings            most findings one run keeps before refusing (a sign of a runaway detector)
 * @param maxSecretValues        most distinct secret values propagated
 * @param maxKeyStructureBytes   longest key encoding a detector parses (PEM/JWK/DER), also the scan overlap
 */
public record Limits(long maxDecompressedBytes, int maxExpansionRatio, long maxRecordBytes, int maxRegions,
                     int maxClasses, int maxTrackedObjects, int maxFindings, int maxSecretValues,
                     int maxKeyStructureBytes) {

    public static final Limits DEFAULT = new Limits(
            1L << 40,      // 1 TiB
            2000,
            1L << 36,      // 64 GiB: a HEAP_DUMP record can hold the whole heap
            4_000_000,
            1_000_000,
            4_000_000,
            1_000_000,
            100_000,
            64 * 1024);

    public Limits withMaxDecompressedBytes(long v) {
        return new Limits(v, maxExpansionRatio, maxRecordBytes, maxRegions, maxClasses, maxTrackedObjects,
                maxFindings, maxSecretValues, maxKeyStructureBytes);
    }

    public Limits withMaxExpansionRatio(int v) {
        return new Limits(maxDecompressedBytes, v, maxRecordBytes, maxRegions, maxClasses, maxTrackedObjects,
                maxFindings, maxSecretValues, maxKeyStructureBytes);
    }

    public Limits withMaxRecordBytes(long v) {
        return new Limits(maxDecompressedBytes, maxExpansionRatio, v, maxRegions, maxClasses, maxTrackedObjects,
                maxFindings, maxSecretValues, maxKeyStructureBytes);
    }
}
