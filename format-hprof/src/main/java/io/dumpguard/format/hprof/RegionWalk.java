package io.dumpguard.format.hprof;

import io.dumpguard.core.error.InputRefusedException;

import static io.dumpguard.format.hprof.HprofTags.*;

/**
 * Which parts of an HPROF file are regions for the byte detectors, as a walk visitor: every primitive array
 * payload of {@link HprofParsedDump#MIN_SCANNED_ARRAY_BYTES}+ bytes, the text of every UTF8 record, and the body of
 * every top-level record of unknown tag. The one place that decides it, whether the regions are produced by a walk
 * ({@link RegionEmitter}) or logged during the parse and replayed later ({@link RegionLog}).
 */
final class RegionWalk implements HprofVisitor {
    /** Receives the regions in file order. */
    interface Sink {
        /** A top-level record starts at {@code offset} (before any of its regions). */
        default void recordStart(long offset) throws InputRefusedException {
        }

        void unknownRecord(int tag, long bodyOffset, long bodyLength) throws InputRefusedException;

        void utf8(long id, long textOffset, long textLength) throws InputRefusedException;

        void array(int type, long payloadOffset, long payloadLength) throws InputRefusedException;
    }

    private final Sink sink;
    private final int idSize;

    RegionWalk(Sink sink, int idSize) {
        this.sink = sink;
        this.idSize = idSize;
    }

    /**
     * A top-level record of unknown tag is skipped by its length, but its bytes are scanned as raw bytes (and
     * cannot be overwritten): a secret there makes the run refuse rather than pass unseen.
     */
    @Override
    public void record(int tag, long offset, long bodyLength) throws InputRefusedException {
        sink.recordStart(offset);
        if (!known(tag) && bodyLength > 0) {
            sink.unknownRecord(tag, offset + HprofWalker.RECORD_HEADER, bodyLength);
        }
    }

    @Override
    public void utf8(long id, long textOffset, long textLength) throws InputRefusedException {
        if (textLength > 0) {
            sink.utf8(id, textOffset, textLength);
        }
    }

    @Override
    public void primitiveArray(long id, int type, long payload, long count, long rec) throws InputRefusedException {
        long len = count * typeSize(type, idSize);
        if (len >= HprofParsedDump.MIN_SCANNED_ARRAY_BYTES) {
            sink.array(type, payload, len);
        }
    }

    static boolean known(int tag) {
        return switch (tag) {
            case UTF8, LOAD_CLASS, UNLOAD_CLASS, STACK_FRAME, STACK_TRACE, ALLOC_SITES, HEAP_SUMMARY, START_THREAD,
                 END_THREAD, HEAP_DUMP, CPU_SAMPLES, CONTROL_SETTINGS, HEAP_DUMP_SEGMENT, HEAP_DUMP_END -> true;
            default -> false;
        };
    }
}
