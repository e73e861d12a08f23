package io.dumpguard.detect.keys;

import io.dumpguard.core.Finding;
import io.dumpguard.core.spi.DetectorFactory;
import io.dumpguard.core.spi.ScanContext;
import io.dumpguard.detect.keys.examples.KeyEncodings;
import io.dumpguard.detect.keys.examples.TestKeys;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Validated detectors report nothing on random bytes or on key headers whose contents or lengths are garbage. */
class NoFalsePositivesPropertiesTest {
    static final java.security.KeyPair RSA = TestKeys.rsa(1024);

    @Property(tries = 16)
    void noFindingsOnRandomMegabytes(@ForAll long seed) throws Exception {
        byte[] data = new byte[4 << 20];
        new Random(seed).nextBytes(data);
        for (DetectorFactory f : Scans.primary()) {
            assertThat(Scans.chunked(f, ScanContext.defaults(), data, 1 << 20)).as(f.id()).isEmpty();
        }
    }

    @Provide
    Arbitrary<byte[]> garbledHeaders() {
        List<byte[]> headers = List.of(
                new byte[]{0x30, (byte) 0x82, 0x04, (byte) 0xa0, 0x02, 0x01, 0x00, 0x02, (byte) 0x82, 0x01, 0x01},
                new byte[]{0x30, (byte) 0x81, (byte) 0x87, 0x02, 0x01, 0x00, 0x30, 0x13, 0x06, 0x07},
                new byte[]{0x30, 0x77, 0x02, 0x01, 0x01, 0x04, 0x20},
                // an Ed25519 PKCS#8 header with any 32 bytes after it IS a key (every seed is valid), so only
                // the impossible-length variant belongs here
                new byte[]{0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x23, 0x04, 0x21},
                KeyEncodings.ascii("-----BEGIN PRIVATE KEY-----\n"),
                KeyEncodings.utf16le("-----BEGIN RSA PRIVATE KEY-----\n"),
                KeyEncodings.ascii("openssh-key-v1\0"),
                KeyEncodings.ascii("PuTTY-User-Key-File-3: ssh-rsa\nEncryption: none\n"),
                KeyEncodings.ascii("{\"kty\":\"RSA\",\"d\":\""),
                KeyEncodings.ascii("RSA2"), KeyEncodings.ascii("RSA3"), KeyEncodings.ascii("ECS2"),
                new byte[]{0x07, 0x02, 0x00, 0x00, 0x00, (byte) 0xa4, 0x00, 0x00, 'R', 'S', 'A', '2'});
        return Arbitraries.of(headers).flatMap(h -> Arbitraries.bytes().array(byte[].class).ofMaxSize(3000)
                .flatMap(tail -> Arbitraries.integers().between(0, 6).map(lenCase -> {
                    byte[] b = TestKeys.concat(h, tail);
                    // overwrite a length-ish field after the header with an impossible value
                    if (b.length > h.length + 8 && lenCase > 0) {
                        ByteBuffer.wrap(b, h.length, 8).order(lenCase % 2 == 0 ? ByteOrder.BIG_ENDIAN
                                : ByteOrder.LITTLE_ENDIAN).putInt(lenCase > 3 ? Integer.MAX_VALUE : -lenCase);
                    }
                    return b;
                })));
    }

    @Property(tries = 400)
    void garbledHeadersProduceNoFindingsAndNoExceptions(@ForAll("garbledHeaders") byte[] data,
                                                        @ForAll @IntRange(min = 0, max = 7) int offset) throws Exception {
        byte[] shifted = new byte[data.length + offset];
        System.arraycopy(data, 0, shifted, offset, data.length);
        for (DetectorFactory f : Scans.primary()) {
            List<Finding> found = Scans.whole(f, ScanContext.defaults(), shifted);
            assertThat(found).as(f.id()).isEmpty();
        }
    }

    @Property(tries = 60)
    void truncatedKeysAreNotFindings(@ForAll @IntRange(min = 1, max = 600) int cut) throws Exception {
        byte[] der = KeyEncodings.pkcs8(RSA);
        byte[] truncated = java.util.Arrays.copyOf(der, Math.max(1, der.length - cut));
        byte[] pem = KeyEncodings.ascii(KeyEncodings.pem("PRIVATE KEY", der));
        byte[] pemCut = java.util.Arrays.copyOf(pem, Math.max(1, pem.length - 30 - cut));
        for (DetectorFactory f : Scans.primary()) {
            assertThat(Scans.whole(f, ScanContext.defaults(), truncated)).isEmpty();
            assertThat(Scans.whole(f, ScanContext.defaults(), pemCut)).isEmpty();
        }
    }
}
