package io.dumpguard.detect.keys.proof;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

import java.util.HexFormat;

/**
 * Canonical ids of public keys that do not depend on how the SubjectPublicKeyInfo spells the algorithm (an RSA key
 * is the same key under rsaEncryption and RSASSA-PSS): "rsa:" + modulus, "ec:" + uncompressed point,
 * "ed25519:"/"x25519:" + public bytes.
 */
public final class PublicKeyIds {
    private PublicKeyIds() {
    }

    public static String rsa(java.math.BigInteger n) {
        return "rsa:" + n.toString(16);
    }

    public static String ec(byte[] uncompressedPoint) {
        return "ec:" + HexFormat.of().formatHex(uncompressedPoint);
    }

    public static String edwards(String curve, byte[] pub) {
        return curve + ":" + HexFormat.of().formatHex(pub);
    }

    /** The id of a DER SubjectPublicKeyInfo, or null for algorithms this module does not prove. */
    public static String ofSpki(byte[] spkiDer) {
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(spkiDer);
        ASN1ObjectIdentifier alg = spki.getAlgorithm().getAlgorithm();
        byte[] keyBits = spki.getPublicKeyData().getOctets();
        if (alg.equals(PKCSObjectIdentifiers.rsaEncryption) || alg.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
            return rsa(RSAPublicKey.getInstance(keyBits).getModulus());
        }
        if (alg.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            var curve = EcMath.curveOf(spki.getAlgorithm().getParameters());
            return curve == null ? null : ec(curve.getCurve().decodePoint(keyBits).getEncoded(false));
        }
        if (alg.equals(EdECObjectIdentifiers.id_Ed25519)) {
            return edwards("ed25519", keyBits);
        }
        if (alg.equals(EdECObjectIdentifiers.id_X25519)) {
            return edwards("x25519", keyBits);
        }
        return null;
    }
}
