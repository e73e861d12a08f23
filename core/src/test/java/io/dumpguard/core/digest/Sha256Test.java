package io.dumpguard.core.digest;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The native SHA-256 gives the JDK's digest for any input split into any updates. */
class Sha256Test {
    @Test
    void opensslIsUsedWhereItCanLoad() {
        boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
        boolean libcrypto = Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libcrypto.so.3"))
                || Files.exists(Path.of("/usr/lib/aarch64-linux-gnu/libcrypto.so.3"));
        if (Runtime.version().feature() >= 22 && linux && libcrypto) {
            // CI installs openssl and builds with JDK 25: a silent fallback there would go unnoticed
            assertThat(Sha256.implementation()).startsWith("OpenSSL");
        }
    }

    @Property(tries = 200)
    void sameDigestAsTheJdk(@ForAll long seed, @ForAll @IntRange(min = 0, max = 300_000) int size,
                            @ForAll @IntRange(min = 1, max = 70_000) int piece) throws Exception {
        byte[] data = new byte[size + 10];
        new Random(seed).nextBytes(data);
        MessageDigest ours = Sha256.newDigest();
        MessageDigest jdk = MessageDigest.getInstance("SHA-256");
        for (int at = 5; at < 5 + size; at += piece) {
            int n = Math.min(piece, 5 + size - at);
            ours.update(data, at, n);
            jdk.update(data, at, n);
        }
        ours.update((byte) 7);
        jdk.update((byte) 7);
        // a direct buffer's [position, limit), as the engine hands over the pieces it read
        java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(data.length).put(0, data);
        int from = Math.min(size, piece % 97);
        direct.limit(5 + size).position(from);
        ours.update(direct);
        jdk.update(java.util.Arrays.copyOfRange(data, from, 5 + size));
        assertThat(direct.position()).isEqualTo(5 + size);
        assertThat(ours.digest()).isEqualTo(jdk.digest());
        // reset after digest, as MessageDigest promises
        ours.update(data, 0, 3);
        assertThat(ours.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(java.util.Arrays.copyOf(data, 3)));
    }

    /** A clone continues from the state it was taken in, and neither copy disturbs the other. */
    @Property(tries = 100)
    void aCloneContinuesIndependently(@ForAll long seed, @ForAll @IntRange(min = 0, max = 5_000) int prefix,
                                      @ForAll @IntRange(min = 0, max = 5_000) int rest) throws Exception {
        Random r = new Random(seed);
        byte[] head = new byte[prefix];
        byte[] a = new byte[rest];
        byte[] b = new byte[rest + 1];
        r.nextBytes(head);
        r.nextBytes(a);
        r.nextBytes(b);
        MessageDigest d = Sha256.newDigest();
        d.update(head);
        MessageDigest c = (MessageDigest) d.clone();
        d.update(a);
        c.update(b);
        MessageDigest jdk = MessageDigest.getInstance("SHA-256");
        jdk.update(head);
        MessageDigest jdkB = (MessageDigest) jdk.clone();
        jdk.update(a);
        jdkB.update(b);
        assertThat(d.digest()).isEqualTo(jdk.digest());
        assertThat(c.digest()).isEqualTo(jdkB.digest());
    }
}
