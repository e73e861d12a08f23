package io.dumpguard.detect.keys.propagation;

import io.dumpguard.core.Finding;
import io.dumpguard.core.Region;
import io.dumpguard.core.SecretValue;
import io.dumpguard.core.spi.ScanChunk;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The native (Hyperscan) and the pure-Java propagation matchers find the same copies, whole spans or packed batches
 * of small regions, and both find exactly what brute force finds.
 */
class PropagationMatchersTest {
    record Hit(long offset, int length, String layout) {
    }

    static boolean linuxX86() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                && List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
    }

    private static List<SecretValue> secrets(Random r) {
        List<SecretValue> s = new ArrayList<>();
        s.add(SecretValue.integer(BigInteger.probablePrime(256 + r.nextInt(3) * 64, r), "prime"));
        byte[] key = new byte[16];
        r.nextBytes(key);
        s.add(SecretValue.bytes(key, "AES key"));
        byte[] shortKey = new byte[8 + r.nextInt(6)]; // below the long-window threshold: the short index
        r.nextBytes(shortKey);
        s.add(SecretValue.bytes(shortKey, "short key"));
        s.add(SecretValue.text(("pw-" + Long.toHexString(r.nextLong()).substring(0, 4)).getBytes(StandardCharsets.ISO_8859_1),
                "password"));
        return s;
    }

    /** Random bytes with every form of every secret planted a few times, some across the given cut points. */
    private static byte[] image(Random r, List<SecretValue> secrets, int size) {
        byte[] data = new byte[size];
        r.nextBytes(data);
        for (SecretValue s : secrets) {
            for (byte[] form : PropagationDetector.forms(s).values()) {
                for (int k = 0; k < 3 && form.length < size; k++) {
                    int at = r.nextInt(size - form.length + 1);
                    System.arraycopy(form, 0, data, at, form.length);
                }
            }
        }
        return data;
    }

    private static Set<Hit> bruteForce(List<SecretValue> secrets, byte[] data, int start, int end, int limit,
                                       long fileOffset) {
        Set<Hit> out = new HashSet<>();
        for (SecretValue s : secrets) {
            for (var form : PropagationDetector.forms(s).entrySet()) {
                byte[] f = form.getValue();
                for (int p = start; p < end && p + f.length <= limit; p++) {
                    if (java.util.Arrays.equals(data, p, p + f.length, f, 0, f.length)) {
                        out.add(new Hit(fileOffset + p, f.length, form.getKey()));
                    }
                }
            }
        }
        return out;
    }

    private static Set<Hit> hits(List<Finding> findings) {
        Set<Hit> out = new HashSet<>();
        for (Finding f : findings) {
            out.add(new Hit(f.offset(), (int) f.length(), f.encoding()));
        }
        return out;
    }

    @Test
    void nativeMatcherIsUsedWhereItLoads() {
        PropagationDetector.Patterns p = new PropagationDetector.Patterns(secrets(new Random(1)), true);
        assertThat(p.isNative()).isEqualTo(linuxX86());
        assertThat(new PropagationDetector(p).proof().get(0))
                .endsWith(linuxX86() ? "Hyperscan literal matching" : "a sampled index");
    }

    @Property(tries = 60)
    void bothMatchersFindExactlyTheCopiesInOneSpan(@ForAll long seed,
                                                  @ForAll @IntRange(min = 0, max = 70_000) int size,
                                                  @ForAll @IntRange(min = 0, max = 300) int cut) {
        Random r = new Random(seed);
        List<SecretValue> secrets = secrets(r);
        byte[] data = image(r, secrets, size);
        int start = Math.min(cut, size);
        int limit = Math.max(start, size - cut / 3);
        int end = Math.max(start, limit - cut);
        ScanChunk chunk = new ScanChunk(data, start, end, limit, 1000, Region.raw(1000 + start, limit - start));
        Set<Hit> expected = bruteForce(secrets, data, start, end, limit, 1000);
        for (boolean allowNative : new boolean[] {false, true}) {
            PropagationDetector d = new PropagationDetector(new PropagationDetector.Patterns(secrets, allowNative));
            List<Finding> java = new ArrayList<>();
            d.scanJava(chunk, java::add);
            assertThat(hits(java)).hasSameSizeAs(java).isEqualTo(expected);
            List<Finding> any = new ArrayList<>();
            d.scan(chunk, any::add);
            assertThat(hits(any)).hasSameSizeAs(any).isEqualTo(expected);
            if (allowNative && linuxX86() && limit > start) {
                List<Finding> nat = new ArrayList<>();
                d.scanNative(List.of(chunk), nat::add);
                assertThat(hits(nat)).hasSameSizeAs(nat).isEqualTo(expected);
            }
        }
    }

    @Property(tries = 60)
    void aPackedBatchGivesWhatEachChunkGivesAlone(@ForAll long seed,
                                                 @ForAll @IntRange(min = 1, max = 60) int regions) {
        Random r = new Random(seed);
        List<SecretValue> secrets = secrets(r);
        byte[] data = image(r, secrets, 40_000);
        List<ScanChunk> chunks = new ArrayList<>();
        int pos = r.nextInt(50);
        for (int i = 0; i < regions && pos < data.length; i++) {
            int len = Math.min(data.length - pos, r.nextInt(3000));
            int own = Math.max(0, len - r.nextInt(100));
            chunks.add(new ScanChunk(data, pos, pos + own, pos + len, 5000, Region.raw(5000 + pos, len)));
            pos += len + r.nextInt(3); // packed back to back, sometimes with a gap
        }
        if (chunks.isEmpty()) {
            return;
        }
        Set<Hit> expected = new HashSet<>();
        for (ScanChunk c : chunks) {
            expected.addAll(bruteForce(secrets, data, c.start(), c.end(), c.limit(), 5000));
        }
        PropagationDetector d = new PropagationDetector(new PropagationDetector.Patterns(secrets, true));
        List<Finding> batch = new ArrayList<>();
        d.scanBatch(chunks, batch::add);
        assertThat(hits(batch)).hasSameSizeAs(batch).isEqualTo(expected);
        // the same batch with the engine's direct view of the buffer
        java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(data.length).put(0, data);
        List<ScanChunk> viewed = chunks.stream().map(c -> new ScanChunk(data, c.start(), c.end(), c.limit(), 5000,
                c.region(), direct)).toList();
        List<Finding> inPlace = new ArrayList<>();
        d.scanBatch(viewed, inPlace::add);
        assertThat(hits(inPlace)).hasSameSizeAs(inPlace).isEqualTo(expected);
        if (linuxX86()) {
            List<Finding> nat = new ArrayList<>();
            d.scanNative(chunks, nat::add);
            assertThat(hits(nat)).hasSameSizeAs(nat).isEqualTo(expected);
        }
    }
}
