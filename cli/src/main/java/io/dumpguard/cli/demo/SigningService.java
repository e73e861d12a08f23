package io.dumpguard.cli.demo;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
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
 * A small token-signing service, run in its own JVM by {@code dumpguard demo}: it loads the kinds of keys real
 * services hold (RSA-2048, EC P-256 and Ed25519 signing keys that have signed, an AES-GCM cipher in use, an HMAC,
 * a PKCS#12 keystore password, a PEM private key in a String), then writes its own heap dump, as
 * {@code -XX:+HeapDumpOnOutOfMemoryError} would. All keys are generated at start; none is ever stored elsewhere.
 *
 * <p>For the demo's own end-to-end check it also writes the secret values to {@code secrets.txt} (owner-only) in
 * the demo folder, so the demo can prove none of them survives sanitizing. The demo deletes the folder afterwards.
 */
public final class SigningService {
    /** Held in static fields so that they are live at the heap dump, as in a real service. */
    static final List<Object> KEYS_IN_USE = new ArrayList<>();

    private SigningService() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        SecureRandom rnd = new SecureRandom();
        byte[] token = "{\"sub\":\"alice\",\"aud\":\"mail\"}".getBytes(StandardCharsets.UTF_8);
        List<String> secrets = new ArrayList<>();

        KeyPairGenerator rsaGen = KeyPairGenerator.getInstance("RSA");
        rsaGen.initialize(2048);
        KeyPair rsa = rsaGen.generateKeyPair();
        sign("SHA256withRSA", rsa, token);
        RSAPrivateCrtKey rk = (RSAPrivateCrtKey) rsa.getPrivate();
        secrets.add(integer("RSA-2048 prime p", rk.getPrimeP()));
        secrets.add(integer("RSA-2048 prime q", rk.getPrimeQ()));
        secrets.add(integer("RSA-2048 private exponent d", rk.getPrivateExponent()));

        KeyPairGenerator ecGen = KeyPairGenerator.getInstance("EC");
        ecGen.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ec = ecGen.generateKeyPair();
        sign("SHA256withECDSA", ec, token);
        secrets.add(integer("EC P-256 private scalar", ((ECPrivateKey) ec.getPrivate()).getS()));

        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        sign("Ed25519", ed, token);
        ((EdECPrivateKey) ed.getPrivate()).getBytes().ifPresent(seed -> secrets.add(bytes("Ed25519 seed", seed)));

        KeyGenerator aesGen = KeyGenerator.getInstance("AES");
        aesGen.init(256);
        SecretKey aes = aesGen.generateKey();
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        byte[] iv = new byte[12];
        rnd.nextBytes(iv);
        gcm.init(Cipher.ENCRYPT_MODE, aes, new GCMParameterSpec(128, iv));
        gcm.update(token);
        secrets.add(bytes("AES-256 key", aes.getEncoded()));

        KeyGenerator hmacGen = KeyGenerator.getInstance("HmacSHA256");
        SecretKey hk = hmacGen.generateKey();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(hk);
        mac.update(token);
        secrets.add(bytes("HMAC-SHA256 key", hk.getEncoded()));

        char[] storePassword = ("keystore-" + HexFormat.of().formatHex(rnd.generateSeed(8))).toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setEntry("mail-signer", new KeyStore.SecretKeyEntry(hmacGen.generateKey()),
                new KeyStore.PasswordProtection(storePassword));
        ByteArrayOutputStream p12 = new ByteArrayOutputStream();
        ks.store(p12, storePassword);
        KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(storePassword);
        secrets.add("text:keystore password:" + HexFormat.of().formatHex(new String(storePassword).getBytes(StandardCharsets.ISO_8859_1)));

        KeyPair pemPair = rsaGen.generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pemPair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        RSAPrivateCrtKey pk = (RSAPrivateCrtKey) pemPair.getPrivate();
        secrets.add(integer("PEM key prime p", pk.getPrimeP()));

        KEYS_IN_USE.addAll(List.of(rsa, ec, ed, aes, gcm, hk, mac, ks, protection, pem, p12.toByteArray()));

        Path secretsFile = dir.resolve("secrets.txt");
        Files.createFile(secretsFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(secretsFile, secrets);
        Path dump = dir.resolve("signing-service.hprof");
        ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                .dumpHeap(dump.toString(), true);
        System.out.println(KEYS_IN_USE.size() + " key objects in use; heap dumped");
    }

    private static void sign(String alg, KeyPair kp, byte[] data) throws Exception {
        Signature s = Signature.getInstance(alg);
        s.initSign(kp.getPrivate());
        s.update(data);
        KEYS_IN_USE.add(s.sign());
        KEYS_IN_USE.add(s);
    }

    private static String integer(String what, BigInteger v) {
        return "integer:" + what + ":" + HexFormat.of().formatHex(v.toByteArray());
    }

    private static String bytes(String what, byte[] v) {
        return "bytes:" + what + ":" + HexFormat.of().formatHex(v);
    }
}
