package io.dumpguard.detect.keys.registered;

import io.dumpguard.core.Finding;
import io.dumpguard.core.SecretValue;
import io.dumpguard.core.spi.ByteDetector;
import io.dumpguard.core.spi.FindingSink;
import io.dumpguard.core.spi.RegisteredKey;
import io.dumpguard.core.spi.ScanChunk;
import io.dumpguard.detect.keys.proof.ProvenKey;
import io.dumpguard.detect.keys.proof.RsaProof;
import io.dumpguard.detect.keys.scan.PatternIndex;

import java.util.ArrayList;
import java.util.List;

/**
 * Proves by arithmetic whether the private half of a registered key lies anywhere in the bytes, with no structure
 * around it: RSA exhaustively (every aligned window, three layouts: prime factors by division, private exponents
 * by factoring n with them, see {@link RsaExponentSearch}), EC and Ed25519 near occurrences
 * of the public key, and EC anywhere as OpenSSL BIGNUM limbs in a glibc heap block (bounded budget). {@link #proof()} states what was tested, for {@code verify --known-keys}.
 */
final class RegisteredKeyDetector implements ByteDetector {
    static final String RSA_PRIME = "key.registered.rsa-prime";
    static final String RSA_PRIVATE_EXPONENT = "key.registered.rsa-private-exponent";
    static final String EC_SCALAR = "key.registered.ec-scalar";
    static final String ED25519_SEED = "key.registered.ed25519-seed";

    private final List<RsaFactorSearch> rsa;
    /** The private exponent search for each key of {@link #rsa}, same order. */
    private final List<RsaExponentSearch> rsaExponent = new ArrayList<>();
    private final List<NearbyScalarSearch> nearby;
    private final List<MallocChunkScalarSearch> heap;
    private final List<NearbyScalarSearch> anchorOwner = new ArrayList<>();
    private final List<String> anchorLayout = new ArrayList<>();
    private final PatternIndex anchors;
    /** The key each proven factor gives, by (modulus, factor): at most two entries per registered key, p and q. */
    private final java.util.Map<List<java.math.BigInteger>, ProvenKey> provenByFactor = new java.util.HashMap<>();
    private long bytesScanned;

    RegisteredKeyDetector(List<RsaFactorSearch> rsa, List<NearbyScalarSearch> nearby,
                          List<MallocChunkScalarSearch> heap) {
        this.rsa = rsa;
        this.nearby = nearby;
        this.heap = heap;
        for (RsaFactorSearch s : rsa) {
            rsaExponent.add(new RsaExponentSearch(s.key, s.n, s.e));
        }
        List<byte[]> patterns = new ArrayList<>();
        for (NearbyScalarSearch s : nearby) {
            s.anchors().forEach((what, bytes) -> {
                patterns.add(bytes);
                anchorOwner.add(s);
                anchorLayout.add(what);
            });
        }
        anchors = patterns.isEmpty() ? null : new PatternIndex(patterns, 8, 8);
    }

    @Override
    public int maxMatchBytes() {
        int m = 64;
        for (RsaFactorSearch s : rsa) {
            m = Math.max(m, s.factorBytes);
        }
        for (RsaExponentSearch s : rsaExponent) {
            m = Math.max(m, s.bytes);
        }
        for (MallocChunkScalarSearch s : heap) {
            m = Math.max(m, 8 + s.scalarBytes);
        }
        return nearby.isEmpty() ? m : Math.max(m, 2 * NearbyScalarSearch.RADIUS);
    }

    @Override
    public void scan(ScanChunk chunk, FindingSink sink) {
        bytesScanned += chunk.end() - chunk.start();
        for (int i = 0; i < rsa.size(); i++) {
            RsaFactorSearch f = rsa.get(i);
            RsaExponentSearch x = rsaExponent.get(i);
            if (RsaWindowSearch.fusable(f, x)) {
                RsaWindowSearch.search(f, x, chunk.data(), chunk.firstAligned(4), lastWindow(chunk, f.factorBytes),
                        lastWindow(chunk, x.bytes), factorSink(chunk, f, sink), exponentSink(chunk, x, sink));
            } else {
                f.search(chunk.data(), chunk.firstAligned(4), lastWindow(chunk, f.factorBytes),
                        factorSink(chunk, f, sink));
                x.search(chunk.data(), chunk.firstAligned(4), lastWindow(chunk, x.bytes), exponentSink(chunk, x, sink));
            }
        }
        List<Integer> nearbyHits = new ArrayList<>();
        if (anchors != null) {
            long alignBaseOfZero = chunk.alignAddress(0);
            byte[] data = chunk.data();
            // the match is the scalar and its public key (at most 2 x RADIUS apart, within the overlap): this piece
            // reports it when it starts in the own part, whichever of the two comes first, so a scalar with its key
            // across the boundary either way is found, once. Nothing before the piece's start is read (in a batch
            // those bytes belong to another region): what is found depends on the piece's bytes alone
            anchors.find(data, chunk.start(), chunk.limit(), chunk.limit(), (p, pos) -> {
                NearbyScalarSearch s = anchorOwner.get(p);
                NearbyScalarSearch.Hit h = s.searchAround(data, pos, chunk.start(), chunk.limit(), alignBaseOfZero);
                if (h != null && Math.min(pos, h.pos()) < chunk.end()) {
                    nearbyHits.add(h.pos());
                    sink.accept(nearbyFinding(chunk, s, h));
                }
            });
        }
        for (MallocChunkScalarSearch s : heap) {
            scanHeap(chunk, s, nearbyHits, sink);
        }
    }

    /** Size words (the anchors) start in [start, end); the scalar after one may reach into the overlap. */
    private void scanHeap(ScanChunk chunk, MallocChunkScalarSearch s, List<Integer> nearbyHits, FindingSink sink) {
        int from = chunk.firstAligned(8);
        while (true) {
            MallocChunkScalarSearch.Hit h = s.search(chunk.data(), from, chunk.end() - 1, chunk.limit());
            if (h == null) {
                return;
            }
            if (!nearbyHits.contains(h.pos())) {
                sink.accept(finding(chunk, EC_SCALAR, h.pos(), s.scalarBytes, "little-endian", s.key,
                        "private scalar of registered EC key (OpenSSL BIGNUM limbs after a glibc chunk header), "
                                + "k*G = Q verified",
                        List.of(SecretValue.integer(h.scalar(), "EC private scalar"))));
            }
            from = h.pos();
        }
    }

    /** The last offset in the chunk where a window of len bytes starts and fits. */
    private static int lastWindow(ScanChunk chunk, int len) {
        return Math.min(chunk.end() - 1, chunk.limit() - len);
    }

    private RsaFactorSearch.FactorSink factorSink(ScanChunk chunk, RsaFactorSearch s, FindingSink sink) {
        return (o, layout, p) -> {
            // a JVM core holds thousands of copies of each prime: derive the key once per prime, not per copy
            ProvenKey k = provenByFactor.computeIfAbsent(List.of(s.n, p), f -> RsaProof.fromFactor(s.n, s.e, p));
            if (k != null) {
                sink.accept(finding(chunk, RSA_PRIME, o, s.factorBytes, layout.id(), s.key,
                        "prime factor of registered RSA-" + s.n.bitLength() + " key, n mod p = 0 verified",
                        k.secrets()));
            }
        };
    }

    private static RsaExponentSearch.ExponentSink exponentSink(ScanChunk chunk, RsaExponentSearch s,
                                                               FindingSink sink) {
        return (o, layout, k) -> sink.accept(finding(chunk, RSA_PRIVATE_EXPONENT, o, s.bytes, layout.id(), s.key,
                "private exponent of registered RSA-" + s.n.bitLength() + " key, n factored with it: " + k.proof()
                        + " verified", k.secrets()));
    }

    private Finding nearbyFinding(ScanChunk chunk, NearbyScalarSearch s, NearbyScalarSearch.Hit h) {
        if (h.seed() != null) {
            return finding(chunk, ED25519_SEED, h.pos(), h.length(), h.layout(), s.key,
                    "seed of registered Ed25519 key, derives its public key",
                    List.of(SecretValue.bytes(h.seed(), "Ed25519 private seed")));
        }
        return finding(chunk, EC_SCALAR, h.pos(), h.length(), h.layout(), s.key,
                "private scalar of registered EC key, k*G = Q verified",
                List.of(SecretValue.integer(h.scalar(), "EC private scalar")));
    }

    private static Finding finding(ScanChunk chunk, String id, int pos, int len, String layout, RegisteredKey key,
                                   String description, List<SecretValue> secrets) {
        return chunk.finding(id, pos, len, layout, description, secrets)
                .withFingerprint(key.fingerprint()).withRegisteredKey(RegisteredKeyIndex.nameOf(key));
    }

    private static String exponentProof(List<RegisteredKeyDetector> instances, int i) {
        RsaExponentSearch s = instances.get(0).rsaExponent.get(i);
        if (!s.enabled) {
            return String.format("registered RSA-%d %s: private exponent NOT searched (e of %d bits is above %d)",
                    s.n.bitLength(), RegisteredKeyIndex.nameOf(s.key), s.e.bitLength(), 32);
        }
        long windows = 0;
        long hits = 0;
        long near = 0;
        long exact = 0;
        for (RegisteredKeyDetector d : instances) {
            RsaExponentSearch t = d.rsaExponent.get(i);
            windows += t.windows;
            hits += t.bucketHits;
            near += t.nearRational;
            exact += t.exactChecks;
        }
        return String.format("registered RSA-%d %s (fp %s), private exponent d: %,d windows of %d bytes at every "
                        + "4-byte-aligned offset x 3 layouts (big-endian, little-endian, word-swapped); exact "
                        + "prefilter: c*e/n must lie within 2^%d of a rational A/b < e with b <= %d (d = e^-1 mod "
                        + "phi(n), or mod lambda(n) unless gcd(p-1,q-1) reduces to a denominator > %d): %,d in a "
                        + "marked bucket, %,d survived, %,d tested exactly (phi = b(e*c-1)/A, (n-phi+1)^2-4n a "
                        + "perfect square, p*q = n, e*c = 1 mod lambda(n))",
                s.n.bitLength(), RegisteredKeyIndex.nameOf(s.key), s.key.fingerprint().substring(0, 16), windows,
                s.bytes, 63 - Long.numberOfLeadingZeros(s.tolerance) - 64, RsaExponentSearch.MAX_DENOMINATOR,
                RsaExponentSearch.MAX_DENOMINATOR, hits, near, exact);
    }

    @Override
    public List<String> proof() {
        return proof(List.of(this));
    }

    /**
     * The proof of one run from every per-thread instance the factory created for it: the counts are summed (all
     * instances of a run search the same registered keys in the same order).
     */
    static List<String> proof(List<RegisteredKeyDetector> instances) {
        List<String> lines = new ArrayList<>();
        if (instances.isEmpty()) {
            return lines;
        }
        RegisteredKeyDetector first = instances.get(0);
        long bytes = instances.stream().mapToLong(d -> d.bytesScanned).sum();
        for (int i = 0; i < first.rsa.size(); i++) {
            RsaFactorSearch s = first.rsa.get(i);
            long windows = 0;
            long stage1 = 0;
            long sieved = 0;
            long divisions = 0;
            for (RegisteredKeyDetector d : instances) {
                RsaFactorSearch t = d.rsa.get(i);
                windows += t.windows;
                stage1 += t.sizeParityPassed;
                sieved += t.sievePassed;
                divisions += t.divisions;
            }
            lines.add(String.format("registered RSA-%d %s (fp %s): %,d windows of %d bytes at every 4-byte-aligned "
                            + "offset x 3 layouts (big-endian, little-endian, word-swapped) over %,d bytes; "
                            + "exact prefilters: %,d passed odd and size (top 64 bits >= those of n / 2^%d), %,d of "
                            + "them have no prime factor in 3..43 or 257, %,d passed the Hensel quotient check and "
                            + "were divided; a factor exists iff n mod c = 0",
                    s.n.bitLength(), RegisteredKeyIndex.nameOf(s.key), s.key.fingerprint().substring(0, 16),
                    windows, s.factorBytes, bytes, stage1, s.factorBits, sieved, divisions));
            lines.add(exponentProof(instances, i));
        }
        for (int i = 0; i < first.nearby.size(); i++) {
            NearbyScalarSearch s = first.nearby.get(i);
            long occurrences = 0;
            long candidates = 0;
            for (RegisteredKeyDetector d : instances) {
                occurrences += d.nearby.get(i).occurrences;
                candidates += d.nearby.get(i).candidates;
            }
            lines.add(String.format("registered %s %s (fp %s): %,d occurrences of the public key bytes; %,d "
                            + "candidates within +-%d bytes of them tested by %s",
                    s.curve == null ? "Ed25519" : "EC", RegisteredKeyIndex.nameOf(s.key),
                    s.key.fingerprint().substring(0, 16), occurrences, candidates, NearbyScalarSearch.RADIUS,
                    s.curve == null ? "seed derivation" : "scalar multiplication k*G = Q (3 layouts)"));
        }
        for (int i = 0; i < first.heap.size(); i++) {
            MallocChunkScalarSearch s = first.heap.get(i);
            long anchored = 0;
            long plausible = 0;
            long tested = 0;
            long over = 0;
            for (RegisteredKeyDetector d : instances) {
                MallocChunkScalarSearch t = d.heap.get(i);
                anchored += t.anchors;
                plausible += t.plausible;
                tested += t.tested;
                over += t.overBudget;
            }
            lines.add(String.format("registered EC %s (fp %s), anywhere: %,d windows of %d bytes right after a glibc "
                            + "chunk size word for a BIGNUM of %d..%d limbs (OpenSSL little-endian limbs); %,d "
                            + "plausible scalars in [1, n-1]; %,d tested by k*G = Q%s; NOT covered: other "
                            + "allocators, other layouts away from the public key",
                    RegisteredKeyIndex.nameOf(s.key), s.key.fingerprint().substring(0, 16), anchored, s.scalarBytes,
                    s.limbs, s.limbs + MallocChunkScalarSearch.SPARE_LIMBS, plausible, tested,
                    over == 0 ? "" : String.format("; %,d NOT tested (over the budget of %,d per scanning thread)",
                            over, s.budget())));
        }
        return lines;
    }
}
