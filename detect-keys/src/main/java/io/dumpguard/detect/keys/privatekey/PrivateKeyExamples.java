package io.dumpguard.detect.keys.privatekey;

import io.dumpguard.core.spi.DetectorExample;
import io.dumpguard.detect.keys.examples.TestKeys;

import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;

import static io.dumpguard.detect.keys.examples.KeyEncodings.*;
import static io.dumpguard.detect.keys.examples.TestKeys.embed;
import static io.dumpguard.detect.keys.examples.TestKeys.random;

/** Examples that must match and negative examples that must not, with keys generated at call time. */
final class PrivateKeyExamples {
    private PrivateKeyExamples() {
    }

    static List<DetectorExample> all() {
        KeyPair rsa = TestKeys.rsa(1024);
        KeyPair pss = TestKeys.rsaPss(1024);
        KeyPair p256 = TestKeys.ec("secp256r1");
        KeyPair p384 = TestKeys.ec("secp384r1");
        KeyPair ed = TestKeys.ed25519();
        KeyPair x = TestKeys.x25519();
        List<DetectorExample> ex = new ArrayList<>();
        ex.add(DetectorExample.match("PKCS#1 RSA-1024 in random bytes", embed(innerPrivateKey(rsa), 301, 4096),
                DerKeyParser.PKCS1));
        ex.add(DetectorExample.match("PKCS#8 RSA-1024", embed(pkcs8(rsa), 17, 2048), DerKeyParser.PKCS8));
        ex.add(DetectorExample.match("PKCS#8 RSASSA-PSS", embed(pkcs8(pss), 5, 2048), DerKeyParser.PKCS8));
        ex.add(DetectorExample.match("PKCS#8 EC P-256", embed(pkcs8(p256), 3, 512), DerKeyParser.PKCS8));
        ex.add(DetectorExample.match("PKCS#8 EC P-384", embed(pkcs8(p384), 64, 512), DerKeyParser.PKCS8));
        ex.add(DetectorExample.match("PKCS#8 Ed25519", embed(pkcs8(ed), 9, 256), DerKeyParser.PKCS8));
        ex.add(DetectorExample.match("PKCS#8 X25519", embed(pkcs8(x), 9, 256), DerKeyParser.PKCS8));
        ex.add(DetectorExample.match("SEC1 EC P-256", embed(sec1(p256), 100, 512), DerKeyParser.SEC1));
        ex.add(DetectorExample.match("PEM PKCS#8 RSA, ASCII", embed(ascii(pem("PRIVATE KEY", pkcs8(rsa))), 40, 4096),
                PemKeyParser.PEM));
        ex.add(DetectorExample.match("PEM RSA PRIVATE KEY, UTF-16LE",
                embed(utf16le(pem("RSA PRIVATE KEY", innerPrivateKey(rsa))), 2, 4096), PemKeyParser.PEM));
        ex.add(DetectorExample.match("PEM EC PRIVATE KEY, UTF-16BE (HPROF char[])",
                embed(utf16be(pem("EC PRIVATE KEY", sec1(p256))), 7, 2048), PemKeyParser.PEM));
        ex.add(DetectorExample.match("PEM ENCRYPTED PRIVATE KEY (protected)",
                embed(ascii(pem("ENCRYPTED PRIVATE KEY", encryptedPkcs8(rsa))), 0, 4096), PemKeyParser.PEM_ENCRYPTED));
        ex.add(DetectorExample.match("PEM Proc-Type: 4,ENCRYPTED (protected)",
                embed(ascii(legacyEncryptedPem()), 10, 4096), PemKeyParser.PEM_ENCRYPTED));
        ex.add(DetectorExample.match("PEM OPENSSH PRIVATE KEY",
                embed(ascii(pem("OPENSSH PRIVATE KEY", openSsh(ed))), 10, 2048), PemKeyParser.PEM));
        ex.add(DetectorExample.match("JWK RSA with primes", embed(ascii(rsaJwk(rsa, true)), 33, 4096),
                JwkKeyParser.JWK));
        ex.add(DetectorExample.match("JWK RSA with d only", embed(ascii(rsaJwk(rsa, false)), 33, 4096),
                JwkKeyParser.JWK));
        ex.add(DetectorExample.match("JWK EC P-256 (pretty)", embed(ascii(ecJwk(p256, "P-256", 32)), 1, 1024),
                JwkKeyParser.JWK));
        ex.add(DetectorExample.match("JWKS with Ed25519",
                embed(ascii("{\"keys\":[" + ed25519Jwk(ed) + "]}"), 50, 1024), JwkKeyParser.JWK));
        ex.add(DetectorExample.match("openssh-key-v1 RSA", embed(openSsh(rsa), 11, 4096), OpenSshKeyParser.OPENSSH));
        ex.add(DetectorExample.match("openssh-key-v1 Ed25519", embed(openSsh(ed), 0, 1024), OpenSshKeyParser.OPENSSH));
        ex.add(DetectorExample.match("PuTTY PPK v3 RSA", embed(ascii(ppk(rsa)), 5, 4096), PpkKeyParser.PPK));
        ex.add(DetectorExample.match("PuTTY PPK v3 Ed25519", embed(ascii(ppk(ed)), 5, 1024), PpkKeyParser.PPK));
        ex.add(DetectorExample.match("CNG RSA2 blob", embed(cngRsa(rsa, false), 13, 2048), WindowsBlobParser.CNG));
        ex.add(DetectorExample.match("CNG RSA3 blob", embed(cngRsa(rsa, true), 16, 2048), WindowsBlobParser.CNG));
        ex.add(DetectorExample.match("CNG ECS2 P-256 blob", embed(cngEcP256(p256), 16, 512), WindowsBlobParser.CNG));
        ex.add(DetectorExample.match("CryptoAPI PRIVATEKEYBLOB", embed(cryptoApi(rsa), 21, 2048),
                WindowsBlobParser.CRYPTOAPI));

        ex.add(DetectorExample.noMatch("random bytes", random(1 << 16)));
        ex.add(DetectorExample.noMatch("zero page", new byte[4096]));
        byte[] garbage = random(1200);
        System.arraycopy(new byte[]{0x30, (byte) 0x82, 0x04, (byte) 0xa0, 0x02, 0x01, 0x00, 0x02, (byte) 0x82}, 0,
                garbage, 0, 9);
        ex.add(DetectorExample.noMatch("PKCS#1 header followed by garbage", garbage));
        byte[] tampered = innerPrivateKey(rsa);
        tampered[tampered.length / 3] ^= 1;
        ex.add(DetectorExample.noMatch("PKCS#1 with one bit of a prime flipped (p*q != n)", embed(tampered, 8, 2048)));
        ex.add(DetectorExample.noMatch("PEM with broken base64",
                ascii(pem("PRIVATE KEY", pkcs8(rsa)).replace('A', '*'))));
        ex.add(DetectorExample.noMatch("PEM CERTIFICATE", ascii(pem("CERTIFICATE", random(600)))));
        ex.add(DetectorExample.noMatch("public JWK", ascii(rsaPublicJwk(rsa))));
        byte[] cng = cngRsa(rsa, true);
        cng[8] = (byte) 0xff; // cbPublicExp: impossible length
        cng[11] = (byte) 0x7f;
        ex.add(DetectorExample.noMatch("CNG RSA3 header with impossible lengths", cng));
        byte[] zeroed = cngRsa(rsa, false);
        java.util.Arrays.fill(zeroed, 24, zeroed.length, (byte) 0);
        ex.add(DetectorExample.noMatch("CNG RSA2 blob with zeroed numbers (after redaction)", zeroed));
        byte[] sshGarbage = embed(ascii("openssh-key-v1\0"), 0, 512);
        ex.add(DetectorExample.noMatch("openssh magic followed by garbage", sshGarbage));
        byte[] zeroedEd = pkcs8(ed);
        java.util.Arrays.fill(zeroedEd, zeroedEd.length - 32, zeroedEd.length, (byte) 0);
        ex.add(DetectorExample.noMatch("PKCS#8 Ed25519 with the seed zeroed", zeroedEd));
        return ex;
    }
}
