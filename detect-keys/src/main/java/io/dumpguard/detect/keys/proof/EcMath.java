package io.dumpguard.detect.keys.proof;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

import java.math.BigInteger;
import java.util.Map;

/** The named curves this module proves scalars on, with BouncyCastle's fast custom implementations. */
public final class EcMath {
    /** Curve OID to the name used in descriptions. */
    public static final Map<ASN1ObjectIdentifier, String> NAMES = Map.of(
            SECObjectIdentifiers.secp256r1, "P-256",
            SECObjectIdentifiers.secp384r1, "P-384",
            SECObjectIdentifiers.secp521r1, "P-521",
            SECObjectIdentifiers.secp256k1, "secp256k1");

    private static final FixedPointCombMultiplier MULTIPLIER = new FixedPointCombMultiplier();

    private EcMath() {
    }

    /** The curve named by an ECParameters field (a named-curve OID); null when not a supported named curve. */
    public static X9ECParameters curveOf(ASN1Encodable parameters) {
        if (!(parameters instanceof ASN1ObjectIdentifier oid) || !NAMES.containsKey(oid)) {
            return null;
        }
        return CustomNamedCurves.getByOID(oid);
    }

    public static X9ECParameters curve(ASN1ObjectIdentifier oid) {
        return NAMES.containsKey(oid) ? CustomNamedCurves.getByOID(oid) : null;
    }

    /** k*G, normalized. */
    public static ECPoint multiplyG(X9ECParameters curve, BigInteger k) {
        return MULTIPLIER.multiply(curve.getG(), k).normalize();
    }

    /** Byte length of a field element / scalar on this curve (32, 48, 66). */
    public static int fieldBytes(X9ECParameters curve) {
        return (curve.getCurve().getFieldSize() + 7) / 8;
    }

    public static ASN1ObjectIdentifier oidOfSize(int fieldBytes) {
        return switch (fieldBytes) {
            case 32 -> SECObjectIdentifiers.secp256r1;
            case 48 -> SECObjectIdentifiers.secp384r1;
            case 66 -> SECObjectIdentifiers.secp521r1;
            default -> null;
        };
    }
}
