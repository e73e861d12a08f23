package io.dumpguard.detect.keys.registered;

import io.dumpguard.core.spi.RegisteredKey;
import io.dumpguard.detect.keys.examples.KeyEncodings;
import io.dumpguard.detect.keys.examples.TestKeys;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KnownKeysTest {
    @TempDir
    Path dir;

    @Test
    void pemBundleOfPublicKeysAndCertificates() throws Exception {
        KeyPair rsa = TestKeys.rsa(1024);
        KeyPair ec = TestKeys.ec("secp256r1");
        KeyPair ed = TestKeys.ed25519();
        var cert = new X509v3CertificateBuilder(new X500Name("CN=token-signer"), BigInteger.ONE, new Date(0),
                new Date(4_000_000_000_000L), new X500Name("CN=token-signer"),
                SubjectPublicKeyInfo.getInstance(ec.getPublic().getEncoded()))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(ec.getPrivate()));
        Path f = dir.resolve("keys.pem");
        Files.writeString(f, KeyEncodings.pem("PUBLIC KEY", rsa.getPublic().getEncoded())
                + KeyEncodings.pem("CERTIFICATE", cert.getEncoded())
                + KeyEncodings.pem("PUBLIC KEY", ed.getPublic().getEncoded()));
        List<RegisteredKey> keys = KnownKeys.load(f);
        assertThat(keys).extracting(RegisteredKey::fingerprint).containsExactly(
                RegisteredKey.of("", rsa.getPublic()).fingerprint(), RegisteredKey.of("", ec.getPublic()).fingerprint(),
                RegisteredKey.of("", ed.getPublic()).fingerprint());
        assertThat(keys.get(1).label()).contains("keys.pem#2", "CN=token-signer");
    }

    @Test
    void jwksWithPublicMembers() throws Exception {
        KeyPair rsa = TestKeys.rsa(1024);
        Path f = dir.resolve("jwks.json");
        Files.writeString(f, "{\"keys\":[" + KeyEncodings.rsaPublicJwk(rsa) + "]}");
        assertThat(KnownKeys.load(f)).singleElement().extracting(RegisteredKey::fingerprint)
                .isEqualTo(RegisteredKey.of("", rsa.getPublic()).fingerprint());
    }

    @Test
    void privateMaterialIsRefusedWithoutShowingIt() throws Exception {
        KeyPair rsa = TestKeys.rsa(1024);
        Path jwks = dir.resolve("private.json");
        String jwk = KeyEncodings.rsaJwk(rsa, true);
        Files.writeString(jwks, "{\"keys\":[" + jwk + "]}");
        String d = jwk.substring(jwk.indexOf("\"d\":\"") + 5, jwk.indexOf("\"d\":\"") + 25);
        assertThatThrownBy(() -> KnownKeys.load(jwks)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("private.json").hasMessageContaining("key #1")
                .hasMessageNotContaining(d);
        Path pem = dir.resolve("private.pem");
        Files.writeString(pem, KeyEncodings.pem("PRIVATE KEY", KeyEncodings.pkcs8(rsa)));
        assertThatThrownBy(() -> KnownKeys.load(pem)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("private.pem").hasMessageContaining("block #1").hasMessageContaining("private key");
    }

    @Test
    void brokenJsonNamesLineAndColumn() throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\"keys\": [\n  {\"kty\": }\n]}");
        assertThatThrownBy(() -> KnownKeys.load(f)).hasMessageContaining("bad.json").hasMessageContaining("line 2");
    }
}
