package io.dumpguard.detect.keys.privatekey;

import io.dumpguard.detect.keys.proof.EcProof;
import io.dumpguard.detect.keys.proof.EdwardsProof;
import io.dumpguard.detect.keys.proof.ProvenKey;
import io.dumpguard.detect.keys.proof.RsaProof;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;

import java.math.BigInteger;
import java.util.Arrays;

/** SSH key type names and the proofs for the private fields OpenSSH and PuTTY store. */
final class SshKeys {
    /** Largest single SSH string or mpint in a key (a 16384-bit modulus is 2049 bytes). */
    static final int MAX_FIELD_BYTES = 4096;

    private SshKeys() {
    }

    static ASN1ObjectIdentifier ecdsaCurve(String type) {
        return switch (type) {
            case "ecdsa-sha2-nistp256", "nistp256" -> SECObjectIdentifiers.secp256r1;
            case "ecdsa-sha2-nistp384", "nistp384" -> SECObjectIdentifiers.secp384r1;
            case "ecdsa-sha2-nistp521", "nistp521" -> SECObjectIdentifiers.secp521r1;
            default -> null;
        };
    }

    /** OpenSSH private section entry after the key type string. */
    static ProvenKey openSshPrivate(String type, BoundedReader r) throws NotAKey {
        if (type.equals("ssh-rsa")) {
            BigInteger n = r.sshMpint(MAX_FIELD_BYTES);
            BigInteger e = r.sshMpint(MAX_FIELD_BYTES);
            BigInteger d = r.sshMpint(MAX_FIELD_BYTES);
            BigInteger iqmp = r.sshMpint(MAX_FIELD_BYTES);
            BigInteger p = r.sshMpint(MAX_FIELD_BYTES);
            BigInteger q = r.sshMpint(MAX_FIELD_BYTES);
            ProvenKey k = RsaProof.prove(n, e, d, p, q, RsaProof.RSA_ENCRYPTION);
            NotAKey.require(k != null && p.signum() > 0 && iqmp.multiply(q).mod(p).equals(BigInteger.ONE));
            return k;
        }
        if (type.equals("ssh-ed25519")) {
            byte[] pub = r.sshString(MAX_FIELD_BYTES);
            byte[] priv = r.sshString(MAX_FIELD_BYTES);
            NotAKey.require(pub.length == 32 && priv.length == 64
                    && Arrays.equals(priv, 32, 64, pub, 0, 32));
            return required(EdwardsProof.prove(EdwardsProof.Curve.ED25519, Arrays.copyOf(priv, 32), pub));
        }
        ASN1ObjectIdentifier curve = ecdsaCurve(type);
        NotAKey.require(curve != null);
        NotAKey.require(curve.equals(ecdsaCurve(r.sshAscii(MAX_FIELD_BYTES))));
        byte[] q = r.sshString(MAX_FIELD_BYTES);
        BigInteger d = r.sshMpint(MAX_FIELD_BYTES);
        return required(EcProof.prove(curve, d, q));
    }

    static ProvenKey required(ProvenKey k) throws NotAKey {
        NotAKey.require(k != null);
        return k;
    }
}
