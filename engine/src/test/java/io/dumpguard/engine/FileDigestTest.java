package io.dumpguard.engine;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever pieces the scanner offers, in whatever order and overlap, the digest is the file's SHA-256, and every
 * accepted piece is released exactly once.
 */
class FileDigestTest {
    @TempDir
    Path dir;

    @Property(tries = 40)
    void theDigestIsTheFilesWhateverIsOffered(@ForAll long seed, @ForAll @IntRange(min = 0, max = 3_000_000) int size,
                                             @ForAll @IntRange(min = 0, max = 3) int order) throws Exception {
        Random r = new Random(seed);
        byte[] content = new byte[size];
        r.nextBytes(content);
        Path f = Files.createTempFile("dumpguard-digest", ".bin"); // jqwik runs outside Jupiter's @TempDir
        Files.write(f, content);
        // pieces as a scanner makes them: forward with overlap (0), forward with gaps (1), backwards (2), random (3)
        List<long[]> pieces = new ArrayList<>();
        long pos = 0;
        while (pos < size) {
            int len = (int) Math.min(size - pos, FileDigest.MIN_PIECE + r.nextInt(300_000));
            pieces.add(new long[] {pos, len});
            pos += order == 1 ? len + r.nextInt(100_000) : Math.max(1, len - r.nextInt(1000));
        }
        if (order == 2) {
            java.util.Collections.reverse(pieces);
        } else if (order == 3) {
            java.util.Collections.shuffle(pieces, r);
        }
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger released = new AtomicInteger();
        try (FileDigest d = FileDigest.start(f)) {
            for (long[] p : pieces) {
                // each piece in its own buffer at a random position, as a batch holds it
                int at = r.nextInt(64);
                byte[] array = new byte[at + (int) p[1] + r.nextInt(64)];
                System.arraycopy(content, (int) p[0], array, at, (int) p[1]);
                // heap or direct, as the scanner offers small and large pieces
                java.nio.ByteBuffer buf = r.nextBoolean() ? java.nio.ByteBuffer.wrap(array)
                        : java.nio.ByteBuffer.allocateDirect(array.length).put(0, array);
                buf.position(r.nextInt(buf.capacity() + 1)); // position and limit are not used
                AtomicInteger once = new AtomicInteger();
                if (d.offer(p[0], buf, at, (int) p[1], () -> {
                    assertThat(once.incrementAndGet()).isEqualTo(1);
                    released.incrementAndGet();
                })) {
                    accepted.incrementAndGet();
                }
            }
            assertThat(d.await()).isEqualTo(Digests.sha256(f));
        } finally {
            Files.delete(f);
        }
        assertThat(released.get()).isEqualTo(accepted.get());
    }

    /**
     * A copy that equals the input before some offset is hashed from the input's last checkpoint before that offset,
     * and the digest is the copy's own, wherever the change is (none, at 0, on a checkpoint, past the end).
     */
    @Property(tries = 60)
    void aChangedCopyIsHashedFromTheCheckpointBeforeItsFirstChange(
            @ForAll long seed, @ForAll @IntRange(min = 0, max = 2_000_000) int size,
            @ForAll @IntRange(min = 1, max = 8192) int blocks, @ForAll @IntRange(min = 0, max = 3) int where)
            throws Exception {
        Random r = new Random(seed);
        long every = 64L * blocks;
        byte[] content = new byte[size];
        r.nextBytes(content);
        long change = switch (where) {
            case 0 -> Long.MAX_VALUE; // nothing changed
            case 1 -> size == 0 ? 0 : r.nextInt(size);
            case 2 -> Math.min(size, every * (1 + r.nextInt(4))); // exactly on a checkpoint, or the end
            default -> 0;
        };
        byte[] copy = content.clone();
        for (long i = change; i < size; i += 1 + r.nextInt(5000)) {
            copy[(int) i] ^= (byte) (1 + r.nextInt(255));
        }
        Path in = Files.createTempFile("dumpguard-digest", ".in");
        Path out = Files.createTempFile("dumpguard-digest", ".out");
        try {
            Files.write(in, content);
            Files.write(out, copy);
            FileDigest.Checkpoint cp;
            try (FileDigest d = FileDigest.start(in, every)) {
                assertThat(d.await()).isEqualTo(Digests.sha256(in));
                cp = d.checkpointAtOrBefore(change);
            }
            assertThat(cp.offset() % every).isZero();
            assertThat(cp.offset()).isLessThanOrEqualTo(Math.min(change, size));
            if (change != Long.MAX_VALUE && change >= every) {
                assertThat(cp.offset()).isGreaterThan(change - every);
            }
            try (FileDigest d = FileDigest.resume(out, cp)) {
                if (size > FileDigest.MIN_PIECE) { // a piece the verification offers, before and after the start
                    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(copy);
                    d.offer(0, b, 0, size, () -> { });
                }
                assertThat(d.await()).isEqualTo(Digests.sha256(out));
            }
        } finally {
            Files.delete(in);
            Files.delete(out);
        }
    }

    @Test
    void closingEarlyReleasesWhatItHolds() throws Exception {
        byte[] content = new byte[64 << 20];
        new Random(7).nextBytes(content);
        Path f = Files.createTempFile(dir, "big", ".bin");
        Files.write(f, content);
        AtomicInteger released = new AtomicInteger();
        int accepted = 0;
        FileDigest d = FileDigest.start(f);
        for (int i = 0; i < 8; i++) {
            int off = (8 << 20) * i;
            if (d.offer(off, java.nio.ByteBuffer.wrap(content), off, 8 << 20, released::incrementAndGet)) {
                accepted++;
            }
        }
        d.close();
        assertThat(released.get()).isEqualTo(accepted);
        Files.delete(f);
    }

    @Test
    void smallOrFarPiecesAreNotTaken() throws Exception {
        Path f = Files.createTempFile(dir, "far", ".bin");
        Files.write(f, new byte[1 << 20]);
        try (FileDigest d = FileDigest.start(f)) {
            assertThat(d.offer(0, java.nio.ByteBuffer.allocate(100), 0, 100, () -> { })).isFalse();
            // beyond the file's end plus AHEAD: far ahead wherever the hasher is by now
            assertThat(d.offer(2 * FileDigest.AHEAD, java.nio.ByteBuffer.allocate(FileDigest.MIN_PIECE), 0,
                    FileDigest.MIN_PIECE, () -> { })).isFalse();
            d.await();
        }
    }
}
