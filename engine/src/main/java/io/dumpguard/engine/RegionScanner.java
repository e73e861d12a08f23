package io.dumpguard.engine;

import io.dumpguard.core.Finding;
import io.dumpguard.core.Region;
import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.io.MappedFile;
import io.dumpguard.core.spi.ByteDetector;
import io.dumpguard.core.spi.DetectorFactory;
import io.dumpguard.core.spi.FindingSink;
import io.dumpguard.core.spi.ParsedDump;
import io.dumpguard.core.spi.ScanChunk;
import io.dumpguard.core.spi.ScanContext;
import io.dumpguard.nativematch.HyperscanLiterals;
import io.dumpguard.nativematch.LiteralSet;
import io.dumpguard.nativematch.SharedLiteralDetector;
import io.dumpguard.nativematch.SharedLiteralPass;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Feeds every region of a dump through the byte detectors, on every core. The walking thread packs regions into
 * batches of about {@link #CHUNK} bytes (a large region is split into pieces that overlap by the longest structure
 * any detector matches; many small regions, such as heap arrays, share one batch); worker threads, each with its
 * own detector instances, read the batches' large pieces (so that reading the file is spread over every core: a
 * pass whose detectors are fast was bound by the one thread that read for all) and scan the batches. A worker that
 * fails keeps taking batches, so the walking thread never waits on a full queue, and the walk stops at its next
 * batch. Each detector reports only matches that start in a piece's own part,
 * so a structure straddling a piece boundary is found exactly once.
 */
final class RegionScanner {
    static final int CHUNK = 8 << 20;
    private static final long PROGRESS_STEP = 64L << 20;
    /** Pieces from this size are read straight into the direct buffer; smaller ones come from the file's window. */
    private static final int DIRECT_READ = 64 << 10;
    /** Granule of the zero-run check: a page, as untouched memory is zero by the page. */
    private static final int PAGE = 4 << 10;
    /** Zero runs are left out of the scan when they are at least this much longer than twice the overlap. */
    private static final int ZERO_RUN_MIN = 256 << 10;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(PAGE);

    /** A factory and the context to create its detectors with. */
    record Spec(DetectorFactory factory, ScanContext context) {
    }

    /**
     * @param inArray whether {@code buf} holds the bytes already (small pieces), or only the direct view does
     * @param unread  a large piece the scanning thread reads into the direct view itself (and then splits around its
     *                runs of zero pages), so that reading the file is spread over the scanning threads instead of
     *                holding up the one that packs the batches
     */
    private record Segment(Region region, long fileOffset, int bufPos, int own, int limit, boolean inArray,
                           boolean unread) {
        Segment(Region region, long fileOffset, int bufPos, int own, int limit, boolean inArray) {
            this(region, fileOffset, bufPos, own, limit, inArray, false);
        }
    }

    private static final class Batch {
        final byte[] buf;
        /** The same bytes, read here first: native matchers scan it where they would otherwise copy the batch. */
        final ByteBuffer direct;
        final List<Segment> segments = new ArrayList<>();
        /** Whether a segment is still to be read, by the thread that scans the batch. */
        boolean unread;
        int used;
        /** The worker scanning it, and the input digest for each piece it holds: recycled when all let go. */
        final AtomicInteger holders = new AtomicInteger();
        private final BlockingQueue<Batch> free;

        Batch(int size, BlockingQueue<Batch> free) {
            buf = new byte[size];
            direct = ByteBuffer.allocateDirect(size);
            this.free = free;
        }

        void release() {
            if (holders.decrementAndGet() == 0) {
                segments.clear();
                unread = false;
                used = 0;
                if (!free.offer(this)) {
                    throw new IllegalStateException("batch pool overflow");
                }
            }
        }
    }

    private static final Batch POISON = new Batch(0, null);

    /** One detector instance and the spec it was created from. */
    private record Instance(Spec spec, ByteDetector detector) {
    }

    /**
     * A worker's detectors whose literal first stages run as one pass, and the pass's scanner; member {@code m}'s
     * hits are the scanner's part {@code m}.
     */
    private static final class Shared {
        final SharedLiteralPass.Scanner scanner;
        final List<ByteDetector> members;
        final List<String> ids;
        /** Batches whose members' literals were found in one pass, and batches each member scanned alone. */
        long together;
        long alone;

        Shared(SharedLiteralPass.Scanner scanner, List<ByteDetector> members, List<String> ids) {
            this.scanner = scanner;
            this.members = members;
            this.ids = ids;
        }

        /**
         * Finds the members' literals in the batch's range in one pass; false when the range is too short for a
         * native pass or holds more hits than a pass keeps (then each member scans it alone).
         */
        boolean scan(List<ScanChunk> chunks) {
            if (chunks.isEmpty()) {
                return false;
            }
            ScanChunk first = chunks.get(0);
            int to = chunks.get(chunks.size() - 1).limit();
            boolean done = to - first.start() >= HyperscanLiterals.MIN_SPAN_BYTES
                    && scanner.scan(first.data(), first.direct(), first.start(), to);
            if (done) {
                together++;
            } else {
                alone++;
            }
            return done;
        }

        /** The member's index, or -1 when {@code d} scans on its own. */
        int indexOf(ByteDetector d) {
            for (int m = 0; m < members.size(); m++) {
                if (members.get(m) == d) {
                    return m;
                }
            }
            return -1;
        }
    }

    private final MappedFile file;
    private final List<Spec> specs;
    private final int overlap;
    private final int threads;
    private final Progress progress;
    private final String phase;
    private final List<List<Instance>> perWorker = new ArrayList<>();
    /** Per worker: the detectors that share a literal pass, or null when fewer than two can. */
    private final List<Shared> sharedPerWorker = new ArrayList<>();
    /** Bytes left out of the scan as runs of zero pages, after {@link #scan}. */
    private long skippedZeroBytes;
    /** The same, counted by every thread that splits pieces around zero runs during {@link #scan}. */
    private final java.util.concurrent.atomic.AtomicLong zeroBytesSkipped = new java.util.concurrent.atomic.AtomicLong();
    /** The file's digest in progress, fed with the pieces read here; null when the digest is of another file. */
    private final FileDigest digest;
    /** When set, only pieces whose window meets a changed block are scanned ({@link ChangedBlocks}). */
    private ChangedBlocks rescanOnly;
    /** Bytes of the pieces scanned because they meet a changed block, after {@link #scan} with {@link #rescanOnly}. */
    private long rescanned;

    RegionScanner(MappedFile file, List<Spec> specs, int minOverlap, int threads, Progress progress, String phase,
                  FileDigest digest) throws InputRefusedException {
        this.file = file;
        this.digest = digest;
        this.specs = specs;
        this.threads = Math.max(1, threads);
        this.progress = progress;
        this.phase = phase;
        int o = minOverlap;
        for (int w = 0; w < this.threads; w++) {
            List<Instance> mine = new ArrayList<>();
            for (Spec s : specs) {
                ByteDetector d = s.factory().create(s.context());
                if (d != null) {
                    mine.add(new Instance(s, d));
                    o = Math.max(o, d.maxMatchBytes());
                }
            }
            perWorker.add(mine);
            sharedPerWorker.add(shared(mine));
        }
        this.overlap = Math.min(o, MappedFile.OVERLAP);
    }

    /** The detectors of one worker whose native first stages are literal sets, as one pass: two or more, or null. */
    private static Shared shared(List<Instance> detectors) {
        List<ByteDetector> members = new ArrayList<>();
        List<LiteralSet> sets = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Instance i : detectors) {
            if (i.detector() instanceof SharedLiteralDetector d && d.sharedLiterals() != null) {
                members.add(d);
                sets.add(d.sharedLiterals());
                ids.add(i.spec().factory().id());
            }
        }
        SharedLiteralPass pass = members.size() < 2 ? null : SharedLiteralPass.of(sets);
        return pass == null ? null : new Shared(pass.newScanner(), List.copyOf(members), List.copyOf(ids));
    }

    boolean isEmpty() {
        return perWorker.get(0).isEmpty();
    }

    /**
     * Scans only the pieces whose window (own part and overlap) meets a block in {@code changed}; the caller proves
     * every other byte unchanged since a full scan of the same regions ({@link OutputComparison}).
     */
    RegionScanner rescanOnly(ChangedBlocks changed) {
        this.rescanOnly = changed;
        return this;
    }

    long rescanned() {
        return rescanned;
    }

    /** The proof of every factory, merged over its instances in all workers; and what the scan left out. */
    List<String> proof() {
        List<String> lines = new ArrayList<>();
        if (skippedZeroBytes > 0) {
            lines.add(String.format("%,d bytes in runs of zero pages were not scanned: no match starts there (every"
                    + " match is at most %,d bytes long and none is all zero bytes)", skippedZeroBytes, overlap));
        }
        long together = sharedPerWorker.stream().filter(java.util.Objects::nonNull).mapToLong(w -> w.together).sum();
        long alone = sharedPerWorker.stream().filter(java.util.Objects::nonNull).mapToLong(w -> w.alone).sum();
        if (together + alone > 0) {
            lines.add(String.format("one Hyperscan pass found the literals of %s in %,d batches, each detector "
                    + "taking its own literals' hits; %,d batches (too short for it, or over %,d hits) each detector "
                    + "scanned alone", String.join(" and ",
                    sharedPerWorker.stream().filter(java.util.Objects::nonNull).findFirst().orElseThrow().ids),
                    together, alone, SharedLiteralPass.MAX_HITS));
        }
        for (Spec s : specs) {
            List<ByteDetector> mine = new ArrayList<>();
            for (List<Instance> w : perWorker) {
                w.stream().filter(i -> i.spec() == s).forEach(i -> mine.add(i.detector()));
            }
            if (!mine.isEmpty()) {
                lines.addAll(s.factory().proof(mine));
            }
        }
        return lines;
    }

    void scan(ParsedDump dump, FindingSink sink) throws InputRefusedException {
        if (isEmpty()) {
            return;
        }
        FindingSink shared = threads == 1 ? sink : new SynchronizedSink(sink);
        BlockingQueue<Batch> full = new ArrayBlockingQueue<>(threads * 2);
        BlockingQueue<Batch> free = new ArrayBlockingQueue<>(threads * 2 + 1);
        for (int i = 0; i < threads * 2 + 1; i++) {
            free.add(new Batch(CHUNK + overlap, free));
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            List<ByteDetector> ds = perWorker.get(w).stream().map(Instance::detector).toList();
            Shared pass = sharedPerWorker.get(w);
            DetectorCalls calls = new DetectorCalls();
            Thread t = Thread.ofPlatform().name("dumpguard-scan-" + w).daemon().start(() -> {
                try {
                    for (Batch b = full.take(); b != POISON; b = full.take()) {
                        try {
                            if (failure.get() == null) {
                                readUnread(b);
                                scanBatch(b, ds, pass, calls, shared);
                            }
                        } catch (Throwable e) { // NOPMD: reported by scan() once every thread has stopped
                            // keep taking batches: the reading thread must never wait on a queue no one empties
                            failure.compareAndSet(null, e);
                        } finally {
                            b.release();
                        }
                    }
                } catch (InterruptedException e) {
                    failure.compareAndSet(null, e);
                }
            });
            workers.add(t);
        }
        Producer producer = new Producer(free, full, failure);
        try {
            dump.regions(producer::add, rescanOnly);
            producer.flush();
            rescanned = rescanOnly == null ? 0 : producer.rescanned;
        } finally {
            try {
                for (int w = 0; w < threads; w++) {
                    full.put(POISON);
                }
                for (Thread t : workers) {
                    t.join();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while scanning", e);
            }
        }
        skippedZeroBytes = zeroBytesSkipped.get();
        rethrowWorkerFailure(failure.get());
        progress.update(phase, file.size(), file.size());
    }

    /**
     * Reads the batch's unread pieces into its direct view, hands each to the digest, and splits it around its runs
     * of zero pages, keeping the segments in buffer order.
     */
    private void readUnread(Batch b) throws InputRefusedException {
        if (!b.unread) {
            return;
        }
        List<Segment> all = new ArrayList<>(b.segments);
        b.segments.clear();
        for (Segment s : all) {
            if (!s.unread()) {
                b.segments.add(s);
                continue;
            }
            file.read(s.fileOffset(), b.direct, s.bufPos(), s.limit(), s.region().label());
            if (digest != null) {
                b.holders.incrementAndGet();
                if (!digest.offer(s.fileOffset(), b.direct, s.bufPos(), s.limit(), b::release)) {
                    b.holders.decrementAndGet();
                }
            }
            if (s.own() < ZERO_RUN_MIN) {
                b.segments.add(new Segment(s.region(), s.fileOffset(), s.bufPos(), s.own(), s.limit(), false));
            } else {
                addSkippingZeroRuns(b, s.region(), s.fileOffset(), s.bufPos(), s.own(), s.limit());
            }
        }
    }

    /**
     * The piece read into the direct view at {@code at}, as segments that leave out the long runs of zero pages (a
     * JVM core's committed but untouched heap, most of a gcore of a service): no match starts in such a run except
     * in its last {@link #overlap} bytes, since every match is at most that long and none is made of zero bytes
     * alone ({@link ByteDetector}'s contract). Each segment may still read on to its limit, into the zeros, so a
     * match ending there is whole.
     */
    private void addSkippingZeroRuns(Batch b, Region region, long pos, int at, int own, int limit) {
        int segStart = 0;
        // a run long enough to skip holds a whole page at a multiple of ZERO_RUN_MIN: probe only those, so
        // that data without long runs costs one look per ZERO_RUN_MIN bytes
        for (int probe = 0; probe + PAGE <= own; probe += ZERO_RUN_MIN) {
            if (!zeroPage(b.direct, at + probe, PAGE)) {
                continue;
            }
            int runStart = probe;
            while (runStart - PAGE >= segStart && zeroPage(b.direct, at + runStart - PAGE, PAGE)) {
                runStart -= PAGE;
            }
            int runEnd = probe + PAGE;
            while (runEnd < limit && zeroPage(b.direct, at + runEnd, Math.min(PAGE, limit - runEnd))) {
                runEnd = Math.min(limit, runEnd + PAGE);
            }
            // the segment before the run reads on to runStart + overlap and the one after starts at
            // runEnd - overlap: a run of at least 2 x overlap keeps them apart, as packed batches need
            if (runEnd - runStart >= 2 * overlap + ZERO_RUN_MIN) {
                if (runStart > segStart) {
                    int segLimit = Math.min(limit, runStart + overlap);
                    b.segments.add(new Segment(region, pos + segStart, at + segStart, runStart - segStart,
                            segLimit - segStart, false));
                }
                zeroBytesSkipped.addAndGet(runEnd - overlap - Math.max(runStart, segStart));
                segStart = runEnd - overlap;
            }
            probe = runEnd - runEnd % ZERO_RUN_MIN; // the next probe lies past this run
        }
        if (segStart < own) {
            b.segments.add(new Segment(region, pos + segStart, at + segStart, own - segStart, limit - segStart,
                    false));
        }
    }

    /** {@link #rethrow}, and a piece a scanning thread read that was not there as the refusal it is. */
    private static void rethrowWorkerFailure(Throwable f) throws InputRefusedException {
        if (f instanceof InputRefusedException e) {
            throw e;
        }
        rethrow(f);
    }

    /** Rethrows what a worker thread threw, unchanged when unchecked; nothing when null. */
    static void rethrow(Throwable f) {
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error err) {
            throw err;
        }
        if (f != null) {
            throw new IllegalStateException(f);
        }
    }

    private static void scanBatch(Batch b, List<ByteDetector> ds, Shared pass, DetectorCalls calls,
                                  FindingSink sink) {
        List<ScanChunk> chunks = new ArrayList<>(b.segments.size());
        for (Segment s : b.segments) {
            chunks.add(new ScanChunk(b.buf, s.bufPos(), s.bufPos() + s.own(), s.bufPos() + s.limit(),
                    s.fileOffset() - s.bufPos(), s.region(), b.direct));
        }
        // large pieces were read into the direct view only: copy them into the array here, on the scanning thread
        // and only when a detector of this pass reads the array (a pass of native matchers alone never does)
        if (ds.stream().anyMatch(d -> d.needsArray(chunks))) {
            for (Segment s : b.segments) {
                if (!s.inArray()) {
                    b.direct.get(s.bufPos(), b.buf, s.bufPos(), s.limit());
                }
            }
        }
        if (pass != null && pass.scan(chunks)) {
            for (ByteDetector d : ds) {
                int m = pass.indexOf(d);
                if (m >= 0) {
                    calls.scanBatch((SharedLiteralDetector) d, chunks, pass.scanner.hits(m), sink);
                } else {
                    calls.scanBatch(d, chunks, sink);
                }
            }
            return;
        }
        for (ByteDetector d : ds) {
            calls.scanBatch(d, chunks, sink);
        }
    }

    /** Whether {@code len <= PAGE} bytes of {@code buf} from {@code at} are all zero (a vectorized compare). */
    static boolean zeroPage(ByteBuffer buf, int at, int len) {
        if (len >= Long.BYTES && (buf.getLong(at) | buf.getLong(at + len - Long.BYTES)) != 0) {
            return false; // most pages that hold anything show it at an end: no slices, no compare
        }
        return buf.slice(at, len).mismatch(ZEROS.slice(0, len)) < 0;
    }

    /** Packs region pieces into batches on the reading thread. */
    private final class Producer {
        private final BlockingQueue<Batch> free;
        private final BlockingQueue<Batch> full;
        private final AtomicReference<Throwable> failure;
        private Batch current;
        private long scanned;
        private long rescanned;
        private long nextProgress = PROGRESS_STEP;

        Producer(BlockingQueue<Batch> free, BlockingQueue<Batch> full, AtomicReference<Throwable> failure) {
            this.free = free;
            this.full = full;
            this.failure = failure;
        }

        void add(Region region) throws InputRefusedException {
            long pos = region.offset();
            long end = region.end();
            while (pos < end) {
                int own = (int) Math.min(CHUNK, end - pos);
                int limit = (int) Math.min(end - pos, (long) own + overlap);
                if (rescanOnly == null || rescanOnly.meets(pos, pos + limit)) {
                    addPiece(region, pos, own, limit);
                    rescanned += own;
                }
                pos += own;
                scanned += own;
                if (scanned >= nextProgress) {
                    nextProgress = scanned + PROGRESS_STEP;
                    progress.update(phase, Math.min(pos, file.size()), file.size());
                }
            }
        }

        private void addPiece(Region region, long pos, int own, int limit) throws InputRefusedException {
            Batch b = batchWithRoom(limit);
            if (limit >= DIRECT_READ) {
                // read by the scanning thread: one copy from the page cache into the direct view, and the array gets
                // it on that thread too if a detector needs it
                b.segments.add(new Segment(region, pos, b.used, own, limit, false, true));
                b.unread = true;
            } else {
                // the label as it is, not "region " + label: a heap dump has millions of regions
                file.read(pos, b.buf, b.used, limit, region.label());
                b.direct.put(b.used, b.buf, b.used, limit);
                b.segments.add(new Segment(region, pos, b.used, own, limit, true));
            }
            b.used += limit;
        }

        private Batch batchWithRoom(int bytes) throws InputRefusedException {
            if (current != null && current.used + bytes > current.buf.length) {
                flush();
            }
            if (current == null) {
                current = take(free);
                current.holders.set(1); // the worker that will scan it
            }
            return current;
        }

        /** Hands the batch being packed to the workers; stops the walk once a worker has failed. */
        void flush() throws InputRefusedException {
            if (current != null && !current.segments.isEmpty()) {
                put(current);
            } else if (current != null) {
                current.release(); // all zeros: no worker takes it; back to the pool once the digest lets go
            }
            current = null;
            rethrowWorkerFailure(failure.get());
        }

        private Batch take(BlockingQueue<Batch> q) {
            try {
                return q.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while scanning", e);
            }
        }

        private void put(Batch b) {
            try {
                full.put(b);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while scanning", e);
            }
        }
    }

    private record SynchronizedSink(FindingSink delegate) implements FindingSink {
        @Override
        public synchronized void accept(Finding f) {
            delegate.accept(f);
        }
    }
}
