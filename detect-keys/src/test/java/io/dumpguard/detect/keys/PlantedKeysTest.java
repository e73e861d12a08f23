package io.dumpguard.detect.keys;

import io.dumpguard.core.Finding;
import io.dumpguard.core.Layouts;
import io.dumpguard.core.SecretValue;
import io.dumpguard.core.spi.RegisteredKey;
import io.dumpguard.core.spi.ScanContext;
import io.dumpguard.detect.keys.aes.AesScheduleDetectorFactory;
import io.dumpguard.detect.keys.aes.AesScheduleEncoder;
import io.dumpguard.detect.keys.examples.KeyEncodings;
import io.dumpguard.detect.keys.examples.TestKeys;
import io.dumpguard.detect.keys.privatekey.PrivateKeyDetectorFactory;
import io.dumpguard.detect.keys.propagation.PropagationDetectorFactory;
import io.dumpguard.detect.keys.registered.RegisteredKeyDetectorFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Keys planted at odd offsets, in all layouts, inside larger random buffers and across chunk boundaries. */
class PlantedKeysTest {
    static final KeyPair RSA = TestKeys.rsa(2048);

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 4093, 4095, 4096, 4097})
    void pkcs8AtAnyOffsetAndAcrossTheChunkBoundary(int offsetBeforeBoundary) throws Exception {
        byte[] der = KeyEncodings.pkcs8(RSA);
        int chunk = 8192;
        int at = chunk - offsetBeforeBoundary;
        byte[] buf = TestKeys.embed(der, at, 3 * chunk);
        List<Finding> found = Scans.chunked(new PrivateKeyDetectorFactory(), ScanContext.defaults(), buf, chunk);
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.detector()).isEqualTo("key.der.pkcs8");
            assertThat(f.offset()).isEqualTo(at);
            assertThat(f.length()).isEqualTo(der.length);
            assertThat(f.fingerprint()).isNotNull();
            assertThat(f.secrets()).extracting(SecretValue::what).contains("RSA prime p", "RSA prime q",
                    "RSA CRT exponent dp", "RSA CRT exponent dq", "RSA CRT coefficient qinv");
        });
    }

    @Test
    void utf16bePemAcrossTheChunkBoundary() throws Exception {
        byte[] pem = KeyEncodings.utf16be(KeyEncodings.pem("PRIVATE KEY", KeyEncodings.pkcs8(RSA)));
        byte[] buf = TestKeys.embed(pem, 8191 - 1001, 4 * 8192);
        List<Finding> found = Scans.chunked(new PrivateKeyDetectorFactory(), ScanContext.defaults(), buf, 8192);
        assertThat(found).extracting(Finding::detector).containsExactly("key.pem");
        assertThat(found.getFirst().length()).isEqualTo(pem.length - 2); // up to the END line, without the newline
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 8, 4092, 8188})
    void aesScheduleAcrossTheChunkBoundary(int beforeBoundary) throws Exception {
        byte[] s = AesScheduleEncoder.schedule(TestKeys.random(32), "decryption", true);
        byte[] buf = TestKeys.embed(s, 8192 - beforeBoundary, 4 * 8192);
        List<Finding> found = Scans.chunked(new AesScheduleDetectorFactory(), ScanContext.defaults(), buf, 8192);
        assertThat(found).singleElement().extracting(Finding::offset).isEqualTo((long) 8192 - beforeBoundary);
    }

    @Test
    void registeredRsaPrimeInEveryLayoutAcrossChunks() throws Exception {
        ScanContext ctx = ScanContext.defaults().withRegisteredKeys(List.of(RegisteredKey.of("signer",
                RSA.getPublic())));
        byte[] q = KeyEncodings.magnitude(((RSAPrivateCrtKey) RSA.getPrivate()).getPrimeQ());
        for (Layouts.Layout l : Layouts.Layout.values()) {
            byte[] buf = TestKeys.embed(Layouts.toLayout(q, l), 8192 - 64, 3 * 8192);
            List<Finding> found = Scans.chunked(new RegisteredKeyDetectorFactory(), ctx, buf, 8192);
            assertThat(found).as(l.id()).singleElement().satisfies(f -> {
                assertThat(f.registeredKey()).isEqualTo("signer");
                assertThat(f.encoding()).isEqualTo(l.id());
                assertThat(f.offset()).isEqualTo(8192 - 64);
            });
        }
    }

    /**
     * An EC scalar and its public key on either side of a piece boundary: the piece in whose own part the first of
     * the two lies sees the other in its overlap. Found once, at its offset, whether the bytes before each piece are
     * the file's or another region's (as in the engine's batches); the result depends on the piece's bytes alone.
     */
    @Test
    void registeredEcScalarBeforeAPieceBoundaryWithItsPublicKeyAfterIt() throws Exception {
        KeyPair ec = TestKeys.ec("secp256r1");
        ScanContext ctx = ScanContext.defaults().withRegisteredKeys(List.of(RegisteredKey.of("signer",
                ec.getPublic())));
        byte[] s = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32,
                ((java.security.interfaces.ECPrivateKey) ec.getPrivate()).getS());
        var spki = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(ec.getPublic().getEncoded());
        byte[] point = spki.getPublicKeyData().getOctets();
        int chunk = 8192;
        // {scalar, public key}: the key after the boundary, then before it (the scalar after)
        for (int[] at : new int[][] {{chunk - 48, chunk + 40}, {chunk + 200, chunk - 100}}) {
            byte[] buf = TestKeys.random(3 * chunk);
            System.arraycopy(s, 0, buf, at[0], 32);
            System.arraycopy(point, 0, buf, at[1], point.length);
            for (List<Finding> found : List.of(Scans.chunked(new RegisteredKeyDetectorFactory(), ctx, buf, chunk),
                    Scans.packed(new RegisteredKeyDetectorFactory(), ctx, buf, chunk, 4096))) {
                assertThat(found).singleElement().satisfies(f -> {
                    assertThat(f.registeredKey()).isEqualTo("signer");
                    assertThat(f.offset()).isEqualTo(at[0]);
                });
            }
        }
    }

    @Test
    void registeredProofIsStatedWhenNothingIsFound() throws Exception {
        ScanContext ctx = ScanContext.defaults().withRegisteredKeys(List.of(RegisteredKey.of("signer",
                RSA.getPublic())));
        var d = new RegisteredKeyDetectorFactory().create(ctx);
        d.scan(io.dumpguard.core.spi.ScanChunk.of(TestKeys.random(1 << 16)), f -> {
            throw new AssertionError("unexpected " + f);
        });
        assertThat(d.proof()).hasSize(2);
        assertThat(d.proof().get(0)).contains("RSA-2048", "signer", "windows of 128 bytes", "word-swapped",
                "were divided");
        assertThat(d.proof().get(1)).contains("RSA-2048", "signer", "private exponent d", "windows of 256 bytes",
                "word-swapped", "tested exactly");
    }

    @Test
    void propagationFindsEveryRsaNumberInEveryLayout() throws Exception {
        byte[] der = KeyEncodings.pkcs8(RSA);
        List<Finding> primary = Scans.whole(new PrivateKeyDetectorFactory(), ScanContext.defaults(), der);
        List<SecretValue> secrets = primary.getFirst().secrets();
        RSAPrivateCrtKey k = (RSAPrivateCrtKey) RSA.getPrivate();
        byte[] dp = KeyEncodings.magnitude(k.getPrimeExponentP());
        byte[] buf = TestKeys.random(1 << 16);
        int at = 1001;
        for (Layouts.Layout l : Layouts.Layout.values()) {
            byte[] b = Layouts.toLayout(dp, l);
            System.arraycopy(b, 0, buf, at, b.length);
            at += b.length + 333;
        }
        List<Finding> copies = Scans.chunked(new PropagationDetectorFactory(),
                ScanContext.defaults().withSecrets(secrets), buf, 4096);
        assertThat(copies).extracting(Finding::encoding).containsExactlyInAnyOrder("big-endian", "little-endian",
                "word-swapped");
        assertThat(copies).allSatisfy(f -> assertThat(f.description()).contains("dp").doesNotContain(
                k.getPrimeExponentP().toString(16)));
    }

    @Test
    void privateKeyFindingNamesTheRegisteredKey() throws Exception {
        ScanContext ctx = ScanContext.defaults().withRegisteredKeys(List.of(RegisteredKey.of("signer",
                RSA.getPublic())));
        List<Finding> found = Scans.whole(new PrivateKeyDetectorFactory(), ctx,
                TestKeys.embed(KeyEncodings.cngRsa(RSA, true), 7, 4096));
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.registeredKey()).isEqualTo("signer");
            assertThat(f.fingerprint()).isEqualTo(RegisteredKey.of("x", RSA.getPublic()).fingerprint());
        });
    }
}
