package io.dumpguard.detect.keys.registered;

import io.dumpguard.core.Finding;
import io.dumpguard.core.spi.ByteDetector;
import io.dumpguard.core.spi.RegisteredKey;
import io.dumpguard.core.spi.ScanChunk;
import io.dumpguard.core.spi.ScanContext;
import io.dumpguard.detect.keys.Scans;
import io.dumpguard.detect.keys.examples.TestKeys;
import io.dumpguard.detect.keys.proof.EcMath;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** EC scalars found anywhere as OpenSSL BIGNUM limbs in a glibc heap block, within a stated budget. */
class MallocChunkScalarSearchTest {
    private static final KeyPair P384 = TestKeys.ec("secp384r1");
    private static final KeyPair P256 = TestKeys.ec("secp256r1");

    private static ScanContext context(KeyPair k) {
        return ScanContext.defaults().withRegisteredKeys(List.of(RegisteredKey.of("server", k.getPublic())));
    }

    @Test
    void scalarAfterAChunkHeaderIsFoundFarFromThePublicKey() throws Exception {
        for (KeyPair k : List.of(P384, P256)) {
            int bytes = k == P384 ? 48 : 32;
            byte[] block = RegisteredKeyDetectorFactory.openSslHeapBlock(((ECPrivateKey) k.getPrivate()).getS(), bytes);
            block[0] = (byte) (k == P384 ? 0x41 : 0x31);
            // the size word straddles a chunk boundary's start: it is found by the chunk its header starts in
            for (int at : new int[] {1 << 16, (1 << 16) - 8, 40_000}) {
                byte[] buf = TestKeys.embed(block, at, 1 << 18);
                List<Finding> found = Scans.chunked(new RegisteredKeyDetectorFactory(), context(k), buf, 1 << 16);
                assertThat(found).as("%d-byte scalar, header at %d", bytes, at).singleElement().satisfies(f -> {
                    assertThat(f.detector()).isEqualTo(RegisteredKeyDetector.EC_SCALAR);
                    assertThat(f.offset()).isEqualTo(at + 8L);
                    assertThat(f.length()).isEqualTo(bytes);
                    assertThat(f.encoding()).isEqualTo("little-endian");
                    assertThat(f.registeredKey()).isEqualTo("server");
                });
            }
        }
    }

    @Test
    void withoutTheAllocatorAnchorTheScalarIsNotSearched() throws Exception {
        byte[] block = RegisteredKeyDetectorFactory.openSslHeapBlock(((ECPrivateKey) P384.getPrivate()).getS(), 48);
        block[0] = 0x21; // a 32-byte chunk cannot hold 6 limbs
        assertThat(Scans.whole(new RegisteredKeyDetectorFactory(), context(P384),
                TestKeys.embed(block, 4096, 16384))).isEmpty();
    }

    @Test
    void pointerPagesWithSizeLikeWordsCostNoMultiplication() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < b.capacity(); i += 8) {
            b.putLong(i, switch ((i / 8) % 4) {
                case 0 -> 0x41;
                case 1 -> 0x00007f3a_12345678L + i;
                case 2 -> i;
                default -> 0x51;
            });
        }
        ByteDetector d = new RegisteredKeyDetectorFactory().create(context(P384));
        d.scan(ScanChunk.of(b.array()), f -> {
            throw new AssertionError("finding at " + f.offset());
        });
        assertThat(d.proof()).anySatisfy(line -> assertThat(line).contains("anywhere: 4,094 windows", " 0 plausible scalars", " 0 tested"));
    }

    @Test
    void theBudgetIsStatedWhenItRunsOut() {
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(P256.getPublic().getEncoded());
        X9ECParameters curve = EcMath.curveOf(spki.getAlgorithm().getParameters());
        byte[] point = curve.getCurve().decodePoint(spki.getPublicKeyData().getOctets()).getEncoded(false);
        var search = new MallocChunkScalarSearch(RegisteredKey.of("server", P256.getPublic()), curve, point, 3);
        var d = new RegisteredKeyDetector(List.of(), List.of(), List.of(search));
        byte[] buf = TestKeys.random(4096);
        for (int h = 0; h + 48 <= buf.length; h += 48) {
            ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN).putLong(h, 0x31);
        }
        List<Finding> found = new ArrayList<>();
        d.scan(ScanChunk.of(buf), found::add);
        assertThat(found).isEmpty();
        assertThat(RegisteredKeyDetector.proof(List.of(d, d))).singleElement().asString()
                .contains("6 tested by k*G = Q", "NOT tested (over the budget of 3 per scanning thread)");
    }

    @Property(tries = 2000)
    void uniformScalarsAreAlwaysPlausible(@ForAll @Size(48) byte[] ignored) {
        byte[] scalar = TestKeys.random(48);
        assertThat(ScalarPlausibility.plausible(scalar, 0, 48, 0, false)).isTrue();
    }
}
