package io.dumpguard.detect.keys.privatekey;

import io.dumpguard.core.Finding;
import io.dumpguard.core.spi.ByteDetector;
import io.dumpguard.core.spi.FindingSink;
import io.dumpguard.core.spi.ScanChunk;
import io.dumpguard.detect.keys.registered.RegisteredKeyIndex;
import io.dumpguard.detect.keys.scan.AnchorSet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Every private key encoding in one pass: an {@link AnchorSet} finds the rare anchor bytes, the matching parser
 * validates the structure around each hit by full parsing and arithmetic. Findings that prove a registered key
 * name it.
 */
final class PrivateKeyDetector implements ByteDetector {
    private enum Kind { DER, PEM_ASCII, PEM_UTF16LE, PEM_UTF16BE, JWK, OPENSSH, PPK, RSA_BLOB, EC_BLOB }

    /** Bytes an anchor may lie after the start of its structure (DER header, CryptoAPI BLOBHEADER). */
    static final int MAX_ANCHOR_LAG = 8;

    private static final List<Kind> KINDS = new ArrayList<>();
    private static final List<Integer> EC_CURVE = new ArrayList<>();
    private static final AnchorSet ANCHORS;

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
    }

    private final int maxBytes;
    private final RegisteredKeyIndex registered;

    PrivateKeyDetector(int maxBytes, RegisteredKeyIndex registered) {
        this.maxBytes = maxBytes;
        this.registered = registered;
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
    public void scan(ScanChunk chunk, FindingSink sink) {
        byte[] data = chunk.data();
        int start = chunk.start();
        int end = chunk.end();
        int limit = chunk.limit();
        int[] coveredUntil = {start};
        // anchors lag their structure's start by a few bytes (a JWK's "d" by up to MAX_LOOKBACK), so look past end
        ANCHORS.find(data, start, Math.min(limit, end + JwkKeyParser.MAX_LOOKBACK), limit, (anchor, pos) -> {
            Kind kind = KINDS.get(anchor);
            if (pos >= end + MAX_ANCHOR_LAG && kind != Kind.JWK) {
                return;
            }
            if (pos < coveredUntil[0]) {
                return; // inside a structure already reported (the PKCS#1 inside a PKCS#8, a DER inside a PEM)
            }
            KeyMatch m = match(kind, EC_CURVE.get(anchor), data, pos, start, limit);
            if (m != null && m.start() >= start && m.start() < end) {
                coveredUntil[0] = m.start() + m.length();
                sink.accept(toFinding(chunk, m));
            }
        });
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
