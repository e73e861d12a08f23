package io.dumpguard.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;

/**
 * The SHA-256 of a file, computed on its own thread from the moment the run starts, and fed by the scanner's reads
 * where they get there first. Hashing (~1.4 GB/s on one core with SHA-NI) is the longest serial task of a run; a read
 * of its own would add a full copy of the file to it. So the scanner offers each large piece it has just read; the
 * hasher takes a piece when it starts at or before the next byte to hash, skips pieces already hashed, and reads
 * by itself whatever no piece covers. A sanitized copy's digest is fed the same way by the comparison of the copy with
 * the input ({@link OutputComparison}). Every byte is hashed once, in file order, whatever order pieces come in.
 *
 * <p>An input's digest can keep its state every {@link #CHECKPOINT} bytes. The sanitized copy equals the input up to
 * its first changed byte, so its digest resumes from the last checkpoint before that byte instead of hashing the same
 * bytes again ({@link #resume}); the engine refuses a run whose input changed while it ran, which is what makes the
 * two prefixes the same bytes.
 *
 * <p>A piece holds the scanner's buffer until the hasher releases it, so pieces are accepted only within
 * {@link #AHEAD} bytes of the hasher's position: the hasher reaches any accepted piece after reading at most that
 * much, and never waits for the scanner.
 */
final class FileDigest implements AutoCloseable {
    /**
     * How far ahead of the hasher an offered piece may start and still be taken (else it would hold a buffer long).
     * More than the scanner's buffers hold (2 x threads + 1 batches of 8 MiB on 2 cores), so that a scanner faster
     * than the hasher is paced by it and hands it every piece: measured on a 1 GiB image, 80% of the bytes hashed
     * came from the scanner's reads instead of a second read of the file.
     */
    static final long AHEAD = 64L << 20;
    /** Pieces smaller than this are not worth a hand-over: the hasher reads them with its neighbours. */
    static final int MIN_PIECE = 64 << 10;
    private static final int OWN_READ = 1 << 20;
    /** What a read of a sparse copy's hole gives. */
    private static final byte[] ZEROS = new byte[OWN_READ];

    /** Bytes of the file {@code [offset, offset + len)} are {@code buf[pos, pos + len)} until released. */
    private record Piece(long offset, ByteBuffer buf, int pos, int len, Runnable release) {
        long end() {
            return offset + len;
        }
    }

    /** Interval of an input digest's checkpoints: a multiple of SHA-256's 64-byte block. */
    static final long CHECKPOINT = 64L << 20;

    /** A digest's state after exactly the first {@code offset} bytes of a file. */
    record Checkpoint(long offset, MessageDigest state) {
        /** The state before the first byte: a new digest. */
        static Checkpoint start() {
            return new Checkpoint(0, io.dumpguard.core.digest.Sha256.newDigest());
        }
    }

    private final Path file;
    private final long startAt;
    private final MessageDigest initial;
    /** 0: no checkpoints */
    private long checkpointEvery;
    private long nextCheckpoint;
    private final java.util.concurrent.ConcurrentSkipListMap<Long, MessageDigest> checkpoints =
            new java.util.concurrent.ConcurrentSkipListMap<>();
    private final ConcurrentLinkedQueue<Piece> pieces = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<String> result = new CompletableFuture<>();
    private final Thread thread;
    /** Next byte to hash; read by offering threads. */
    private volatile long next;
    private boolean done; // guarded by this
    private volatile boolean cancelled;

    /** Ranges of the file known to read as zero: hashed as zeros, never read (a sparse copy's holes). */
    private final io.dumpguard.core.io.ZeroRanges zeros;

    private FileDigest(Path file, long checkpointEvery, Checkpoint from, io.dumpguard.core.io.ZeroRanges zeros) {
        this.zeros = zeros;
        if (checkpointEvery < 0 || checkpointEvery % 64 != 0) {
            throw new IllegalArgumentException("checkpoints must be a multiple of 64 bytes apart: " + checkpointEvery);
        }
        this.file = file;
        this.startAt = from == null ? 0 : from.offset();
        this.initial = from == null ? null : from.state();
        this.next = startAt;
        this.checkpointEvery = checkpointEvery;
        this.nextCheckpoint = checkpointEvery == 0 ? Long.MAX_VALUE : (startAt / checkpointEvery + 1) * checkpointEvery;
        this.thread = Thread.ofPlatform().name("dumpguard-digest").daemon().unstarted(this::run);
    }

    /** Starts hashing {@code file} now. */
    static FileDigest start(Path file) {
        return start(file, 0);
    }

    /** Starts hashing {@code file} now, keeping the state every {@code checkpointEvery} bytes (0: never). */
    static FileDigest start(Path file, long checkpointEvery) {
        FileDigest d = new FileDigest(file, checkpointEvery, null, io.dumpguard.core.io.ZeroRanges.NONE);
        d.thread.start();
        return d;
    }

    /**
     * Starts hashing {@code file} from {@code from}: its state must be that of a digest of exactly the bytes
     * {@code file} holds before {@code from.offset()}, which the caller guarantees.
     */
    static FileDigest resume(Path file, Checkpoint from) {
        return resume(file, from, io.dumpguard.core.io.ZeroRanges.NONE);
    }

    /** As {@link #resume(Path, Checkpoint)}, for a file of which {@code zeros} read as zero without being read. */
    static FileDigest resume(Path file, Checkpoint from, io.dumpguard.core.io.ZeroRanges zeros) {
        FileDigest d = new FileDigest(file, 0, from, zeros);
        d.thread.start();
        return d;
    }

    /**
     * The last state kept at or before {@code offset} (a copy the caller may continue), or offset 0 and a new digest
     * when there is none yet.
     */
    Checkpoint checkpointAtOrBefore(long offset) {
        java.util.Map.Entry<Long, MessageDigest> e = checkpoints.floorEntry(offset);
        if (e != null) {
            MessageDigest copy = copy(e.getValue());
            if (copy != null) {
                return new Checkpoint(e.getKey(), copy);
            }
        }
        return Checkpoint.start();
    }

    private static MessageDigest copy(MessageDigest md) {
        try {
            return (MessageDigest) md.clone();
        } catch (CloneNotSupportedException e) {
            return null;
        }
    }

    /**
     * Offers bytes just read from the file, {@code buf[pos, pos + len)} by absolute index (a heap or a direct
     * buffer; its position and limit are not used). When it returns true the hasher will call {@code release} exactly once,
     * after which the caller may reuse {@code buf}; when false, nothing was kept.
     */
    boolean offer(long offset, ByteBuffer buf, int pos, int len, Runnable release) {
        if (len < MIN_PIECE || offset + len <= next || offset > next + AHEAD) {
            return false;
        }
        synchronized (this) {
            if (done) {
                return false;
            }
            pieces.add(new Piece(offset, buf, pos, len, release));
        }
        return true;
    }

    /** Waits for the digest: lowercase hex. */
    String await() throws IOException {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while hashing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw new IOException("hashing failed", e.getCause());
        }
    }

    /** Stops early (the run failed before it needed the digest); releases every held piece. */
    @Override
    public void close() {
        if (!result.isDone()) {
            cancelled = true;
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        String hex = null;
        Throwable failure = null;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            hex = hash(ch);
        } catch (IOException e) {
            failure = new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            failure = e;
        } finally {
            synchronized (this) {
                done = true;
            }
            for (Piece p = pieces.poll(); p != null; p = pieces.poll()) {
                p.release().run();
            }
        }
        // completed only once every piece is back, so a caller that has the digest holds no buffer of ours
        if (hex != null) {
            result.complete(hex);
        } else {
            result.completeExceptionally(failure != null ? failure
                    : new IOException("hashing stopped before the end of " + file));
        }
    }

    private String hash(FileChannel ch) throws IOException {
        MessageDigest md = initial != null ? initial : io.dumpguard.core.digest.Sha256.newDigest();
        long size = ch.size();
        if (startAt > size) {
            throw new IOException("file is shorter (" + size + " bytes) than the digest it resumes: " + file);
        }
        // direct: a read into a heap array goes through a temporary direct buffer and is copied twice
        ByteBuffer own = ByteBuffer.allocateDirect(OWN_READ);
        long pos = startAt;
        while (pos < size) {
            if (cancelled) {
                return null;
            }
            Piece p = pieces.peek();
            while (p != null && p.end() <= pos) { // already hashed from our own reads
                pieces.poll();
                p.release().run();
                p = pieces.peek();
            }
            if (p != null && p.offset() <= pos) {
                pieces.poll();
                int skip = (int) (pos - p.offset());
                int n = (int) Math.min(p.len() - skip, size - pos);
                pos = feed(md, p.buf().duplicate().limit(p.pos() + skip + n).position(p.pos() + skip), pos);
                p.release().run();
            } else {
                long stop = Math.min(size, pos + OWN_READ);
                if (p != null) {
                    stop = Math.min(stop, p.offset());
                }
                int n = (int) (stop - pos);
                readFully(ch, own, n, pos);
                pos = feed(md, own.duplicate().limit(n).position(0), pos);
            }
            next = pos;
        }
        if (ch.size() != size) {
            throw new IOException("file changed size while hashing: " + file);
        }
        return HexFormat.of().formatHex(md.digest());
    }


    /** Hashes {@code b}'s remaining bytes, which are the file's from {@code pos}, keeping checkpoints on the way. */
    private long feed(MessageDigest md, ByteBuffer b, long pos) {
        while (b.hasRemaining()) {
            long room = nextCheckpoint - pos;
            if (room > b.remaining()) {
                pos += b.remaining();
                md.update(b);
                return pos;
            }
            int limit = b.limit();
            b.limit(b.position() + (int) room);
            md.update(b);
            b.limit(limit);
            pos += room;
            MessageDigest state = copy(md);
            if (state == null) { // a digest that cannot be copied: no checkpoints, the output is hashed whole
                checkpointEvery = 0;
                nextCheckpoint = Long.MAX_VALUE;
            } else {
                checkpoints.put(pos, state);
                nextCheckpoint += checkpointEvery;
            }
        }
        return pos;
    }

    private void readFully(FileChannel ch, ByteBuffer dst, int n, long at) throws IOException {
        if (!zeros.isEmpty()) {
            zeros.split(at, n, (pos, len, zero) -> {
                int i = (int) (pos - at);
                if (zero) {
                    dst.put(i, ZEROS, 0, (int) len);
                } else {
                    readRange(ch, dst, i, (int) len, pos);
                }
            });
            return;
        }
        readRange(ch, dst, 0, n, at);
    }

    private void readRange(FileChannel ch, ByteBuffer dst, int off, int n, long at) throws IOException {
        if (ChannelReads.fill(ch, dst.duplicate().limit(off + n).position(off), at) >= 0) {
            throw new IOException("file shrank while hashing at offset 0x" + Long.toHexString(at) + ": " + file);
        }
    }
}
