package io.dumpguard.detect.keys.privatekey;

import io.dumpguard.core.Finding;
import io.dumpguard.core.Region;
import io.dumpguard.core.spi.ScanChunk;
import io.dumpguard.detect.keys.examples.KeyEncodings;
import io.dumpguard.detect.keys.examples.TestKeys;
import io.dumpguard.detect.keys.registered.RegisteredKeyIndex;
import io.dumpguard.nativematch.LiteralSet;
import io.dumpguard.nativematch.SharedLiteralPass;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The private-key detector finds the same keys whether its anchors come from Hyperscan or from the Java
 * {@link io.dumpguard.detect.keys.scan.AnchorSet}, for whole spans and for batches of packed small regions, and
 * when a pass shared with another detector found them.
 */
class NativeAnchorsTest {
    private static final int MAX = 64 << 10;
    private static final List<byte[]> KEYS = new ArrayList<>();

    static {
        KeyPair rsa = TestKeys.rsa(1024);
        KeyPair ec = TestKeys.ec("secp256r1");
        KeyPair ed = TestKeys.ed25519();
        KEYS.add(KeyEncodings.pkcs8(rsa));
        KEYS.add(KeyEncodings.innerPrivateKey(rsa));
        KEYS.add(KeyEncodings.sec1(ec));
        KEYS.add(KeyEncodings.pkcs8(ed));
        KEYS.add(KeyEncodings.ascii(KeyEncodings.pem("PRIVATE KEY", KeyEncodings.pkcs8(ec))));
        KEYS.add(KeyEncodings.utf16le(KeyEncodings.pem("PRIVATE KEY", KeyEncodings.pkcs8(ec))));
        KEYS.add(KeyEncodings.utf16be(KeyEncodings.pem("PRIVATE KEY", KeyEncodings.pkcs8(ed))));
        KEYS.add(KeyEncodings.ascii(KeyEncodings.rsaJwk(rsa, true)));
        KEYS.add(KeyEncodings.openSsh(ed));
        KEYS.add(KeyEncodings.ascii(KeyEncodings.ppk(rsa)));
        KEYS.add(KeyEncodings.cngRsa(rsa, true));
        KEYS.add(KeyEncodings.cngEcP256(ec));
        KEYS.add(KeyEncodings.cryptoApi(rsa));
    }

    static boolean linuxX86() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                && List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
    }

    /** Random and text-like bytes (anchor fragments included) with keys planted at random offsets. */
    private static byte[] image(Random r, int size, int keys) {
        byte[] data = new byte[size];
        byte[] text = "RSA2 \"d\": -----BEGIN openssh-key ECS1 0\u0082\u0002 PuTTY-User-Key-File-".getBytes(
                StandardCharsets.ISO_8859_1);
        for (int i = 0; i < size; i++) {
            data[i] = r.nextInt(3) == 0 ? (byte) r.nextInt(256) : text[r.nextInt(text.length)];
        }
        for (int k = 0; k < keys; k++) {
            byte[] key = KEYS.get(r.nextInt(KEYS.size()));
            if (key.length < size) {
                int at = r.nextInt(size - key.length + 1);
                System.arraycopy(key, 0, data, at, key.length);
            }
        }
        return data;
    }

    private static List<String> summary(List<Finding> fs) {
        return fs.stream().map(f -> f.detector() + "@" + f.offset() + "+" + f.length()).sorted().toList();
    }

    @Test
    void theNativeStageLoadsWhereHyperscanDoes() {
        assertThat(new PrivateKeyDetector(MAX, RegisteredKeyIndex.EMPTY, true).isNative()).isEqualTo(linuxX86());
    }

    @Property(tries = 40)
    void sameFindingsFromEitherAnchorStage(@ForAll long seed, @ForAll @IntRange(min = 0, max = 80_000) int size,
                                           @ForAll @IntRange(min = 0, max = 6) int keys,
                                           @ForAll @IntRange(min = 0, max = 5000) int cut) {
        Random r = new Random(seed);
        byte[] data = image(r, size, keys);
        int start = Math.min(cut % 97, size);
        int limit = Math.max(start, size - cut / 7);
        int end = Math.max(start, limit - cut);
        ScanChunk chunk = new ScanChunk(data, start, end, limit, 0, Region.raw(start, limit - start));
        List<Finding> java = new ArrayList<>();
        new PrivateKeyDetector(MAX, RegisteredKeyIndex.EMPTY, false).scanJava(chunk, java::add);
        PrivateKeyDetector nat = new PrivateKeyDetector(MAX, RegisteredKeyIndex.EMPTY, true);
        if (!nat.isNative() || limit == start) {
            return;
        }
        List<Finding> fast = new ArrayList<>();
        nat.scanNative(List.of(chunk), fast::add);
        assertThat(summary(fast)).isEqualTo(summary(java));
    }

    @Property(tries = 40)
    void aPackedBatchGivesWhatEachChunkGivesAlone(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int n) {
        Random r = new Random(seed);
        byte[] data = image(r, 120_000, 8);
        List<ScanChunk> chunks = new ArrayList<>();
        int pos = r.nextInt(100);
        for (int i = 0; i < n && pos < data.length; i++) {
            int len = Math.min(data.length - pos, r.nextInt(8000));
            int own = Math.max(0, len - r.nextInt(200));
            chunks.add(new ScanChunk(data, pos, pos + own, pos + len, 0, Region.raw(pos, len)));
            pos += len + r.nextInt(3);
        }
        PrivateKeyDetector javaStage = new PrivateKeyDetector(MAX, RegisteredKeyIndex.EMPTY, false);
        List<Finding> expected = new ArrayList<>();
        chunks.forEach(c -> javaStage.scanJava(c, expected::add));
        PrivateKeyDetector nat = new PrivateKeyDetector(MAX, RegisteredKeyIndex.EMPTY, true);
        List<Finding> batch = new ArrayList<>();
        nat.scanBatch(chunks, batch::add);
        assertThat(summary(batch)).isEqualTo(summary(expected));
        if (nat.isNative()) {
            List<Finding> forced = new ArrayList<>();
            nat.scanNative(chunks, forced::add);
            assertThat(summary(forced)).isEqualTo(summary(expected));
            java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(data.length).put(0, data);
            List<Finding> inPlace = new ArrayList<>();
            nat.scanNative(chunks.stream().map(c -> new ScanChunk(data, c.start(), c.end(), c.limit(), 0, c.region(),
                    direct)).toList(), inPlace::add);
            assertThat(summary(inPlace)).isEqualTo(summary(expected));
            // a pass shared with another detector's set (listed first, overlapping these anchors) gives the same
            LiteralSet other = new LiteralSet(List.of("RSA2".getBytes(StandardCharsets.US_ASCII),
                    "\"d\"".getBytes(StandardCharsets.US_ASCII)), new boolean[] {true, false}, null, false);
            SharedLiteralPass.Scanner pass = SharedLiteralPass.of(List.of(other, nat.sharedLiterals())).newScanner();
            assertThat(pass.scan(data, null, chunks.get(0).start(), chunks.get(chunks.size() - 1).limit())).isTrue();
            List<Finding> shared = new ArrayList<>();
            nat.scanBatch(chunks, pass.hits(1), shared::add);
            assertThat(summary(shared)).isEqualTo(summary(expected));
        }
    }
}
