package io.dumpguard.detect.keys.proof;

import io.dumpguard.core.Fingerprints;
import io.dumpguard.core.SecretValue;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.math.ec.ECPoint;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

/** Proves an EC private scalar: k in [1, n-1] and, when the public point is stored, k*G = Q. */
public final class EcProof {
    private EcProof() {
    }

    /**
     * @param storedPoint the encoded public point stored beside the scalar, or null
     * @return the proven key, or null when k is out of range, the point does not decode or k*G differs from it
     */
    public static ProvenKey prove(ASN1ObjectIdentifier curveOid, BigInteger k, byte[] storedPoint) {
        X9ECParameters curve = EcMath.curve(curveOid);
        if (curve == null || k == null || k.signum() <= 0 || k.compareTo(curve.getN()) >= 0) {
            return null;
        }
        ECPoint q = EcMath.multiplyG(curve, k);
        byte[] uncompressed = q.getEncoded(false);
        String proof;
        if (storedPoint != null) {
            ECPoint stored;
            try {
                stored = curve.getCurve().decodePoint(storedPoint);
            } catch (IllegalArgumentException notAPoint) {
                return null;
            }
            if (!stored.normalize().equals(q)) {
                return null;
            }
            proof = "k*G=Q verified";
        } else {
            proof = "k in [1,n-1], no public point stored";
        }
        byte[] spki = spki(curveOid, uncompressed);
        return new ProvenKey("EC " + EcMath.NAMES.get(curveOid), proof, spki, Fingerprints.sha256Hex(spki),
                PublicKeyIds.ec(uncompressed),
                List.of(SecretValue.integer(k, "EC private scalar " + EcMath.NAMES.get(curveOid))));
    }

    /** Whether k*G has the given affine x (and y, when not null) coordinates, as big-endian field elements. */
    public static boolean derives(X9ECParameters curve, BigInteger k, byte[] uncompressedPoint) {
        if (k.signum() <= 0 || k.compareTo(curve.getN()) >= 0) {
            return false;
        }
        return Arrays.equals(EcMath.multiplyG(curve, k).getEncoded(false), uncompressedPoint);
    }

    public static byte[] spki(ASN1ObjectIdentifier curveOid, byte[] uncompressedPoint) {
        try {
            return new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curveOid),
                    uncompressedPoint).getEncoded(ASN1Encoding.DER);
        } catch (IOException ex) {
            throw new IllegalStateException("DER encoding of an EC public key failed", ex);
        }
    }
}
