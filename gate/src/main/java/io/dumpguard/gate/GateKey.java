package io.dumpguard.gate;

import io.dumpguard.core.Fingerprints;

import java.io.IOException;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;

import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * The gate's signing key: ECDSA P-256 (SHA-256, ASN.1 DER signatures, as the JCA, PKCS#11 tokens and the
 * Python {@code cryptography} package all produce and accept) or Ed25519. The private half may live in a file
 * ({@link GateKeys#fileBacked}) or in a PKCS#11 token ({@link GateKeys#pkcs11}); this class never exposes it.
 */
public final class GateKey {
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final Provider provider;
    private final String source;

    GateKey(PrivateKey privateKey, PublicKey publicKey, Provider provider, String source) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.provider = provider;
        this.source = source;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The DSSE key id: hex SHA-256 of the public key's SubjectPublicKeyInfo. */
    public String keyId() {
        return Fingerprints.spkiSha256(publicKey);
    }

    /** Where the private half is held ("file /root/.config/dumpguard/gate/gate-key.pem", "pkcs11 token"). */
    public String source() {
        return source;
    }

    public byte[] sign(byte[] message) throws GeneralSecurityException {
        Signature s = provider == null ? Signature.getInstance(algorithm(publicKey))
                : Signature.getInstance(algorithm(publicKey), provider);
        s.initSign(privateKey);
        s.update(message);
        return s.sign();
    }

    public String publicKeyPem() {
        return publicKeyPem(publicKey);
    }

    static String algorithm(PublicKey key) {
        return switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new IllegalArgumentException("unsupported gate key algorithm " + key.getAlgorithm()
                    + " (expected EC P-256 or Ed25519)");
        };
    }

    /** Verifies a signature made by {@link #sign} with the public key alone (the receiving side's view). */
    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature s = Signature.getInstance(algorithm(key));
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    static String publicKeyPem(PublicKey key) {
        StringWriter w = new StringWriter();
        try (PemWriter pw = new PemWriter(w)) {
            pw.writeObject(new PemObject("PUBLIC KEY", key.getEncoded()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }

    @Override
    public String toString() {
        return "GateKey[" + publicKey.getAlgorithm() + ", keyid " + keyId() + ", " + source + "]";
    }
}
