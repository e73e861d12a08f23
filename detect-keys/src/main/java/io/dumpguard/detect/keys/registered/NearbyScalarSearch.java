package io.dumpguard.detect.keys.registered;

import io.dumpguard.core.Layouts;
import io.dumpguard.core.spi.RegisteredKey;
import io.dumpguard.detect.keys.proof.EcProof;
import io.dumpguard.detect.keys.proof.EdwardsProof;
import org.bouncycastle.asn1.x9.X9ECParameters;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * EC and Ed25519 registered keys: scalar multiplication costs tens of microseconds, so candidates are taken only
 * near an occurrence of the public key's bytes (within {@link #RADIUS} bytes, where key objects keep both halves),
 * at 4-byte-aligned offsets, in all three layouts (EC) or as-is (Ed25519 seeds). EC windows must look like a
 * random scalar ({@link ScalarPlausibility}) before a multiplication is spent on them.
 */
final class NearbyScalarSearch {
    static final int RADIUS = 4096;

    final RegisteredKey key;
    final X9ECParameters curve;      // null for Ed25519
    final byte[] uncompressedPoint;  // EC
    final byte[] edPublic;           // Ed25519
    final int scalarBytes;
    long occurrences;
    long candidates;

    NearbyScalarSearch(RegisteredKey key, X9ECParameters curve, byte[] uncompressedPoint, byte[] edPublic) {
        this.key = key;
        this.curve = curve;
        this.uncompressedPoint = uncompressedPoint;
        this.edPublic = edPublic;
        this.scalarBytes = curve != null ? (curve.getCurve().getFieldSize() + 7) / 8 : EdwardsProof.KEY_BYTES;
    }

    /** The public byte strings whose occurrence anchors a search, by description. */
    Map<String, byte[]> anchors() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (curve != null) {
            byte[] x = Arrays.copyOfRange(uncompressedPoint, 1, 1 + scalarBytes);
            for (Layouts.Layout l : Layouts.Layout.values()) {
                out.put("x " + l.id(), Layouts.toLayout(x, l));
            }
        } else {
            out.put("public key", edPublic);
        }
        return out;
    }

    /** A found scalar/seed: where, in which layout, and its value. */
    record Hit(int pos, int length, String layout, BigInteger scalar, byte[] seed) {
    }

    /** Tests every candidate within RADIUS of an anchor at {@code anchorPos}; data[lo, limit) may be read. */
    Hit searchAround(byte[] data, int anchorPos, int lo, int limit, long alignBaseOfZero) {
        occurrences++;
        if (curve == null && anchorPos - EdwardsProof.KEY_BYTES >= lo) {
            // libsodium / Go layout: seed immediately followed by the public key
            Hit h = testSeed(data, anchorPos - EdwardsProof.KEY_BYTES);
            if (h != null) {
                return h;
            }
        }
        int from = Math.max(lo, anchorPos - RADIUS);
        int to = Math.min(limit - scalarBytes, anchorPos + RADIUS);
        int first = from + (int) Math.floorMod(-(alignBaseOfZero + from), 4L);
        Set<BigInteger> tested = new HashSet<>();
        for (int o = first; o <= to; o += 4) {
            if (curve == null) {
                Hit h = testSeed(data, o);
                if (h != null) {
                    return h;
                }
                continue;
            }
            for (Layouts.Layout l : Layouts.Layout.values()) {
                if (l == Layouts.Layout.WORD_SWAPPED && scalarBytes % 4 != 0) {
                    continue;
                }
                int exempt = scalarBytes - (curve.getN().bitLength() + 7) / 8;
                if (!ScalarPlausibility.plausible(data, o, scalarBytes, exempt, l != Layouts.Layout.LITTLE_ENDIAN)) {
                    continue;
                }
                byte[] be = Layouts.fromLayout(Arrays.copyOfRange(data, o, o + scalarBytes), l);
                BigInteger k = new BigInteger(1, be);
                if (k.signum() == 0 || k.compareTo(curve.getN()) >= 0 || !tested.add(k)) {
                    continue;
                }
                candidates++;
                if (EcProof.derives(curve, k, uncompressedPoint)) {
                    return new Hit(o, scalarBytes, l.id(), k, null);
                }
            }
        }
        return null;
    }

    private Hit testSeed(byte[] data, int o) {
        byte[] seed = Arrays.copyOfRange(data, o, o + EdwardsProof.KEY_BYTES);
        if (Layouts.isAllZero(seed) || Arrays.equals(seed, edPublic)) {
            return null;
        }
        candidates++;
        return Arrays.equals(EdwardsProof.derivePublic(EdwardsProof.Curve.ED25519, seed), edPublic)
                ? new Hit(o, EdwardsProof.KEY_BYTES, "bytes", null, seed) : null;
    }
}
