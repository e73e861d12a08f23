package io.dumpguard.detect.keys.examples;

import io.dumpguard.core.Layouts;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;

/** Encodes generated keys in every form the private key detector reads (for examples and tests). */
public final class KeyEncodings {
    private KeyEncodings() {
    }

    public static byte[] pkcs8(KeyPair kp) {
        return kp.getPrivate().getEncoded();
    }

    /** PKCS#1 RSAPrivateKey, or SEC1 ECPrivateKey as PKCS#8 wraps it. */
    public static byte[] innerPrivateKey(KeyPair kp) {
        try {
            return PrivateKeyInfo.getInstance(pkcs8(kp)).parsePrivateKey().toASN1Primitive()
                    .getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SEC1 ECPrivateKey with named-curve parameters and the public point. */
    public static byte[] sec1(KeyPair kp) {
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(pkcs8(kp));
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(kp.getPublic().getEncoded());
            BigInteger d = ((java.security.interfaces.ECPrivateKey) kp.getPrivate()).getS();
            int bits = ((ECPublicKey) kp.getPublic()).getParams().getOrder().bitLength();
            return new ECPrivateKey(bits, d, new DERBitString(spki.getPublicKeyData().getOctets()),
                    info.getPrivateKeyAlgorithm().getParameters()).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(String label, byte[] der) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + b64 + "\n-----END " + label + "-----\n";
    }

    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] utf16le(String s) {
        return s.getBytes(StandardCharsets.UTF_16LE);
    }

    public static byte[] utf16be(String s) {
        return s.getBytes(StandardCharsets.UTF_16BE);
    }

    /** A real PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) EncryptedPrivateKeyInfo. */
    public static byte[] encryptedPkcs8(KeyPair kp) {
        try {
            byte[] salt = TestKeys.random(16);
            byte[] iv = TestKeys.random(16);
            int iterations = 1000;
            var kdf = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            byte[] aesKey = kdf.generateSecret(new PBEKeySpec("example-passphrase".toCharArray(), salt, iterations,
                    256)).getEncoded();
            Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
            c.init(Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(aesKey, "AES"), new IvParameterSpec(iv));
            byte[] ct = c.doFinal(pkcs8(kp));
            var pbes2 = new org.bouncycastle.asn1.pkcs.PBES2Parameters(
                    new org.bouncycastle.asn1.pkcs.KeyDerivationFunc(
                            org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.id_PBKDF2,
                            new org.bouncycastle.asn1.pkcs.PBKDF2Params(salt, iterations, 32,
                                    new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                                            org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.id_hmacWithSHA256,
                                            org.bouncycastle.asn1.DERNull.INSTANCE))),
                    new org.bouncycastle.asn1.pkcs.EncryptionScheme(
                            org.bouncycastle.asn1.nist.NISTObjectIdentifiers.id_aes256_CBC,
                            new org.bouncycastle.asn1.DEROctetString(iv)));
            return new org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo(
                    new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                            org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.id_PBES2, pbes2), ct)
                    .getEncoded(ASN1Encoding.DER);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("PBES2 encryption failed", e);
        }
    }

    /** Legacy OpenSSL encrypted PEM (the body is random: only the headers say it is encrypted). */
    public static String legacyEncryptedPem() {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(TestKeys.random(640));
        return "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,"
                + "00112233445566778899AABBCCDDEEFF\n\n" + b64 + "\n-----END RSA PRIVATE KEY-----\n";
    }

    // ---- JWK

    private static String b64u(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String b64u(BigInteger n) {
        byte[] b = n.toByteArray();
        return b64u(b[0] == 0 && b.length > 1 ? Arrays.copyOfRange(b, 1, b.length) : b);
    }

    public static String rsaJwk(KeyPair kp, boolean withPrimes) {
        RSAPrivateCrtKey k = (RSAPrivateCrtKey) kp.getPrivate();
        String s = "{\"kty\":\"RSA\",\"n\":\"" + b64u(k.getModulus()) + "\",\"e\":\"" + b64u(k.getPublicExponent())
                + "\",\"d\":\"" + b64u(k.getPrivateExponent()) + "\"";
        if (withPrimes) {
            s += ",\"p\":\"" + b64u(k.getPrimeP()) + "\",\"q\":\"" + b64u(k.getPrimeQ()) + "\",\"dp\":\""
                    + b64u(k.getPrimeExponentP()) + "\",\"dq\":\"" + b64u(k.getPrimeExponentQ()) + "\",\"qi\":\""
                    + b64u(k.getCrtCoefficient()) + "\"";
        }
        return s + ",\"kid\":\"example\"}";
    }

    public static String rsaPublicJwk(KeyPair kp) {
        RSAPublicKey k = (RSAPublicKey) kp.getPublic();
        return "{\"kty\":\"RSA\",\"n\":\"" + b64u(k.getModulus()) + "\",\"e\":\"" + b64u(k.getPublicExponent())
                + "\"}";
    }

    public static String ecJwk(KeyPair kp, String crv, int size) {
        ECPublicKey pub = (ECPublicKey) kp.getPublic();
        BigInteger d = ((java.security.interfaces.ECPrivateKey) kp.getPrivate()).getS();
        return "{ \"kty\" : \"EC\", \"crv\" : \"" + crv + "\", \"x\" : \""
                + b64u(fixed(pub.getW().getAffineX(), size)) + "\", \"y\" : \""
                + b64u(fixed(pub.getW().getAffineY(), size)) + "\", \"d\" : \"" + b64u(fixed(d, size)) + "\" }";
    }

    public static String ed25519Jwk(KeyPair kp) {
        return "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + b64u(edwardsPublic(kp)) + "\",\"d\":\""
                + b64u(edwardsSeed(kp)) + "\"}";
    }

    // ---- Edwards keys

    public static byte[] edwardsSeed(KeyPair kp) {
        try {
            return ASN1OctetString.getInstance(PrivateKeyInfo.getInstance(pkcs8(kp)).parsePrivateKey()).getOctets();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] edwardsPublic(KeyPair kp) {
        return SubjectPublicKeyInfo.getInstance(kp.getPublic().getEncoded()).getPublicKeyData().getOctets();
    }

    // ---- OpenSSH and PuTTY

    private static final class Ssh {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Ssh u32(int v) {
            out.write(v >>> 24);
            out.write(v >>> 16);
            out.write(v >>> 8);
            out.write(v);
            return this;
        }

        Ssh string(byte[] b) {
            u32(b.length);
            out.writeBytes(b);
            return this;
        }

        Ssh string(String s) {
            return string(ascii(s));
        }

        Ssh mpint(BigInteger n) {
            return string(n.toByteArray());
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    private static byte[] sshPublic(KeyPair kp) {
        if (kp.getPublic() instanceof RSAPublicKey k) {
            return new Ssh().string("ssh-rsa").mpint(k.getPublicExponent()).mpint(k.getModulus()).bytes();
        }
        return new Ssh().string("ssh-ed25519").string(edwardsPublic(kp)).bytes();
    }

    /** Unencrypted openssh-key-v1 for an RSA or Ed25519 key pair. */
    public static byte[] openSsh(KeyPair kp) {
        Ssh priv = new Ssh().u32(0x1234abcd).u32(0x1234abcd);
        if (kp.getPrivate() instanceof RSAPrivateCrtKey k) {
            priv.string("ssh-rsa").mpint(k.getModulus()).mpint(k.getPublicExponent()).mpint(k.getPrivateExponent())
                    .mpint(k.getCrtCoefficient()).mpint(k.getPrimeP()).mpint(k.getPrimeQ());
        } else {
            byte[] pub = edwardsPublic(kp);
            priv.string("ssh-ed25519").string(pub).string(TestKeys.concat(edwardsSeed(kp), pub));
        }
        priv.string("example@dumpguard");
        for (int pad = 1; priv.out.size() % 8 != 0; pad++) {
            priv.out.write(pad);
        }
        byte[] section = priv.bytes();
        return TestKeys.concat(ascii("openssh-key-v1\0"), new Ssh().string("none").string("none").string(new byte[0])
                .u32(1).string(sshPublic(kp)).string(section).bytes());
    }

    /** An unencrypted PuTTY version 3 key file (the MAC line is not checked by the detector). */
    public static String ppk(KeyPair kp) {
        String type;
        byte[] priv;
        if (kp.getPrivate() instanceof RSAPrivateCrtKey k) {
            type = "ssh-rsa";
            priv = new Ssh().mpint(k.getPrivateExponent()).mpint(k.getPrimeP()).mpint(k.getPrimeQ())
                    .mpint(k.getCrtCoefficient()).bytes();
        } else {
            type = "ssh-ed25519";
            priv = new Ssh().string(edwardsSeed(kp)).bytes();
        }
        return "PuTTY-User-Key-File-3: " + type + "\nEncryption: none\nComment: example\n"
                + ppkLines("Public-Lines", sshPublic(kp)) + ppkLines("Private-Lines", priv)
                + "Private-MAC: " + "0".repeat(64) + "\n";
    }

    private static String ppkLines(String key, byte[] blob) {
        String b64 = Base64.getEncoder().encodeToString(blob);
        StringBuilder s = new StringBuilder();
        int lines = (b64.length() + 63) / 64;
        s.append(key).append(": ").append(lines).append('\n');
        for (int i = 0; i < b64.length(); i += 64) {
            s.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
        }
        return s.toString();
    }

    // ---- Windows blobs

    /** CNG BCRYPT_RSAKEY_BLOB: RSA2 (private) or RSA3 (full private). */
    public static byte[] cngRsa(KeyPair kp, boolean full) {
        RSAPrivateCrtKey k = (RSAPrivateCrtKey) kp.getPrivate();
        int cbMod = (k.getModulus().bitLength() + 7) / 8;
        byte[] e = magnitude(k.getPublicExponent());
        int cbP = (k.getPrimeP().bitLength() + 7) / 8;
        int cbQ = (k.getPrimeQ().bitLength() + 7) / 8;
        ByteBuffer b = ByteBuffer.allocate(24 + e.length + cbMod + cbP + cbQ + (full ? cbP + cbQ + cbP + cbMod : 0))
                .order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(full ? 0x33415352 : 0x32415352).putInt(k.getModulus().bitLength()).putInt(e.length).putInt(cbMod)
                .putInt(cbP).putInt(cbQ);
        b.put(e).put(fixed(k.getModulus(), cbMod)).put(fixed(k.getPrimeP(), cbP)).put(fixed(k.getPrimeQ(), cbQ));
        if (full) {
            b.put(fixed(k.getPrimeExponentP(), cbP)).put(fixed(k.getPrimeExponentQ(), cbQ))
                    .put(fixed(k.getCrtCoefficient(), cbP)).put(fixed(k.getPrivateExponent(), cbMod));
        }
        return b.array();
    }

    /** CNG BCRYPT_ECCKEY_BLOB, ECDSA private P-256 ("ECS2"). */
    public static byte[] cngEcP256(KeyPair kp) {
        ECPublicKey pub = (ECPublicKey) kp.getPublic();
        BigInteger d = ((java.security.interfaces.ECPrivateKey) kp.getPrivate()).getS();
        ByteBuffer b = ByteBuffer.allocate(8 + 96).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x32534345).putInt(32).put(fixed(pub.getW().getAffineX(), 32))
                .put(fixed(pub.getW().getAffineY(), 32)).put(fixed(d, 32));
        return b.array();
    }

    /** CryptoAPI PRIVATEKEYBLOB (CALG_RSA_KEYX), little-endian numbers. */
    public static byte[] cryptoApi(KeyPair kp) {
        RSAPrivateCrtKey k = (RSAPrivateCrtKey) kp.getPrivate();
        int bits = k.getModulus().bitLength();
        int cbMod = bits / 8;
        int half = bits / 16;
        ByteBuffer b = ByteBuffer.allocate(20 + cbMod * 2 + half * 5).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x00000207).putInt(0xa400).putInt(0x32415352).putInt(bits)
                .putInt(k.getPublicExponent().intValueExact());
        b.put(le(k.getModulus(), cbMod)).put(le(k.getPrimeP(), half)).put(le(k.getPrimeQ(), half))
                .put(le(k.getPrimeExponentP(), half)).put(le(k.getPrimeExponentQ(), half))
                .put(le(k.getCrtCoefficient(), half)).put(le(k.getPrivateExponent(), cbMod));
        return b.array();
    }

    public static byte[] magnitude(BigInteger n) {
        return fixed(n, (n.bitLength() + 7) / 8);
    }

    /** Big-endian, left-padded (or truncated of sign bytes) to {@code size} bytes. */
    public static byte[] fixed(BigInteger n, int size) {
        byte[] b = n.toByteArray();
        byte[] out = new byte[size];
        int copy = Math.min(size, b.length);
        System.arraycopy(b, b.length - copy, out, size - copy, copy);
        return out;
    }

    public static byte[] le(BigInteger n, int size) {
        return Layouts.reversed(fixed(n, size));
    }
}
