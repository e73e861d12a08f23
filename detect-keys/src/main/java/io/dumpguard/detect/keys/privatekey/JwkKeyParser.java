package io.dumpguard.detect.keys.privatekey;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.dumpguard.detect.keys.proof.EdwardsProof;
import io.dumpguard.detect.keys.proof.EcProof;
import io.dumpguard.detect.keys.proof.ProvenKey;
import io.dumpguard.detect.keys.proof.RsaProof;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * JSON Web Keys (RFC 7517/7518/8037) with private members: RSA ({@code n, e, d} and usually {@code p, q}), EC
 * ({@code crv, x, y, d}) and OKP ({@code crv: Ed25519/X25519, x, d}). The anchor is the {@code "d"} member name; the
 * enclosing object is found by looking back for an opening brace and parsing from there with Jackson.
 */
final class JwkKeyParser {
    static final String JWK = "key.jwk";
    /** How far before {@code "d"} the object's opening brace may be (n of RSA-16384 is about 2.8 KB). */
    static final int MAX_LOOKBACK = 8192;
    /** Opening braces tried, nearest first (a JWK may hold nested members such as "oth"). */
    static final int MAX_BRACES = 4;

    /** Streaming parser only: a JWK is read as its top-level string members, no data binding needed. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxStringLength(16384)
                    .maxNumberLength(64).build())
            .build();
    /** Most members a JWK object may have before we stop treating it as one. */
    static final int MAX_MEMBERS = 64;

    private JwkKeyParser() {
    }

    static KeyMatch atAnchor(byte[] data, int anchor, int lowest, int limit, int maxBytes) {
        int braces = 0;
        for (int b = anchor - 1; b >= Math.max(lowest, anchor - MAX_LOOKBACK) && braces < MAX_BRACES; b--) {
            if (data[b] != '{') {
                continue;
            }
            braces++;
            KeyMatch m = tryObject(data, b, anchor, limit, maxBytes);
            if (m != null) {
                return m;
            }
        }
        return null;
    }

    private static KeyMatch tryObject(byte[] data, int brace, int anchor, int limit, int maxBytes) {
        int len = Math.min(limit - brace, maxBytes);
        try (JsonParser p = FACTORY.createParser(data, brace, len)) {
            Map<String, String> jwk = topLevelStrings(p);
            // byte offsets are relative to the slice; the parser stops right after the object's closing brace
            long endInSlice = p.currentLocation().getByteOffset();
            NotAKey.require(endInSlice > anchor - brace && endInSlice <= len && data[brace + (int) endInSlice - 1] == '}');
            ProvenKey key = prove(jwk);
            return KeyMatch.proven(brace, (int) endInSlice, JWK, "jwk", key, "JWK " + jwk.getOrDefault("kty", ""));
        } catch (NotAKey | IOException | IllegalArgumentException | ArithmeticException notAJwk) {
            return null;
        }
    }

    /** One JSON object's string-valued members; nested values are skipped, anything but an object is not a JWK. */
    private static Map<String, String> topLevelStrings(JsonParser p) throws IOException, NotAKey {
        NotAKey.require(p.nextToken() == JsonToken.START_OBJECT);
        Map<String, String> members = new HashMap<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            NotAKey.require(t == JsonToken.FIELD_NAME && members.size() < MAX_MEMBERS);
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.VALUE_STRING) {
                members.put(name, p.getText());
            } else {
                members.remove(name);
                p.skipChildren();
            }
        }
        return members;
    }

    private static ProvenKey prove(Map<String, String> jwk) throws NotAKey {
        String kty = jwk.getOrDefault("kty", "");
        switch (kty) {
            case "RSA" -> {
                BigInteger n = integer(jwk, "n");
                BigInteger e = integer(jwk, "e");
                BigInteger d = integer(jwk, "d");
                BigInteger p = jwk.containsKey("p") ? integer(jwk, "p") : RsaProof.factorFromExponent(n, e, d);
                NotAKey.require(p != null && p.signum() > 0);
                BigInteger q = jwk.containsKey("q") ? integer(jwk, "q") : n.divide(p);
                return SshKeys.required(RsaProof.prove(n, e, d, p, q, RsaProof.RSA_ENCRYPTION));
            }
            case "EC" -> {
                ASN1ObjectIdentifier curve = switch (jwk.getOrDefault("crv", "")) {
                    case "P-256" -> SECObjectIdentifiers.secp256r1;
                    case "P-384" -> SECObjectIdentifiers.secp384r1;
                    case "P-521" -> SECObjectIdentifiers.secp521r1;
                    case "secp256k1" -> SECObjectIdentifiers.secp256k1;
                    default -> throw NotAKey.INSTANCE;
                };
                byte[] x = bytes(jwk, "x");
                byte[] y = bytes(jwk, "y");
                NotAKey.require(x.length == y.length);
                byte[] point = new byte[1 + x.length * 2];
                point[0] = 4;
                System.arraycopy(x, 0, point, 1, x.length);
                System.arraycopy(y, 0, point, 1 + x.length, y.length);
                return SshKeys.required(EcProof.prove(curve, new BigInteger(1, bytes(jwk, "d")), point));
            }
            case "OKP" -> {
                EdwardsProof.Curve curve = switch (jwk.getOrDefault("crv", "")) {
                    case "Ed25519" -> EdwardsProof.Curve.ED25519;
                    case "X25519" -> EdwardsProof.Curve.X25519;
                    default -> throw NotAKey.INSTANCE;
                };
                byte[] x = jwk.containsKey("x") ? bytes(jwk, "x") : null;
                return SshKeys.required(EdwardsProof.prove(curve, bytes(jwk, "d"), x));
            }
            default -> throw NotAKey.INSTANCE;
        }
    }

    private static byte[] bytes(Map<String, String> jwk, String member) throws NotAKey {
        String v = jwk.get(member);
        NotAKey.require(v != null);
        try {
            return Base64.getUrlDecoder().decode(v);
        } catch (IllegalArgumentException badBase64) {
            throw NotAKey.INSTANCE;
        }
    }

    private static BigInteger integer(Map<String, String> jwk, String member) throws NotAKey {
        byte[] b = bytes(jwk, member);
        NotAKey.require(b.length > 0 && b.length <= SshKeys.MAX_FIELD_BYTES);
        return new BigInteger(1, Arrays.copyOf(b, b.length));
    }
}
