/**
 * The HPROF heap dump format ({@link io.dumpguard.format.hprof.HprofFormat}, id {@code "hprof"}).
 *
 * <p>How a dump is read: {@link io.dumpguard.format.hprof.HprofWalker} walks every record and sub-record in file
 * order and validates it (every length against its record and the file, every tag and type known); each pass is
 * a {@link io.dumpguard.format.hprof.HprofVisitor}. {@code HprofParser} is the validating pass (classes, counts,
 * structural bytes); the same walk logs the regions ({@code RegionLog}, replayed by every later request for
 * regions instead of a walk) and indexes the heap records ({@code HeapRecordIndex}: object id range and key-class
 * instances per record). {@code KeyObjectAnalysis} is the bounded multi-pass resolution from key objects
 * ({@code KeyClassRules}) to the primitive arrays they reach, entering only the heap records the index says may
 * matter; {@code PolicyRangeWalk} the strict and paranoid policies' ranges.
 *
 * <p>Memory bound: per class a few longs and, once computed, its field layout (at most
 * {@code Limits.maxClasses} classes); per tracked key-related object two map entries (at most
 * {@code Limits.maxTrackedObjects}); fixed buffers per reader (256 KiB window, 64 KiB digest buffer); the region
 * log, at most {@code RegionLog.MAX_BYTES} (32 MiB, softly referenced, a walk takes over past it) and the heap
 * record index, at most {@code HeapRecordIndex.MAX_RECORDS} records (6 MiB). Nothing else is kept per ordinary
 * object, array or name, so the heap needed does not grow with the dump: a dump of any size
 * with a typical class count (10^4..10^5) is read in well under 64 MB of heap; the file itself is read through
 * {@link io.dumpguard.core.io.MappedFile} windows (files over 2 GiB, larger than RAM).
 *
 * <p>The structural bytes are every byte except primitive array payloads, the primitive field values of instances
 * and the texts of symbols nothing refers to: those are exactly what the policies may overwrite (paranoid blanks
 * primitive fields), so a sanitized copy has the same structural bytes as its input, while every tag, length, id,
 * reference, class record and name is among them. A parse digests them ({@code StructuralDigest}); a sanitize run's
 * input parse leaves them alone and the copy's parse compares them with the input's where the redaction wrote
 * ({@code StructuralComparison}, {@link io.dumpguard.format.hprof.HprofFormat#parseCopy}).
 *
 * <p>Test and benchmark inputs: {@link io.dumpguard.format.hprof.synth.SyntheticHeapDump}.
 */
package io.dumpguard.format.hprof;
