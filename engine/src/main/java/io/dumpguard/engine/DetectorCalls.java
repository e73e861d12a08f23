package io.dumpguard.engine;

import io.dumpguard.core.spi.ByteDetector;
import io.dumpguard.core.spi.FindingSink;
import io.dumpguard.core.spi.ScanChunk;
import io.dumpguard.nativematch.LiteralHits;
import io.dumpguard.nativematch.SharedLiteralDetector;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;

/**
 * The scanning loop's calls into the detectors, as a boundary the JIT compiles across but not through. Called
 * directly, every detector's batch code was inlined into the loop, one method of 30–40 KB of machine code, and any
 * deoptimization in any detector (a branch first taken, a new receiver type when the next pass brings other
 * detectors) threw all of it away: the loop was compiled five times in a 1 GiB heap dump sanitize, 0.5 s of C2 time
 * on a 2-core machine. A method handle the JIT cannot see as a constant (an instance field) is a call it does not
 * inline: each detector is compiled on its own, and recompiled on its own. The call costs a few nanoseconds, per
 * detector and batch of up to 8 MiB.
 */
final class DetectorCalls {
    private static final MethodHandle SCAN_BATCH;
    private static final MethodHandle SCAN_SHARED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.publicLookup();
            SCAN_BATCH = l.findVirtual(ByteDetector.class, "scanBatch",
                    MethodType.methodType(void.class, List.class, FindingSink.class));
            SCAN_SHARED = l.findVirtual(SharedLiteralDetector.class, "scanBatch",
                    MethodType.methodType(void.class, List.class, LiteralHits.class, FindingSink.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Not static: a static final handle is a constant, which the JIT inlines through. */
    private final MethodHandle scanBatch = SCAN_BATCH;
    private final MethodHandle scanShared = SCAN_SHARED;

    /** {@link ByteDetector#scanBatch(List, FindingSink)}. */
    void scanBatch(ByteDetector d, List<ScanChunk> chunks, FindingSink sink) {
        try {
            scanBatch.invokeExact(d, chunks, sink);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) { // scanBatch declares no checked exception
            throw new IllegalStateException(e);
        }
    }

    /** {@link SharedLiteralDetector#scanBatch(List, LiteralHits, FindingSink)}. */
    void scanBatch(SharedLiteralDetector d, List<ScanChunk> chunks, LiteralHits hits, FindingSink sink) {
        try {
            scanShared.invokeExact(d, chunks, hits, sink);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
