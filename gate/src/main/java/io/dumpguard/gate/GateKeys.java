package io.dumpguard.gate;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Collections;
import java.util.UUID;

import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/** Loads or creates the gate key. */
public final class GateKeys {
    /** File name of the private key (PKCS#8 PEM, mode 0600) inside the gate config folder. */
    public static final String PRIVATE_KEY_FILE = "gate-key.pem";
    /** File name of the public key (SubjectPublicKeyInfo PEM) beside it, for {@code accept --trust}. */
    public static final String PUBLIC_KEY_FILE = "gate-key.pub.pem";

    private GateKeys() {
    }

    /**
     * The key in {@code configDir}, created on first use as ECDSA P-256. The folder is created 0700 and the key
     * file 0600 from the moment it exists; it is written under a temporary name and hard-linked into place, so a
     * process that starts at the same moment either creates the key or reads the complete one the other created.
     * A key file that group or others may read is refused, as ssh does.
     */
    public static GateKey fileBacked(Path configDir) throws IOException {
        DurableFiles.createOwnerOnlyDirectories(configDir);
        Path keyFile = configDir.resolve(PRIVATE_KEY_FILE);
        if (!Files.exists(keyFile)) {
            create(configDir, keyFile);
        }
        if (DurableFiles.openToOthers(keyFile)) {
            throw new IOException("gate key " + keyFile + " is readable or writable by group or others;"
                    + " run 'chmod 600 " + keyFile + "' or remove it to create a new key");
        }
        try {
            PrivateKey priv = readPrivateKey(keyFile);
            PublicKey pub = readPublicKeyPem(Files.readString(configDir.resolve(PUBLIC_KEY_FILE)));
            return new GateKey(priv, pub, null, "file " + keyFile);
        } catch (GeneralSecurityException e) {
            throw new IOException("gate key " + keyFile + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static void create(Path dir, Path keyFile) throws IOException {
        KeyPair kp;
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            kp = g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot generate the gate key: " + e.getMessage(), e);
        }
        // public key first: a reader that sees the private key file can always find its public half
        Path pubTmp = dir.resolve(".gate-key.pub." + UUID.randomUUID() + ".tmp");
        Files.writeString(pubTmp, GateKey.publicKeyPem(kp.getPublic()), StandardCharsets.US_ASCII);
        DurableFiles.fsync(pubTmp);
        Path pub = dir.resolve(PUBLIC_KEY_FILE);
        Path privTmp = dir.resolve(".gate-key." + UUID.randomUUID() + ".tmp");
        try {
            // whoever publishes the public half first owns the creation; the others wait for its private half
            DurableFiles.publishNoReplace(pubTmp, pub);
            DurableFiles.writeNewOwnerOnly(privTmp, pem("PRIVATE KEY", kp.getPrivate().getEncoded()));
            DurableFiles.publishNoReplace(privTmp, keyFile);
        } catch (FileAlreadyExistsException raced) {
            Files.deleteIfExists(privTmp);
        } finally {
            Files.deleteIfExists(pubTmp);
            Files.deleteIfExists(privTmp);
        }
        waitFor(keyFile);
    }

    private static void waitFor(Path keyFile) throws IOException {
        for (int i = 0; i < 200 && !Files.exists(keyFile); i++) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the gate key", e);
            }
        }
        if (!Files.exists(keyFile)) {
            throw new IOException("gate key " + keyFile + " was not created (a concurrent creator may have died);"
                    + " remove " + keyFile.resolveSibling(PUBLIC_KEY_FILE) + " and retry");
        }
    }

    /**
     * A key held in a PKCS#11 token through the JDK's SunPKCS11 provider.
     *
     * @param providerConfig SunPKCS11 configuration file (library, slot)
     * @param alias          key entry alias, or null for the only private key entry in the token
     * @param pin            the user PIN (the CLI reads it from an environment variable)
     */
    public static GateKey pkcs11(Path providerConfig, String alias, char[] pin) throws IOException {
        Provider base = Security.getProvider("SunPKCS11");
        if (base == null) {
            throw new IOException("the JDK has no SunPKCS11 provider (module jdk.crypto.cryptoki)");
        }
        try {
            Provider p = base.configure(providerConfig.toString());
            KeyStore ks = KeyStore.getInstance("PKCS11", p);
            ks.load(null, pin);
            String chosen = alias;
            if (chosen == null) {
                for (String a : Collections.list(ks.aliases())) {
                    if (ks.isKeyEntry(a)) {
                        if (chosen != null) {
                            throw new IOException("token holds several keys (" + chosen + ", " + a
                                    + "); name one with the key alias setting");
                        }
                        chosen = a;
                    }
                }
            }
            if (chosen == null || !ks.isKeyEntry(chosen)) {
                throw new IOException("no private key " + (alias == null ? "" : "'" + alias + "' ")
                        + "in the PKCS#11 token configured by " + providerConfig);
            }
            Key k = ks.getKey(chosen, null);
            Certificate cert = ks.getCertificate(chosen);
            if (!(k instanceof PrivateKey priv) || cert == null) {
                throw new IOException("PKCS#11 entry '" + chosen + "' has no private key with a certificate"
                        + " (the public key is read from the certificate)");
            }
            return new GateKey(priv, cert.getPublicKey(), p, "pkcs11 " + p.getName() + " alias " + chosen);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("cannot use the PKCS#11 token configured by " + providerConfig + ": "
                    + e.getMessage(), e);
        }
    }

    /** Reads a {@code PUBLIC KEY} PEM block (EC or Ed25519). */
    public static PublicKey readPublicKeyPem(String pem) throws GeneralSecurityException, IOException {
        byte[] der = readPem(new StringReader(pem), "PUBLIC KEY");
        X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
        for (String alg : new String[] {"EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(alg).generatePublic(spec);
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new GeneralSecurityException("PUBLIC KEY block is neither an EC nor an Ed25519 key");
    }

    private static PrivateKey readPrivateKey(Path file) throws IOException, GeneralSecurityException {
        byte[] der;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            der = readPem(r, "PRIVATE KEY");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String alg : new String[] {"EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new GeneralSecurityException("PRIVATE KEY block is neither an EC nor an Ed25519 key");
    }

    private static byte[] readPem(Reader r, String type) throws IOException {
        try (PemReader pr = new PemReader(r)) {
            for (PemObject o; (o = pr.readPemObject()) != null; ) {
                if (o.getType().equals(type)) {
                    return o.getContent();
                }
            }
        }
        throw new IOException("no " + type + " PEM block found");
    }

    private static byte[] pem(String type, byte[] der) {
        StringWriter w = new StringWriter();
        try (PemWriter pw = new PemWriter(w)) {
            pw.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
