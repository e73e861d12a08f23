package io.dumpguard.detect.keys.privatekey;

import io.dumpguard.detect.keys.proof.EcMath;
import io.dumpguard.detect.keys.proof.EcProof;
import io.dumpguard.detect.keys.proof.EdwardsProof;
import io.dumpguard.detect.keys.proof.ProvenKey;
import io.dumpguard.detect.keys.proof.RsaProof;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * DER private keys: PKCS#1 RSAPrivateKey, PKCS#8 PrivateKeyInfo/OneAsymmetricKey (RSA, RSA-PSS, EC, Ed25519,
 * X25519) and SEC1 ECPrivateKey. The anchor is the version field ({@code 02 01 00} / {@code 02 01 01}) followed by
 * the next field's tag; the SEQUENCE header in front of it gives the structure's length, which must fit.
 * BouncyCastle parses the structure; the proof classes check the arithmetic.
 */
final class DerKeyParser {
    static final String PKCS1 = "key.der.pkcs1";
    static final String PKCS8 = "key.der.pkcs8";
    static final String SEC1 = "key.der.sec1";

    /** The three anchors: version then the next field's tag. */
    static final byte[][] ANCHORS = {
            {0x02, 0x01, 0x00, 0x02},  // PKCS#1: version 0, modulus
            {0x02, 0x01, 0x00, 0x30},  // PKCS#8 v1: version 0, AlgorithmIdentifier
            {0x02, 0x01, 0x01, 0x30},  // PKCS#8 v2 (OneAsymmetricKey): version 1, AlgorithmIdentifier
            {0x02, 0x01, 0x01, 0x04},  // SEC1: version 1, privateKey OCTET STRING
    };

    /** A parsed structure: which form it was and the proven key. */
    record Parsed(String form, ProvenKey key) {
    }

    private DerKeyParser() {
    }

    /** Tries the 2-, 3- and 4-byte SEQUENCE headers that may precede the version at {@code anchor}. */
    static KeyMatch atAnchor(byte[] data, int anchor, int lowest, int limit, int maxBytes) {
        for (int header = 2; header <= 4; header++) {
            int s = anchor - header;
            if (s < lowest || data[s] != 0x30) {
                continue;
            }
            int len = switch (header) {
                case 2 -> (data[s + 1] & 0x80) == 0 ? data[s + 1] : -1;
                case 3 -> data[s + 1] == (byte) 0x81 && (data[s + 2] & 0x80) != 0 ? data[s + 2] & 0xff : -1;
                default -> data[s + 1] == (byte) 0x82 ? (data[s + 2] & 0xff) << 8 | (data[s + 3] & 0xff) : -1;
            };
            int total = header + len;
            if (len < 0 || (header == 4 && len < 0x100) || total > maxBytes || total > limit - s) {
                continue;
            }
            try {
                Parsed p = parse(Arrays.copyOfRange(data, s, s + total));
                if (!p.form().equals(PKCS8) && insidePkcs8(data, s, total, limit, maxBytes)) {
                    return null; // the PKCS#8 around it is the finding, reported from where it starts
                }
                return KeyMatch.proven(s, total, p.form(), "der", p.key(), formName(p.form()));
            } catch (NotAKey notAKey) {
                // try the next header length
            }
        }
        return null;
    }

    /** How far before an inner key a PKCS#8 wrapper starts (header, version, AlgorithmIdentifier, OCTET STRING). */
    static final int MAX_WRAPPER_PREFIX = 64;

    /** Whether [s, s+len) is the privateKey payload of a PKCS#8 structure that starts shortly before it. */
    private static boolean insidePkcs8(byte[] data, int s, int len, int limit, int maxBytes) {
        for (int a = Math.max(0, s - MAX_WRAPPER_PREFIX); a + 4 <= s; a++) {
            if (data[a] == 0x02 && data[a + 1] == 0x01 && (data[a + 2] == 0 || data[a + 2] == 1) && data[a + 3] == 0x30) {
                KeyMatch outer = atAnchor(data, a, Math.max(0, a - 4), limit, maxBytes);
                if (outer != null && outer.start() + outer.length() >= s + len) {
                    return true;
                }
            }
        }
        return false;
    }

    static String formName(String form) {
        return switch (form) {
            case PKCS1 -> "PKCS#1 DER";
            case PKCS8 -> "PKCS#8 DER";
            default -> "SEC1 DER";
        };
    }

    /** Parses one complete DER private key structure and proves it. */
    static Parsed parse(byte[] der) throws NotAKey {
        try {
            ASN1Sequence seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
            NotAKey.require(seq.size() >= 2 && seq.getObjectAt(0) instanceof ASN1Integer);
            int version = ((ASN1Integer) seq.getObjectAt(0)).intValueExact();
            ASN1Encodable second = seq.getObjectAt(1);
            if (version == 0 && second instanceof ASN1Integer) {
                return new Parsed(PKCS1, rsa(RSAPrivateKey.getInstance(seq), RsaProof.RSA_ENCRYPTION));
            }
            if (second instanceof ASN1Sequence) {
                return new Parsed(PKCS8, pkcs8(PrivateKeyInfo.getInstance(seq)));
            }
            if (version == 1 && second instanceof ASN1OctetString) {
                ECPrivateKey ec = ECPrivateKey.getInstance(seq);
                ASN1Encodable params = ec.getParametersObject();
                return new Parsed(SEC1, ec(ec, params == null ? null : params.toASN1Primitive()));
            }
            throw NotAKey.INSTANCE;
        } catch (IOException | IllegalArgumentException | IllegalStateException | ClassCastException
                 | ArithmeticException malformed) {
            // BouncyCastle reports malformed ASN.1 with these; for a candidate that only means "not a key"
            throw NotAKey.INSTANCE;
        }
    }

    private static ProvenKey pkcs8(PrivateKeyInfo info) throws NotAKey, IOException {
        AlgorithmIdentifier alg = info.getPrivateKeyAlgorithm();
        ASN1ObjectIdentifier oid = alg.getAlgorithm();
        if (oid.equals(PKCSObjectIdentifiers.rsaEncryption) || oid.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
            return rsa(RSAPrivateKey.getInstance(info.parsePrivateKey()), alg);
        }
        if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            ECPrivateKey ec = ECPrivateKey.getInstance(info.parsePrivateKey());
            ASN1Encodable params = alg.getParameters() != null ? alg.getParameters() : ec.getParametersObject();
            ProvenKey k = ec(ec, params == null ? null : params.toASN1Primitive(), info.getPublicKeyData());
            return k;
        }
        EdwardsProof.Curve curve = oid.equals(EdECObjectIdentifiers.id_Ed25519) ? EdwardsProof.Curve.ED25519
                : oid.equals(EdECObjectIdentifiers.id_X25519) ? EdwardsProof.Curve.X25519 : null;
        NotAKey.require(curve != null);
        byte[] seed = ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
        ASN1BitString pub = info.getPublicKeyData();
        return require(EdwardsProof.prove(curve, seed, pub == null ? null : pub.getOctets()));
    }

    private static ProvenKey rsa(RSAPrivateKey k, AlgorithmIdentifier alg) throws NotAKey {
        ProvenKey key = RsaProof.prove(k.getModulus(), k.getPublicExponent(), k.getPrivateExponent(),
                k.getPrime1(), k.getPrime2(), alg);
        // the stored CRT values must belong to the key too, or the structure is not one key
        NotAKey.require(key != null
                && k.getExponent1().equals(k.getPrivateExponent().mod(k.getPrime1().subtract(BigInteger.ONE)))
                && k.getExponent2().equals(k.getPrivateExponent().mod(k.getPrime2().subtract(BigInteger.ONE)))
                && k.getCoefficient().multiply(k.getPrime2()).mod(k.getPrime1()).equals(BigInteger.ONE));
        return key;
    }

    private static ProvenKey ec(ECPrivateKey ec, ASN1Primitive params) throws NotAKey {
        return ec(ec, params, null);
    }

    private static ProvenKey ec(ECPrivateKey ec, ASN1Primitive params, ASN1BitString outerPublic) throws NotAKey {
        ASN1BitString pub = ec.getPublicKey() != null ? ec.getPublicKey() : outerPublic;
        byte[] point = pub == null ? null : pub.getOctets();
        ASN1ObjectIdentifier curve = params instanceof ASN1ObjectIdentifier o ? o : null;
        if (curve == null) {
            // no named curve: only accepted with a public point to check against, curve chosen by scalar size
            NotAKey.require(point != null && params == null);
            curve = EcMath.oidOfSize(ASN1OctetString.getInstance(ec.toASN1Primitive()
                    instanceof ASN1Sequence s ? s.getObjectAt(1) : null).getOctets().length);
            NotAKey.require(curve != null);
        }
        return require(EcProof.prove(curve, ec.getKey(), point));
    }

    private static ProvenKey require(ProvenKey k) throws NotAKey {
        NotAKey.require(k != null);
        return k;
    }
}
