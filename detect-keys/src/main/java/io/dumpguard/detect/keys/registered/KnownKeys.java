package io.dumpguard.detect.keys.registered;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dumpguard.core.spi.RegisteredKey;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Loads {@code --known-keys} files: a PEM bundle of {@code PUBLIC KEY} blocks and/or X.509 {@code CERTIFICATE}s,
 * or a JWKS/JWK JSON file with public members only. A file that holds private key material is refused with an error
 * that names the file and the entry but never the material.
 */
public final class KnownKeys {
    /** A known-keys file is a handful of keys; larger input is a mistake. */
    public static final long MAX_FILE_BYTES = 16L << 20;
    private static final Set<String> PRIVATE_JWK_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

    private KnownKeys() {
    }

    public static List<RegisteredKey> load(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new IllegalArgumentException(file + ": " + size + " bytes exceeds the known-keys limit of "
                    + MAX_FILE_BYTES + " bytes");
        }
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        String name = file.getFileName().toString();
        List<RegisteredKey> keys = text.stripLeading().startsWith("{") ? jwks(file, name, text) : pem(file, name, text);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(file + ": no PUBLIC KEY, CERTIFICATE or JWK found");
        }
        return keys;
    }

    private static List<RegisteredKey> pem(Path file, String name, String text) throws IOException {
        List<RegisteredKey> out = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            int block = 0;
            while (true) {
                Object o;
                try {
                    o = parser.readObject();
                } catch (IOException | IllegalArgumentException | IllegalStateException e) {
                    throw new IllegalArgumentException(file + ": PEM block #" + (block + 1) + " is malformed ("
                            + e.getClass().getSimpleName() + ")");
                }
                if (o == null) {
                    break;
                }
                block++;
                if (o instanceof SubjectPublicKeyInfo spki) {
                    out.add(RegisteredKey.of(name + "#" + block, publicKey(file, block, spki)));
                } else if (o instanceof X509CertificateHolder cert) {
                    out.add(RegisteredKey.of(name + "#" + block + " " + subject(cert.getSubject()),
                            publicKey(file, block, cert.getSubjectPublicKeyInfo())));
                } else {
                    throw new IllegalArgumentException(file + ": PEM block #" + block + " is a "
                            + kind(o) + "; only PUBLIC KEY and CERTIFICATE blocks are accepted (never private keys)");
                }
            }
        }
        return out;
    }

    private static String kind(Object o) {
        String n = o.getClass().getSimpleName();
        return n.contains("Private") || n.contains("KeyPair") || n.contains("Encrypted") ? "private key" : n;
    }

    private static String subject(X500Name name) {
        return name.toString();
    }

    private static PublicKey publicKey(Path file, int block, SubjectPublicKeyInfo spki) {
        String alg = spki.getAlgorithm().getAlgorithm().getId();
        try {
            String jca = switch (alg) {
                case "1.2.840.113549.1.1.1" -> "RSA";
                case "1.2.840.113549.1.1.10" -> "RSASSA-PSS";
                case "1.2.840.10045.2.1" -> "EC";
                case "1.3.101.112" -> "Ed25519";
                case "1.3.101.110" -> "X25519";
                default -> throw new IllegalArgumentException(file + ": entry #" + block
                        + " has unsupported key algorithm " + alg);
            };
            return KeyFactory.getInstance(jca).generatePublic(new X509EncodedKeySpec(spki.getEncoded(ASN1Encoding.DER)));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(file + ": entry #" + block + " is not a valid " + alg + " public key");
        }
    }

    private static List<RegisteredKey> jwks(Path file, String name, String text) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new IllegalArgumentException(file + ": invalid JSON at line " + (loc == null ? "?" : loc.getLineNr())
                    + ", column " + (loc == null ? "?" : loc.getColumnNr()));
        }
        List<JsonNode> jwks = new ArrayList<>();
        if (root.has("keys") && root.get("keys").isArray()) {
            root.get("keys").forEach(jwks::add);
        } else {
            jwks.add(root);
        }
        List<RegisteredKey> out = new ArrayList<>();
        for (int i = 0; i < jwks.size(); i++) {
            JsonNode jwk = jwks.get(i);
            String where = file + ": key #" + (i + 1) + (jwk.has("kid") ? " (kid " + jwk.get("kid").asText() + ")" : "");
            for (String m : PRIVATE_JWK_MEMBERS) {
                if (jwk.has(m)) {
                    throw new IllegalArgumentException(where + " contains the private member \"" + m
                            + "\"; known-keys files must hold public keys only");
                }
            }
            out.add(RegisteredKey.of(name + "#" + (i + 1) + (jwk.has("kid") ? " " + jwk.get("kid").asText() : ""),
                    jwkPublic(where, jwk)));
        }
        return out;
    }

    private static PublicKey jwkPublic(String where, JsonNode jwk) {
        try {
            switch (jwk.path("kty").asText("")) {
                case "RSA" -> {
                    return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                            integer(where, jwk, "n"), integer(where, jwk, "e")));
                }
                case "EC" -> {
                    String crv = switch (jwk.path("crv").asText("")) {
                        case "P-256" -> "secp256r1";
                        case "P-384" -> "secp384r1";
                        case "P-521" -> "secp521r1";
                        default -> throw new IllegalArgumentException(where + ": unsupported curve");
                    };
                    AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
                    params.init(new ECGenParameterSpec(crv));
                    return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
                            new ECPoint(integer(where, jwk, "x"), integer(where, jwk, "y")),
                            params.getParameterSpec(ECParameterSpec.class)));
                }
                case "OKP" -> {
                    var oid = switch (jwk.path("crv").asText("")) {
                        case "Ed25519" -> EdECObjectIdentifiers.id_Ed25519;
                        case "X25519" -> EdECObjectIdentifiers.id_X25519;
                        default -> throw new IllegalArgumentException(where + ": unsupported curve");
                    };
                    byte[] spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(oid), bytes(where, jwk, "x"))
                            .getEncoded(ASN1Encoding.DER);
                    return KeyFactory.getInstance(oid.equals(EdECObjectIdentifiers.id_Ed25519) ? "Ed25519" : "X25519")
                            .generatePublic(new X509EncodedKeySpec(spki));
                }
                default -> throw new IllegalArgumentException(where + ": unsupported kty");
            }
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(where + ": not a valid public key");
        }
    }

    private static byte[] bytes(String where, JsonNode jwk, String member) {
        JsonNode v = jwk.get(member);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(where + ": member \"" + member + "\" missing");
        }
        try {
            return Base64.getUrlDecoder().decode(v.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": member \"" + member + "\" is not base64url");
        }
    }

    private static BigInteger integer(String where, JsonNode jwk, String member) {
        return new BigInteger(1, bytes(where, jwk, member));
    }
}
