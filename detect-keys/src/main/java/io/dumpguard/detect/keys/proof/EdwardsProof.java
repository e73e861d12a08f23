package io.dumpguard.detect.keys.proof;

import io.dumpguard.core.Fingerprints;
import io.dumpguard.core.Layouts;
import io.dumpguard.core.SecretValue;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/** Proves Ed25519 and X25519 private keys: the 32-byte seed derives the stored public key. */
public final class EdwardsProof {
    public static final int KEY_BYTES = 32;

    public enum Curve { ED25519, X25519 }

    private EdwardsProof() {
    }

    public static byte[] derivePublic(Curve curve, byte[] seed) {
        return curve == Curve.ED25519
                ? new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded()
                : new X25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
    }

    /**
     * @param storedPublic the public key stored beside the seed, or null
     * @return the proven key, or null when the seed is all zero (a wiped key) or derives a different public key
     */
    public static ProvenKey prove(Curve curve, byte[] seed, byte[] storedPublic) {
        if (seed == null || seed.length != KEY_BYTES || Layouts.isAllZero(seed)) {
            return null;
        }
        byte[] pub = derivePublic(curve, seed);
        String proof;
        if (storedPublic != null) {
            if (!Arrays.equals(pub, storedPublic)) {
                return null;
            }
            proof = "seed derives the stored public key";
        } else {
            proof = "structure verified, no public key stored";
        }
        String name = curve == Curve.ED25519 ? "Ed25519" : "X25519";
        ASN1ObjectIdentifier oid = curve == Curve.ED25519 ? EdECObjectIdentifiers.id_Ed25519
                : EdECObjectIdentifiers.id_X25519;
        byte[] spki;
        try {
            spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(oid), pub).getEncoded(ASN1Encoding.DER);
        } catch (IOException ex) {
            throw new IllegalStateException("DER encoding of an Edwards public key failed", ex);
        }
        return new ProvenKey(name, proof, spki, Fingerprints.sha256Hex(spki),
                PublicKeyIds.edwards(name.toLowerCase(java.util.Locale.ROOT), pub),
                List.of(SecretValue.bytes(seed, name + " private seed")));
    }
}
