package io.dumpguard.engine;

import io.dumpguard.core.error.VerificationFailedException;
import io.dumpguard.core.io.ZeroRanges;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The comparison of a sanitized copy with its input: every byte outside the changed blocks is compared, a byte that
 * differs there refuses the run, and the copy's digest that the comparison feeds with its reads is the copy's
 * SHA-256, with the digest far behind or far ahead of the comparison.
 */
class OutputComparisonTest {
    @TempDir
    Path dir;

    private record Files2(Path input, Path copy, ChangedBlocks changed) {
    }

    /** A 40 MiB input (more than the comparison's pool holds ahead of the digest) and a copy changed in two blocks. */
    private Files2 files(boolean alsoElsewhere) throws Exception {
        byte[] content = new byte[40 << 20];
        new Random(11).nextBytes(content);
        Path input = dir.resolve("in.bin");
        Files.write(input, content);
        ChangedBlocks changed = new ChangedBlocks(content.length);
        for (long at : new long[] {3_000_000, 30_000_000}) {
            java.util.Arrays.fill(content, (int) at, (int) at + 300, (byte) 0);
            changed.mark(at, 300);
        }
        if (alsoElsewhere) {
            content[20_000_000] ^= 1; // not a write of the redaction
        }
        Path copy = dir.resolve("copy.bin");
        Files.write(copy, content);
        return new Files2(input, copy, changed);
    }

    @Test
    void theCopysDigestFedByTheComparisonIsItsSha256() throws Exception {
        Files2 f = files(false);
        for (long resumeAt : new long[] {0, FileDigest.CHECKPOINT / 64}) {
            FileDigest.Checkpoint from = resumeAt == 0 ? FileDigest.Checkpoint.start() : checkpoint(f.copy(), resumeAt);
            try (FileDigest digest = FileDigest.resume(f.copy(), from, ZeroRanges.NONE)) {
                OutputComparison c = OutputComparison.start(f.input(), f.copy(), f.changed(), ZeroRanges.NONE, digest);
                assertThat(c.await()).isEqualTo(Files.size(f.input()) - f.changed().markedBytes());
                assertThat(digest.await()).isEqualTo(sha256(f.copy()));
            }
        }
    }

    @Test
    void aByteChangedOutsideTheRedactionsBlocksIsARefusal() throws Exception {
        Files2 f = files(true);
        try (FileDigest digest = FileDigest.resume(f.copy(), FileDigest.Checkpoint.start(), ZeroRanges.NONE)) {
            OutputComparison c = OutputComparison.start(f.input(), f.copy(), f.changed(), ZeroRanges.NONE, digest);
            assertThatThrownBy(c::await).isInstanceOf(VerificationFailedException.class)
                    .hasMessageContaining("0x1312d00");
        }
    }

    @Test
    void withoutADigestTheComparisonStandsAlone() throws Exception {
        Files2 f = files(false);
        OutputComparison c = OutputComparison.start(f.input(), f.copy(), f.changed(), ZeroRanges.NONE, null);
        assertThat(c.await()).isEqualTo(Files.size(f.input()) - f.changed().markedBytes());
    }

    /** The digest state after the first {@code bytes} of the file (a multiple of 64), as an input's checkpoint. */
    private static FileDigest.Checkpoint checkpoint(Path file, long bytes) throws Exception {
        MessageDigest md = io.dumpguard.core.digest.Sha256.newDigest();
        byte[] all = Files.readAllBytes(file);
        md.update(all, 0, (int) bytes);
        return new FileDigest.Checkpoint(bytes, md);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
