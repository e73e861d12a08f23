package io.dumpguard.detect.keys.registered;

import io.dumpguard.core.spi.RegisteredKey;
import io.dumpguard.detect.keys.proof.EcProof;
import org.bouncycastle.asn1.x9.X9ECParameters;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;

/**
 * EC registered keys in native (OpenSSL) processes, where the private scalar is a BIGNUM: 64-bit limbs, least
 * significant first, in a heap block of its own, often far from any copy of the public key (in an
 * {@code openssl s_server} core the P-384 scalar lay 11 KiB from the nearest public point, out of
 * {@link NearbyScalarSearch}'s reach). A scalar multiplication costs 75 us (P-256) to 550 us (P-521) here, so an
 * exhaustive search of every aligned window is out of the question (hours per GiB); instead the search is anchored
 * on the allocator: glibc puts an 8-byte size word ({@code mchunk_size}) right before every block, and the limb
 * array of a BIGNUM of {@code dmax} limbs lives in a block of a size that follows from dmax. Only windows right
 * after such a size word, holding a plausible scalar ({@link ScalarPlausibility}, 1 <= k < n), are tested by
 * k*G = Q, and at most
 * {@link #BUDGET} of them per scanning thread and key (a glibc heap of an OpenSSL server had about 1,200 size words
 * per MiB and 100 plausible scalars per MiB); {@link RegisteredKeyDetector#proof} says how many were
 * anchored, plausible, tested and left untested over the budget.
 *
 * <p>Not covered (and said so in the proof): allocators without an inline size word (jemalloc, tcmalloc, the
 * OpenSSL secure heap, Windows heaps with encoded headers), scalars stored big-endian or word-swapped outside
 * BIGNUMs, and windows beyond the budget.
 */
final class MallocChunkScalarSearch {
    /** Scalar multiplications per scanning thread and key: at most about 1 s of CPU for P-384. */
    static final int BUDGET = 4096;
    /** BIGNUM capacities accepted: the scalar's limb count plus up to this many spare limbs. */
    static final int SPARE_LIMBS = 2;

    private static final VarHandle LE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** glibc mchunk_size flag bits: PREV_INUSE, IS_MMAPPED, NON_MAIN_ARENA. */
    private static final long FLAGS = 0x7;
    private static final long IS_MMAPPED = 0x2;

    final RegisteredKey key;
    final X9ECParameters curve;
    final byte[] uncompressedPoint;
    final int limbs;
    final int scalarBytes;
    private final long minChunk;
    private final long maxChunk;
    /** Whether the scalar's top limb is always small (P-521: 9 bits), so it is exempt from the pointer test. */
    private final boolean shortTopLimb;

    private final int budget;
    long anchors;
    long plausible;
    long tested;
    long overBudget;

    MallocChunkScalarSearch(RegisteredKey key, X9ECParameters curve, byte[] uncompressedPoint) {
        this(key, curve, uncompressedPoint, BUDGET);
    }

    MallocChunkScalarSearch(RegisteredKey key, X9ECParameters curve, byte[] uncompressedPoint, int budget) {
        this.budget = budget;
        this.key = key;
        this.curve = curve;
        this.uncompressedPoint = uncompressedPoint;
        int bits = curve.getN().bitLength();
        limbs = (bits + 63) / 64;
        scalarBytes = 8 * limbs;
        minChunk = chunkSize(limbs);
        maxChunk = chunkSize(limbs + SPARE_LIMBS);
        shortTopLimb = bits % 64 != 0 && bits % 64 <= 32;
    }

    int budget() {
        return budget;
    }

    /** glibc's chunk size for a request of {@code n} limbs: request + 8 rounded up to 16, at least 32. */
    static long chunkSize(int n) {
        return Math.max(32, (8L * n + 8 + 15) & ~15L);
    }

    /** A proven scalar at {@code pos} (little-endian limbs of {@link #scalarBytes} bytes). */
    record Hit(int pos, BigInteger scalar) {
    }

    /**
     * Looks for size words at the 8-byte-aligned positions {@code first, first + 8, ..., <= last}; the scalar
     * after each must end by {@code limit}. Returns the first proven scalar, or null.
     */
    Hit search(byte[] d, int first, int last, int limit) {
        for (int h = first; h <= last && h + 8 + scalarBytes <= limit; h += 8) {
            long size = (long) LE64.get(d, h);
            long bytes = size & ~FLAGS;
            if (bytes < minChunk || bytes > maxChunk || (size & IS_MMAPPED) != 0) {
                continue;
            }
            anchors++;
            int o = h + 8;
            if (!plausible(d, o)) {
                continue;
            }
            BigInteger k = scalar(d, o);
            if (k.signum() == 0 || k.compareTo(curve.getN()) >= 0) {
                continue;
            }
            plausible++;
            if (tested >= budget) {
                overBudget++;
                continue;
            }
            tested++;
            if (EcProof.derives(curve, k, uncompressedPoint)) {
                return new Hit(o, k);
            }
        }
        return null;
    }

    private boolean plausible(byte[] d, int o) {
        // the zero bytes above a short top limb (P-521: 9 of 64 bits used) are not judged
        int exempt = shortTopLimb ? scalarBytes - (curve.getN().bitLength() + 7) / 8 : 0;
        return ScalarPlausibility.plausible(d, o, scalarBytes, exempt, false);
    }

    private BigInteger scalar(byte[] d, int o) {
        byte[] be = new byte[scalarBytes];
        for (int i = 0; i < scalarBytes; i++) {
            be[i] = d[o + scalarBytes - 1 - i];
        }
        return new BigInteger(1, be);
    }
}
