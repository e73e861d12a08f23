package io.dumpguard.format.hprof;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Security;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Like {@link KeyHoldingService}, with BouncyCastle's keys: a BC-provider RSA-2048 and EC P-256 key that have
 * signed, a lightweight Ed25519 key that has signed, a lightweight AESEngine and HMac initialised with
 * KeyParameters. Run as a single source file with bcprov on the class path; arguments: directory, dump name.
 */
public final class BouncyCastleKeyHoldingService {
    static volatile Object[] held;

    private BouncyCastleKeyHoldingService() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Security.addProvider(new BouncyCastleProvider());
        SecureRandom random = new SecureRandom();
        byte[] message = "token payload".getBytes(StandardCharsets.US_ASCII);

        KeyPairGenerator rsaGen = KeyPairGenerator.getInstance("RSA", "BC");
        rsaGen.initialize(2048);
        KeyPair rsa = rsaGen.generateKeyPair();
        Signature rsaSigner = Signature.getInstance("SHA256withRSA", "BC");
        rsaSigner.initSign(rsa.getPrivate());
        rsaSigner.update(message);
        byte[] rsaSignature = rsaSigner.sign();

        KeyPairGenerator ecGen = KeyPairGenerator.getInstance("EC", "BC");
        ecGen.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ec = ecGen.generateKeyPair();
        Signature ecSigner = Signature.getInstance("SHA256withECDSA", "BC");
        ecSigner.initSign(ec.getPrivate());
        ecSigner.update(message);
        byte[] ecSignature = ecSigner.sign();

        Ed25519PrivateKeyParameters ed = new Ed25519PrivateKeyParameters(random);
        Ed25519Signer edSigner = new Ed25519Signer();
        edSigner.init(true, ed);
        edSigner.update(message, 0, message.length);
        byte[] edSignature = edSigner.generateSignature();

        byte[] aesKey = new byte[32];
        random.nextBytes(aesKey);
        KeyParameter aesParameter = new KeyParameter(aesKey); // held, as a service holds its key
        AESEngine aes = new AESEngine();
        aes.init(true, aesParameter);
        byte[] block = new byte[16];
        aes.processBlock(block, 0, block, 0);

        byte[] hmacKey = new byte[32];
        random.nextBytes(hmacKey);
        KeyParameter hmacParameter = new KeyParameter(hmacKey);
        HMac hmac = new HMac(new SHA256Digest());
        hmac.init(hmacParameter);
        hmac.update(message, 0, message.length);

        held = new Object[]{rsa, rsaSigner, rsaSignature, ec, ecSigner, ecSignature, ed, edSigner, edSignature,
                aesParameter, aes, block, hmacParameter, hmac};

        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .dumpHeap(dir.resolve(args[1]).toString(), true);

        RSAPrivateCrtKey r = (RSAPrivateCrtKey) rsa.getPrivate();
        List<String> lines = new ArrayList<>();
        put(lines, "rsa.d", r.getPrivateExponent());
        put(lines, "rsa.p", r.getPrimeP());
        put(lines, "rsa.q", r.getPrimeQ());
        put(lines, "rsa.pe", r.getPrimeExponentP());
        put(lines, "rsa.qe", r.getPrimeExponentQ());
        put(lines, "rsa.coeff", r.getCrtCoefficient());
        put(lines, "ec.s", ((ECPrivateKey) ec.getPrivate()).getS());
        lines.add("ed25519.seed=" + HexFormat.of().formatHex(ed.getEncoded()));
        lines.add("aes.key=" + HexFormat.of().formatHex(aesKey));
        lines.add("hmac.key=" + HexFormat.of().formatHex(hmacKey));
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
}
