package io.dumpguard.format.hprof;

import com.sun.management.HotSpotDiagnosticMXBean;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * A tiny "signing service" run as a child JVM by the tests (launched as a single source file, so the same file runs
 * on JDK 17 and on JDK 21+). It holds an RSA-2048 key that has signed, EC P-256 and Ed25519 keys that have signed,
 * an initialised AES-GCM cipher, an HMAC-SHA256 Mac, a PKCS#12 key store and its password, and a PEM private key
 * in a String; then dumps its own heap with {@code HotSpotDiagnosticMXBean.dumpHeap(file, true)}. Only after the
 * dump does it write the secret values (hex) to a file for the test to compare against, so that file's strings
 * are not in the dump.
 *
 * <p>Arguments: output directory, heap dump file name.
 */
public final class KeyHoldingService {
    /** Keeps everything reachable for the live-objects heap dump. */
    static volatile Object[] held;

    private KeyHoldingService() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        byte[] message = "token payload".getBytes(StandardCharsets.US_ASCII);
        SecureRandom random = new SecureRandom();

        KeyPairGenerator rsaGen = KeyPairGenerator.getInstance("RSA");
        rsaGen.initialize(2048);
        KeyPair rsa = rsaGen.generateKeyPair();
        Signature rsaSigner = Signature.getInstance("SHA256withRSA");
        rsaSigner.initSign(rsa.getPrivate());
        rsaSigner.update(message);
        byte[] rsaSignature = rsaSigner.sign();

        KeyPairGenerator ecGen = KeyPairGenerator.getInstance("EC");
        ecGen.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ec = ecGen.generateKeyPair();
        Signature ecSigner = Signature.getInstance("SHA256withECDSA");
        ecSigner.initSign(ec.getPrivate());
        ecSigner.update(message);
        byte[] ecSignature = ecSigner.sign();

        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Signature edSigner = Signature.getInstance("Ed25519");
        edSigner.initSign(ed.getPrivate());
        edSigner.update(message);
        byte[] edSignature = edSigner.sign();

        KeyGenerator aesGen = KeyGenerator.getInstance("AES");
        aesGen.init(256);
        SecretKey aesKey = aesGen.generateKey();
        byte[] iv = new byte[12];
        random.nextBytes(iv);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(128, iv));
        gcm.updateAAD(message);
        byte[] gcmOut = gcm.update(new byte[64]);

        byte[] hmacBytes = new byte[32];
        random.nextBytes(hmacBytes);
        SecretKeySpec hmacKey = new SecretKeySpec(hmacBytes, "HmacSHA256");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(hmacKey);
        byte[] tag = mac.doFinal(message);
        mac.update(message);

        // built at run time: a literal would also sit in the JVM's symbol table, which HotSpot dumps as UTF8
        // records (names, not redactable), and the sanitizer would rightly refuse the dump
        byte[] pwBytes = new byte[12];
        random.nextBytes(pwBytes);
        char[] password = ("pw-" + HexFormat.of().formatHex(pwBytes)).toCharArray();
        KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(password);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, password);
        store.setEntry("aes", new KeyStore.SecretKeyEntry(aesKey), protection);
        ByteArrayOutputStream storeBytes = new ByteArrayOutputStream();
        store.store(storeBytes, password);

        // a hard-coded password, as services have: HotSpot also dumps it as a symbol (an unreferenced UTF8 record)
        KeyStore.PasswordProtection literalProtection =
                new KeyStore.PasswordProtection("literal-store-pass-7d3a91".toCharArray());

        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(rsa.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";

        held = new Object[]{rsa, rsaSigner, rsaSignature, ec, ecSigner, ecSignature, ed, edSigner, edSignature,
                aesKey, gcm, gcmOut, hmacKey, mac, tag, protection, store, storeBytes, pem, password, literalProtection};

        Path dump = dir.resolve(args[1]);
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(dump.toString(), true);

        RSAPrivateCrtKey r = (RSAPrivateCrtKey) rsa.getPrivate();
        List<String> lines = new ArrayList<>();
        put(lines, "rsa.d", r.getPrivateExponent());
        put(lines, "rsa.p", r.getPrimeP());
        put(lines, "rsa.q", r.getPrimeQ());
        put(lines, "rsa.pe", r.getPrimeExponentP());
        put(lines, "rsa.qe", r.getPrimeExponentQ());
        put(lines, "rsa.coeff", r.getCrtCoefficient());
        lines.add("rsa.spki-sha256=" + sha256(rsa.getPublic().getEncoded()));
        put(lines, "ec.s", ((ECPrivateKey) ec.getPrivate()).getS());
        byte[] seed = ((EdECPrivateKey) ed.getPrivate()).getBytes().orElseThrow();
        lines.add("ed25519.seed=" + HexFormat.of().formatHex(seed));
        lines.add("ed25519.spki-sha256=" + sha256(ed.getPublic().getEncoded()));
        lines.add("aes.key=" + HexFormat.of().formatHex(aesKey.getEncoded()));
        lines.add("hmac.key=" + HexFormat.of().formatHex(hmacBytes));
        lines.add("keystore.password=" + HexFormat.of().formatHex(new String(password).getBytes(StandardCharsets.ISO_8859_1)));
        lines.add("literal.password=" + HexFormat.of().formatHex(
                new String(literalProtection.getPassword()).getBytes(StandardCharsets.ISO_8859_1)));
        lines.add("pem=" + HexFormat.of().formatHex(pem.getBytes(StandardCharsets.US_ASCII)));
        Files.write(dir.resolve(args[1] + ".secrets"), lines);
    }

    private static void put(List<String> lines, String name, BigInteger v) {
        byte[] b = v.toByteArray();
        int i = 0;
        while (i < b.length - 1 && b[i] == 0) {
            i++;
        }
        lines.add(name + "=" + HexFormat.of().formatHex(b, i, b.length));
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
