package io.dumpguard.detect.keys.privatekey;

import io.dumpguard.core.spi.ByteDetector;
import io.dumpguard.core.spi.DetectorExample;
import io.dumpguard.core.spi.DetectorFactory;
import io.dumpguard.core.spi.ScanContext;
import io.dumpguard.detect.keys.registered.RegisteredKeyIndex;

import java.util.List;

/** Private keys in every encoding (DER, PEM, JWK, OpenSSH, PuTTY, Windows blobs), proven by arithmetic. */
public final class PrivateKeyDetectorFactory implements DetectorFactory {
    public static final String ID = "key";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<String> findingIds() {
        return List.of(DerKeyParser.PKCS1, DerKeyParser.PKCS8, DerKeyParser.SEC1, PemKeyParser.PEM,
                PemKeyParser.PEM_ENCRYPTED, JwkKeyParser.JWK, OpenSshKeyParser.OPENSSH,
                OpenSshKeyParser.OPENSSH_ENCRYPTED, PpkKeyParser.PPK, PpkKeyParser.PPK_ENCRYPTED,
                WindowsBlobParser.CNG, WindowsBlobParser.CRYPTOAPI);
    }

    @Override
    public String description() {
        return "private keys in DER (PKCS#1, PKCS#8, SEC1), PEM (ASCII, UTF-16LE/BE), JWK, OpenSSH, PuTTY, "
                + "CNG and CryptoAPI blobs, proven by p*q=n, e*d=1 mod lambda(n), k*G=Q; encrypted ones as protected";
    }

    @Override
    public List<DetectorExample> examples() {
        return PrivateKeyExamples.all();
    }

    @Override
    public void prepare() {
        PrivateKeyDetector.prepare();
    }

    @Override
    public ByteDetector create(ScanContext context) {
        return new PrivateKeyDetector(context.limits().maxKeyStructureBytes(),
                new RegisteredKeyIndex(context.registeredKeys()));
    }
}
