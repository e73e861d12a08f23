package io.dumpguard.detect.keys.privatekey;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxStringLength(16384)
                    .maxNumberLength(64).build())
            .build());

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
        try (JsonParser p = MAPPER.getFactory().createParser(data, brace, len)) {
            JsonNode node = MAPPER.readTree(p);
            NotAKey.require(node != null && node.isObject());
            // byte offsets are relative to the slice; the parser stops right after the object's closing brace
            long endInSlice = p.currentLocation().getByteOffset();
            NotAKey.require(endInSlice > anchor - brace && endInSlice <= len && data[brace + (int) endInSlice - 1] == '}');
            ProvenKey key = prove(node);
            return KeyMatch.proven(brace, (int) endInSlice, JWK, "jwk", key, "JWK " + node.path("kty").asText());
        } catch (NotAKey | IOException | IllegalArgumentException | ArithmeticException notAJwk) {
            return null;
        }
    }

    private static ProvenKey prove(JsonNode jwk) throws NotAKey {
        String kty = jwk.path("kty").asText("");
        switch (kty) {
            case "RSA" -> {
                BigInteger n = integer(jwk, "n");
                BigInteger e = integer(jwk, "e");
                BigInteger d = integer(jwk, "d");
                BigInteger p = jwk.has("p") ? integer(jwk, "p") : RsaProof.factorFromExponent(n, e, d);
                NotAKey.require(p != null && p.signum() > 0);
                BigInteger q = jwk.has("q") ? integer(jwk, "q") : n.divide(p);
                return SshKeys.required(RsaProof.prove(n, e, d, p, q, RsaProof.RSA_ENCRYPTION));
            }
            case "EC" -> {
                ASN1ObjectIdentifier curve = switch (jwk.path("crv").asText("")) {
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
                EdwardsProof.Curve curve = switch (jwk.path("crv").asText("")) {
                    case "Ed25519" -> EdwardsProof.Curve.ED25519;
                    case "X25519" -> EdwardsProof.Curve.X25519;
                    default -> throw NotAKey.INSTANCE;
                };
                byte[] x = jwk.has("x") ? bytes(jwk, "x") : null;
                return SshKeys.required(EdwardsProof.prove(curve, bytes(jwk, "d"), x));
            }
            default -> throw NotAKey.INSTANCE;
        }
    }

    private static byte[] bytes(JsonNode jwk, String member) throws NotAKey {
        JsonNode v = jwk.get(member);
        NotAKey.require(v != null && v.isTextual());
        try {
            return Base64.getUrlDecoder().decode(v.asText());
        } catch (IllegalArgumentException badBase64) {
            throw NotAKey.INSTANCE;
        }
    }

    private static BigInteger integer(JsonNode jwk, String member) throws NotAKey {
        byte[] b = bytes(jwk, member);
        NotAKey.require(b.length > 0 && b.length <= SshKeys.MAX_FIELD_BYTES);
        return new BigInteger(1, Arrays.copyOf(b, b.length));
    }
}
