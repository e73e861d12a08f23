package io.dumpguard.nativematch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Cached databases match exactly what freshly compiled ones match; a damaged file is compiled again and replaced. */
class DatabaseCacheTest {
    @TempDir
    Path dir;

    private static final List<byte[]> LITERALS = Stream.of("openssh-key-v1", "-----BEGIN", "token", "RSA2")
            .map(s -> s.getBytes(StandardCharsets.US_ASCII)).toList();
    private static final boolean[] CASELESS = {false, false, true, false};
    private static final LiteralTail[] TAILS = {null, null, new LiteralTail(set(" _"), 16, set("=:"), 1), null};

    private static boolean[] set(String chars) {
        boolean[] s = new boolean[256];
        chars.chars().forEach(c -> s[c] = true);
        return s;
    }

    @BeforeEach
    void cacheHere() {
        assumeTrue(HyperscanLiterals.availability().usable(), "Hyperscan is not usable on this platform");
        System.setProperty(DatabaseCache.PROPERTY, dir.toString());
    }

    @AfterEach
    void noCache() {
        System.clearProperty(DatabaseCache.PROPERTY);
    }

    @Test
    void aCachedDatabaseIsWrittenOnceAndMatchesAsTheCompiledOne() throws IOException {
        byte[] data = sample();
        List<long[]> fresh = hits(HyperscanLiterals.compile(LITERALS, CASELESS, TAILS), data);
        assertThat(files()).isEmpty(); // a plain compile never touches the cache

        List<long[]> first = hits(new LiteralSet(LITERALS, CASELESS, TAILS, true).compile(), data);
        List<Path> written = files();
        assertThat(written).hasSize(1);
        long modified = Files.getLastModifiedTime(written.get(0)).toMillis();
        List<long[]> loaded = hits(new LiteralSet(LITERALS, CASELESS, TAILS, true).compile(), data);

        assertThat(fresh).isNotEmpty();
        assertThat(first).usingElementComparator(java.util.Arrays::compare).isEqualTo(fresh);
        assertThat(loaded).usingElementComparator(java.util.Arrays::compare).isEqualTo(fresh);
        assertThat(files()).isEqualTo(written);
        assertThat(Files.getLastModifiedTime(written.get(0)).toMillis()).isEqualTo(modified);
    }

    @Test
    void anotherSetGetsAnotherFile() throws IOException {
        new LiteralSet(LITERALS, CASELESS, TAILS, true).compile();
        new LiteralSet(LITERALS, CASELESS, null, true).compile();
        new LiteralSet(LITERALS.subList(0, 3), null, null, true).compile();
        assertThat(files()).hasSize(3);
    }

    @Test
    void aDamagedOrForeignFileIsCompiledAgainAndReplaced() throws IOException {
        byte[] data = sample();
        List<long[]> fresh = hits(HyperscanLiterals.compile(LITERALS, CASELESS, TAILS), data);
        new LiteralSet(LITERALS, CASELESS, TAILS, true).compile();
        Path file = files().get(0);
        byte[] good = Files.readAllBytes(file);
        for (byte[] bad : List.of(damaged(good, good.length / 2), damaged(good, 3), new byte[0],
                "not a database".getBytes(StandardCharsets.US_ASCII))) {
            Files.write(file, bad);
            List<long[]> got = hits(new LiteralSet(LITERALS, CASELESS, TAILS, true).compile(), data);
            assertThat(got).usingElementComparator(java.util.Arrays::compare).isEqualTo(fresh);
            assertThat(Files.readAllBytes(file)).isEqualTo(good);
        }
    }

    @Test
    void anUnwritableCacheOnlyMeansCompiling() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        System.setProperty(DatabaseCache.PROPERTY, notADirectory.resolve("cache").toString());
        byte[] data = sample();
        assertThat(hits(new LiteralSet(LITERALS, CASELESS, TAILS, true).compile(), data))
                .usingElementComparator(java.util.Arrays::compare)
                .isEqualTo(hits(HyperscanLiterals.compile(LITERALS, CASELESS, TAILS), data));
    }

    private static byte[] damaged(byte[] good, int at) {
        byte[] b = good.clone();
        b[at] ^= 0x5a;
        return b;
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".db")).sorted().toList();
        }
    }

    private static byte[] sample() {
        Random r = new Random(7);
        StringBuilder sb = new StringBuilder();
        String[] words = {"openssh-key-v1", "-----BEGIN", "TOKEN = ", "token", "tok", "RSA2", "x", " ", "\n"};
        while (sb.length() < 20000) {
            sb.append(words[r.nextInt(words.length)]);
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static List<long[]> hits(HyperscanLiterals db, byte[] data) {
        assertThat(db).isNotNull();
        List<long[]> out = new ArrayList<>();
        db.newScanner().scanInStartOrder(data, 0, data.length, (id, start) -> out.add(new long[] {start, id}));
        return out;
    }
}
