package io.dumpguard.detect.keys.privatekey;

import io.dumpguard.core.Finding;
import io.dumpguard.core.spi.FindingSink;
import io.dumpguard.core.spi.ScanChunk;
import io.dumpguard.detect.keys.registered.RegisteredKeyIndex;
import io.dumpguard.detect.keys.scan.AnchorSet;
import io.dumpguard.detect.keys.scan.NativeFirstDetector;
import io.dumpguard.nativematch.HyperscanLiterals;
import io.dumpguard.nativematch.LiteralHits;
import io.dumpguard.nativematch.LiteralSet;
import io.dumpguard.nativematch.SharedLiteralDetector;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Every private key encoding in one pass: an {@link AnchorSet} finds the rare anchor bytes, the matching parser
 * validates the structure around each hit by full parsing and arithmetic. Findings that prove a registered key
 * name it. Where Hyperscan is available, large spans and batches of small ones find their anchors with it instead
 * (the same hits in the same order; a property test holds the two equal).
 */
final class PrivateKeyDetector extends NativeFirstDetector implements SharedLiteralDetector {
    private enum Kind { DER, PEM_ASCII, PEM_UTF16LE, PEM_UTF16BE, JWK, OPENSSH, PPK, RSA_BLOB, EC_BLOB }

    /** Bytes an anchor may lie after the start of its structure (DER header, CryptoAPI BLOBHEADER). */
    static final int MAX_ANCHOR_LAG = 8;

    private static final List<Kind> KINDS = new ArrayList<>();
    private static final List<Integer> EC_CURVE = new ArrayList<>();
    private static final AnchorSet ANCHORS;
    private static final List<byte[]> ANCHOR_BYTES = new ArrayList<>();

    static {
        List<byte[]> a = new ArrayList<>();
        for (byte[] der : DerKeyParser.ANCHORS) {
            add(a, der, Kind.DER, -1);
        }
        add(a, TextForm.ASCII.encode(PemKeyParser.BEGIN), Kind.PEM_ASCII, -1);
        add(a, TextForm.UTF16LE.encode(PemKeyParser.BEGIN), Kind.PEM_UTF16LE, -1);
        add(a, TextForm.UTF16BE.encode(PemKeyParser.BEGIN), Kind.PEM_UTF16BE, -1);
        add(a, ascii("\"d\":"), Kind.JWK, -1);
        add(a, ascii("\"d\" "), Kind.JWK, -1);
        add(a, OpenSshKeyParser.MAGIC, Kind.OPENSSH, -1);
        add(a, ascii(PpkKeyParser.MAGIC), Kind.PPK, -1);
        add(a, ascii("RSA2"), Kind.RSA_BLOB, -1);
        add(a, ascii("RSA3"), Kind.RSA_BLOB, -1);
        for (int i = 0; i < WindowsBlobParser.EC_MAGICS.length; i++) {
            add(a, ascii(WindowsBlobParser.EC_MAGICS[i]), Kind.EC_BLOB, i % 3);
        }
        ANCHORS = new AnchorSet(a);
        ANCHOR_BYTES.addAll(a);
    }

    /** The anchors as one Hyperscan database, compiled on first use; null where the native library cannot serve. */
    private static final class Native {
        static final LiteralSet SET = new LiteralSet(ANCHOR_BYTES, null, null, true);
        static final HyperscanLiterals DB = SET.compile();

        static int count() {
            return DB == null ? 0 : DB.count();
        }
    }

    private final int maxBytes;
    private final RegisteredKeyIndex registered;
    private final HyperscanLiterals.Scanner nativeScanner;

    PrivateKeyDetector(int maxBytes, RegisteredKeyIndex registered, boolean allowNative) {
        this.maxBytes = maxBytes;
        this.registered = registered;
        this.nativeScanner = allowNative && Native.DB != null ? Native.DB.newScanner() : null;
    }

    PrivateKeyDetector(int maxBytes, RegisteredKeyIndex registered) {
        this(maxBytes, registered, true);
    }

    boolean isNative() {
        return nativeScanner != null;
    }

    /** Compiles the native anchor database (and loads the library) now. */
    static void prepare() {
        Native.count();
    }

    private static void add(List<byte[]> anchors, byte[] bytes, Kind kind, int curve) {
        anchors.add(bytes);
        KINDS.add(kind);
        EC_CURVE.add(curve);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public int maxMatchBytes() {
        return maxBytes;
    }

    @Override
    protected boolean hasNative() {
        return nativeScanner != null;
    }

    /** Where anchors are looked for: past end, since anchors lag their structure's start (a JWK's "d" most). */
    private static int searchTo(ScanChunk c) {
        return Math.min(c.limit(), c.end() + JwkKeyParser.MAX_LOOKBACK);
    }

    @Override
    protected void scanJava(ScanChunk chunk, FindingSink sink) {
        int[] coveredUntil = {chunk.start()};
        ANCHORS.find(chunk.data(), chunk.start(), searchTo(chunk), chunk.limit(),
                (anchor, pos) -> onAnchor(chunk, coveredUntil, anchor, pos, sink));
    }

    /**
     * One native pass over chunks packed back to back in one buffer. Anchors arrive in order of position, so each
     * goes to the last chunk starting at or before it, as if that chunk had been scanned alone.
     */
    @Override
    protected void scanNative(List<ScanChunk> chunks, FindingSink sink) {
        ScanChunk first = chunks.get(0);
        nativeScanner.scanInStartOrder(first.data(), first.direct(), first.start(),
                chunks.get(chunks.size() - 1).limit(), route(chunks, sink));
    }

    @Override
    public LiteralSet sharedLiterals() {
        return nativeScanner == null ? null : Native.SET;
    }

    /** As {@link #scanNative}, with the anchors a pass shared with other detectors found. */
    @Override
    public void scanBatch(List<ScanChunk> chunks, LiteralHits hits, FindingSink sink) {
        hits.replay(route(chunks, sink));
    }

    /** Hands each anchor, arriving in order of position, to the chunk it belongs to. */
    private HyperscanLiterals.StartHandler route(List<ScanChunk> chunks, FindingSink sink) {
        ScanChunk first = chunks.get(0);
        int[] current = {0};
        int[] coveredUntil = {first.start()};
        return (anchor, pos) -> {
            int i = current[0];
            while (i + 1 < chunks.size() && pos >= chunks.get(i + 1).start()) {
                i++;
                coveredUntil[0] = chunks.get(i).start();
            }
            current[0] = i;
            ScanChunk c = chunks.get(i);
            if (pos < searchTo(c) && pos + ANCHOR_BYTES.get(anchor).length <= c.limit()) {
                onAnchor(c, coveredUntil, anchor, pos, sink);
            }
        };
    }

    private void onAnchor(ScanChunk chunk, int[] coveredUntil, int anchor, int pos, FindingSink sink) {
        Kind kind = KINDS.get(anchor);
        if (pos >= chunk.end() + MAX_ANCHOR_LAG && kind != Kind.JWK) {
            return;
        }
        if (pos < coveredUntil[0]) {
            return; // inside a structure already reported (the PKCS#1 inside a PKCS#8, a DER inside a PEM)
        }
        KeyMatch m = match(kind, EC_CURVE.get(anchor), chunk.data(), pos, chunk.start(), chunk.limit());
        if (m != null && m.start() >= chunk.start() && m.start() < chunk.end()) {
            coveredUntil[0] = m.start() + m.length();
            sink.accept(toFinding(chunk, m));
        }
    }

    private KeyMatch match(Kind kind, int curve, byte[] data, int pos, int lowest, int limit) {
        return switch (kind) {
            case DER -> DerKeyParser.atAnchor(data, pos, lowest, limit, maxBytes);
            case PEM_ASCII -> PemKeyParser.atAnchor(data, pos, limit, maxBytes, TextForm.ASCII);
            case PEM_UTF16LE -> PemKeyParser.atAnchor(data, pos, limit, maxBytes, TextForm.UTF16LE);
            case PEM_UTF16BE -> PemKeyParser.atAnchor(data, pos, limit, maxBytes, TextForm.UTF16BE);
            case JWK -> JwkKeyParser.atAnchor(data, pos, lowest, limit, maxBytes);
            case OPENSSH -> OpenSshKeyParser.parse(data, pos, limit, maxBytes);
            case PPK -> PpkKeyParser.parse(data, pos, limit, maxBytes);
            case RSA_BLOB -> {
                KeyMatch cng = WindowsBlobParser.cngRsa(data, pos, limit, maxBytes);
                yield cng != null ? cng : WindowsBlobParser.cryptoApi(data, pos, lowest, limit, maxBytes);
            }
            case EC_BLOB -> WindowsBlobParser.cngEc(data, pos, limit, curve);
        };
    }

    private Finding toFinding(ScanChunk chunk, KeyMatch m) {
        Finding f = chunk.finding(m.detector(), m.start(), m.length(), m.encoding(), m.what(),
                m.key() == null ? List.of() : m.key().secrets());
        if (m.key() != null) {
            f = f.withFingerprint(m.key().fingerprint());
            String label = registered.labelOf(m.key().publicId());
            if (label != null) {
                f = f.withRegisteredKey(label);
            }
        }
        return f;
    }
}
