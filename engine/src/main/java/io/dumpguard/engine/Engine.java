package io.dumpguard.engine;

import io.dumpguard.core.Finding;
import io.dumpguard.core.Verdict;
import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.error.VerificationFailedException;
import io.dumpguard.core.io.FileTrees;
import io.dumpguard.core.io.MappedFile;
import io.dumpguard.core.io.ZeroRanges;
import io.dumpguard.core.spi.DetectorFactory;
import io.dumpguard.core.spi.DumpFormat;
import io.dumpguard.core.spi.ScanContext;
import io.dumpguard.core.spi.StructureSummary;
import io.dumpguard.nativematch.LiteralSet;
import io.dumpguard.nativematch.SharedLiteralDetector;
import io.dumpguard.nativematch.SharedLiteralPass;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The pipeline: open (unwrap containers, detect the format by magic) → parse → detect → plan → redact → verify.
 * Fails closed: anything that cannot be parsed, redacted or verified gives verdict {@code refused} and, for
 * sanitize, no output file.
 */
public final class Engine {
    private final List<DumpFormat> formats;
    private final List<DetectorFactory> factories;
    private final Analyzer analyzer;

    public Engine(List<DumpFormat> formats, List<DetectorFactory> factories) {
        List<DumpFormat> f = new ArrayList<>(formats);
        f.sort(Comparator.comparingInt(DumpFormat::priority));
        this.formats = List.copyOf(f);
        this.factories = List.copyOf(factories);
        this.analyzer = new Analyzer(this.formats, this.factories, scanThreads());
    }

    /** One scanning thread per core, at most 8; {@code -Ddumpguard.threads=N} overrides. */
    static int scanThreads() {
        int n = Integer.getInteger("dumpguard.threads", Math.min(8, Runtime.getRuntime().availableProcessors()));
        return Math.max(1, n);
    }

    /** Every format and detector on the class path. */
    public static Engine loadPlugins() {
        List<DumpFormat> formats = new ArrayList<>();
        ServiceLoader.load(DumpFormat.class).forEach(formats::add);
        List<DetectorFactory> detectors = new ArrayList<>();
        ServiceLoader.load(DetectorFactory.class).forEach(detectors::add);
        detectors.sort(Comparator.comparing(DetectorFactory::id));
        return new Engine(formats, detectors);
    }

    public List<DumpFormat> formats() {
        return formats;
    }

    public List<DetectorFactory> detectors() {
        return factories;
    }

    static ScanContext context(RunOptions o) {
        return new ScanContext(o.limits(), o.policy(), o.registeredKeys(), List.of(), o.detectorOptions());
    }

    /** Finds secret material; writes nothing. Verdict clean, findings or refused. */
    public Report scan(Path input, RunOptions options) throws IOException {
        return inspect("scan", input, options);
    }

    /** Like {@link #scan}, and the report carries the registered-key proof. */
    public Report verify(Path input, RunOptions options) throws IOException {
        return inspect("verify", input, options);
    }

    /**
     * Lets every detector family build its shared state (rule pack, native matchers) on background threads while
     * the run opens and parses the dump; a family's {@code create} waits for whatever is still being built.
     */
    private void prepareDetectors() {
        prepareEach(factories);
    }

    /**
     * Starts building the shared state of every detector family on the class path now, in the background: a command
     * line calls this first thing, so that loading Hyperscan and compiling the rule pack (0.1-0.15 s) overlap with
     * the JVM's start-up and argument parsing instead of following them. Building is idempotent; a run that starts
     * before it is done waits only for what it needs.
     */
    public static void prepareInBackground() {
        // finding the plug-ins takes a while too: that is not left to the caller either
        Thread.ofPlatform().name("dumpguard-preload").daemon()
                .start(() -> prepareEach(ServiceLoader.load(DetectorFactory.class)));
    }

    /**
     * A thread per family: the rule pack's Java part need not wait for the native library to load. Then the literal
     * pass the families share ({@link SharedLiteralPass}) is compiled, once each has its own set.
     */
    private static void prepareEach(Iterable<DetectorFactory> factories) {
        List<DetectorFactory> all = new ArrayList<>();
        factories.forEach(all::add);
        all.sort(Comparator.comparing(DetectorFactory::id)); // the order runs use (loadPlugins), so the same union
        List<Thread> families = new ArrayList<>();
        for (DetectorFactory f : all) {
            families.add(Thread.ofPlatform().name("dumpguard-prepare-" + f.id()).daemon().start(() -> {
                try {
                    f.prepare();
                } catch (Throwable e) { // NOPMD: a background head start; failures surface on the scanning path
                    // create() builds it again on the scanning path and reports the failure there
                }
            }));
        }
        Thread.ofPlatform().name("dumpguard-prepare-shared").daemon().start(() -> {
            try {
                for (Thread t : families) {
                    t.join();
                }
                prepareSharedPass(all);
            } catch (Throwable e) { // NOPMD: as above; a run compiles the pass itself when it is not ready
                // nothing to report here
            }
        });
    }

    /** Compiles the literal pass of the primary detectors of a run with default options (the usual run). */
    private static void prepareSharedPass(List<DetectorFactory> factories) throws InputRefusedException {
        List<LiteralSet> sets = new ArrayList<>();
        for (DetectorFactory f : factories) {
            if (f.role() == DetectorFactory.Role.PRIMARY
                    && f.create(ScanContext.defaults()) instanceof SharedLiteralDetector d
                    && d.sharedLiterals() != null) {
                sets.add(d.sharedLiterals());
            }
        }
        if (sets.size() > 1) {
            SharedLiteralPass.of(sets);
        }
    }

    private Report inspect(String command, Path input, RunOptions o) throws IOException {
        prepareDetectors();
        try (FileDigest inputSha = FileDigest.start(input)) { // closing stops it if the run ends early
            return inspect(command, input, o, inputSha);
        }
    }

    private Report inspect(String command, Path input, RunOptions o, FileDigest inputSha) throws IOException {
        long t0 = System.nanoTime();
        ReportBuilder rb = new ReportBuilder(command, input, o.policy());
        InputStamp stamp = InputStamp.of(input);
        Path workDir = Files.createTempDirectory("dumpguard-");
        try (Containers.Unwrapped content = Containers.unwrap(input, workDir, o.limits());
             MappedFile file = MappedFile.open(content.content())) {
            rb.container = content.containerId();
            rb.inputBytes = file.size();
            DumpFormat format = analyzer.chooseFormat(file, o.format());
            rb.format = format.id();
            Analysis a = analyzer.analyze(file, format, context(o), Set.of(), o.progress(), "",
                    content.layers().isEmpty() ? inputSha : null, null);
            rb.analysis(a);
            rb.inputSha256 = awaitInputDigest(inputSha, stamp);
            stamp.checkUnchanged();
            rb.verdict = a.findings().isEmpty() ? Verdict.CLEAN : Verdict.FINDINGS;
        } catch (InputRefusedException e) {
            rb.refuse(e.getMessage());
        } catch (RuntimeException e) {
            rb.refuse(internalError(e));
        } finally {
            FileTrees.deleteQuietly(workDir);
        }
        settleRefusedInput(rb, inputSha, stamp);
        return rb.build(t0);
    }

    /**
     * Writes a sanitized, verified copy of {@code input} to {@code output} (atomically renamed into place when
     * complete). On refusal, {@code output} is not created and any temporary file is removed.
     */
    public Report sanitize(Path input, Path output, RunOptions o) throws IOException {
        if (Files.exists(output) && Files.isSameFile(input, output)) {
            throw new IOException("output " + output + " is the input: dumpguard never modifies its input");
        }
        prepareDetectors();
        // checkpoints: the output's digest resumes from the input's state before the first changed byte
        try (FileDigest inputSha = FileDigest.start(input, FileDigest.CHECKPOINT)) { // closing stops it early
            return sanitize(input, output, o, inputSha);
        }
    }

    private Report sanitize(Path input, Path output, RunOptions o, FileDigest inputSha) throws IOException {
        long t0 = System.nanoTime();
        Path dir = output.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        ReportBuilder rb = new ReportBuilder("sanitize", input, o.policy());
        rb.output = output.toString();
        // unwrapped (still secret) content stays in a private temp folder, never beside the output; only the
        // redacted copy is staged in the output's folder, in an owner-only hidden folder, for the atomic rename
        Path workDir = Files.createTempDirectory("dumpguard-");
        Path stageDir = Files.createTempDirectory(dir, ".dumpguard-stage-");
        Thread durable = null;
        InputStamp stamp = InputStamp.of(input);
        try (Containers.Unwrapped content = Containers.unwrap(input, workDir, o.limits());
             BackgroundCopy copy = BackgroundCopy.start(content.content(), redactedPath(content, stageDir, workDir))) {
            rb.container = content.containerId();
            Path redacted = redactedPath(content, stageDir, workDir);
            ScanContext ctx = context(o);
            Analysis in;
            DumpFormat format;
            Redaction redaction;
            String verifiedSha;
            // the input stays open through verification: the copy's scan replays the input's regions, which may read
            // the input's record headers again (a heap dump's region log is dropped under memory pressure)
            try (MappedFile file = MappedFile.open(content.content())) {
                rb.inputBytes = file.size();
                format = analyzer.chooseFormat(file, o.format());
                rb.format = format.id();
                // a copy whose structure is proven by comparison needs no digest of the input's structure
                in = analyzer.analyze(file, format, Analyzer.CopyOf.comparesStructure(format, o.fullVerification())
                                ? ctx.withOption(ScanContext.STRUCTURE_COMPARED, "true") : ctx, Set.of(), o.progress(),
                        "", content.layers().isEmpty() ? inputSha : null, null);
                rb.analysis(in);
                refuseUnredactable(in.findings());
                redaction = redact(content.content(), copy, in, ctx, rb, o.progress());
                if (content.layers().isEmpty()) {
                    // the bytes go to disk while verification reads them from the page cache; the fsync before the
                    // rename below then has little left to wait for
                    durable = Thread.ofPlatform().name("dumpguard-fsync").daemon().start(() -> fsync(redacted));
                }
                // the output digest runs on its own thread beside verification, fed by the comparison's reads of the
                // copy
                // unwrapped, the copy is the input with changes from firstChange on: its digest resumes from the
                // input's state before that (the stamp check below refuses a run whose input changed, which would
                // break that); the copy's holes read as zeros: neither verification nor the digest reads them
                ZeroRanges holes = copy.holes();
                try (FileDigest redactedSha = content.layers().isEmpty()
                        ? FileDigest.resume(redacted, inputSha.checkpointAtOrBefore(redaction.firstChange()), holes)
                        : FileDigest.resume(redacted, FileDigest.Checkpoint.start(), holes)) {
                    rb.notes.add(verifyOutput(content.content(), redacted, holes, format, in, ctx, o.progress(),
                            redactedSha, o.fullVerification() ? null : redaction.changed()));
                    rb.verification = o.fullVerification() ? Report.VERIFIED_IN_FULL
                            : Report.VERIFIED_WHERE_CHANGED;
                    verifiedSha = redactedSha.await();
                }
            }
            // the input's digest is complete before anything is moved into place: a digest that failed because the
            // input changed under it refuses the run here, and nothing is written
            rb.inputSha256 = awaitInputDigest(inputSha, stamp);
            stamp.checkUnchanged();
            Path staged = redacted;
            if (!content.layers().isEmpty()) {
                staged = stageDir.resolve("wrapped.bin");
                Containers.rewrap(redacted, content.layers(), staged, workDir);
                checkRewrap(staged, verifiedSha, workDir, o);
                rb.outputSha256 = Digests.sha256(staged);
            } else {
                rb.outputSha256 = verifiedSha;
            }
            join(durable);
            fsync(staged);
            Files.move(staged, output, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            fsync(dir);
            rb.verdict = in.findings().isEmpty() ? Verdict.CLEAN : Verdict.REDACTED;
        } catch (InputRefusedException e) {
            rb.refuse(e.getMessage());
        } catch (RuntimeException e) {
            rb.refuse(internalError(e));
        } finally {
            join(durable);
            FileTrees.deleteQuietly(workDir);
            FileTrees.deleteQuietly(stageDir);
        }
        settleRefusedInput(rb, inputSha, stamp);
        return rb.build(t0);
    }

    /**
     * The input's digest. Hashing fails when the file changes size under it; when the input's stamp shows a change,
     * that failure is the run's refusal (the input changed while it was read), not an I/O error.
     */
    private static String awaitInputDigest(FileDigest inputSha, InputStamp stamp)
            throws IOException, InputRefusedException {
        try {
            return inputSha.await();
        } catch (IOException e) {
            stamp.checkUnchanged(); // throws the refusal when the input changed
            throw e;
        }
    }

    /**
     * Ends a refused run's account of its input. When the input changed during the run, that change is the reason
     * given, whatever else it broke first (a copy that no longer matches, a digest of a file that grew), and no
     * digest is reported for bytes that are no longer there; otherwise the digest of the intact input is reported.
     * A run that was not refused awaited its digest before its stamp check.
     */
    private static void settleRefusedInput(ReportBuilder rb, FileDigest inputSha, InputStamp stamp)
            throws IOException {
        if (rb.verdict != Verdict.REFUSED) {
            return;
        }
        try {
            stamp.checkUnchanged();
            if (rb.inputSha256 == null) {
                rb.inputSha256 = awaitInputDigest(inputSha, stamp);
            }
        } catch (InputRefusedException changed) {
            rb.refuse(changed.getMessage());
            rb.inputSha256 = null;
        }
    }

    private static void refuseUnredactable(List<Finding> findings) throws InputRefusedException {
        for (Finding f : findings) {
            if (!f.redactable()) {
                throw new InputRefusedException(String.format(
                        "finding %s at offset 0x%x (%d bytes) lies in %s, which cannot be overwritten without "
                                + "breaking the format", f.detector(), f.offset(), f.length(), f.regionKind()));
            }
        }
    }

    /** Where the copy is redacted: staged beside the output, or in the private work folder when it is rewrapped. */
    private static Path redactedPath(Containers.Unwrapped content, Path stageDir, Path workDir) {
        return (content.layers().isEmpty() ? stageDir : workDir).resolve("redacted.bin");
    }

    private static void join(Thread t) {
        if (t != null) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * What the redaction did to the copy.
     *
     * @param firstChange the offset of the first byte changed ({@link Long#MAX_VALUE} when none)
     * @param changed     every block a range was overwritten in
     */
    private record Redaction(long firstChange, ChangedBlocks changed) {
    }

    private static Redaction redact(Path content, BackgroundCopy copy, Analysis in, ScanContext ctx, ReportBuilder rb,
                               Progress progress) throws IOException, InputRefusedException {
        Redaction done;
        long size = Files.size(content);
        progress.update("redact", 0, size);
        try (Redactor r = Redactor.of(copy.await())) {
            for (Finding f : in.findings()) {
                r.zero(f.offset(), f.length());
            }
            io.dumpguard.core.spi.RangeSink zero = (off, len) -> {
                try {
                    r.zero(off, len);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            };
            if (in.dump().implementsPolicies()) {
                in.dump().policyRanges(ctx.policy(), ctx, zero);
            } else {
                try (MappedFile f = MappedFile.open(content)) {
                    RegionPolicy.apply(in.dump(), f, ctx.policy(), zero);
                }
            }
            rb.bytesChanged = r.bytesChanged();
            rb.bytesOverwritten = r.bytesOverwritten();
            done = new Redaction(r.firstChange(), r.changedBlocks());
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        progress.update("redact", size, size);
        return done;
    }

    /**
     * Re-parses the copy, compares its structure with the input's, and re-runs every detector with the input's
     * secrets: over the whole copy ({@code changed} null), or over the pieces that meet a changed block while every
     * other byte is compared with the input on its own thread ({@link ChangedBlocks} says why that is the same
     * verdict). Returns the report's note on what was verified.
     */
    private String verifyOutput(Path input, Path redacted, ZeroRanges holes, DumpFormat format, Analysis in,
                                ScanContext ctx, Progress progress, FileDigest digest, ChangedBlocks changed)
            throws IOException, InputRefusedException {
        OutputComparison comparison = changed == null ? null : OutputComparison.start(input, redacted, changed, holes,
                digest);
        boolean done = false;
        try (MappedFile out = MappedFile.open(redacted, holes)) {
            Analysis o;
            try {
                // the copy's regions are the input's as long as its structure is, which is checked below
                o = analyzer.analyze(out, format, ctx.withOption(ScanContext.VERIFYING, "true"), in.secrets(), progress,
                        "verify ", digest, new Analyzer.CopyOf(in.dump(), input, changed));
            } catch (VerificationFailedException e) {
                throw e;
            } catch (InputRefusedException e) {
                throw new VerificationFailedException("the sanitized copy does not re-parse: " + e.getMessage());
            }
            StructureSummary a = in.dump().structure();
            List<String> diff = a.differences(o.dump().structure());
            if (!diff.isEmpty()) {
                throw new VerificationFailedException("the sanitized copy's structure differs from the input's: "
                        + String.join("; ", diff.subList(0, Math.min(5, diff.size()))));
            }
            if (!o.findings().isEmpty()) {
                Finding f = o.findings().get(0);
                throw new VerificationFailedException(String.format(
                        "the sanitized copy still holds %d finding(s); first: %s at offset 0x%x (%d bytes)",
                        o.findings().size(), f.detector(), f.offset(), f.length()));
            }
            String note;
            if (comparison == null) {
                note = "verified: the copy re-parsed with the input's structure, and every detector re-ran over "
                        + "all of it (--full-verify) and found nothing";
            } else {
                long compared = comparison.await();
                note = String.format("verified: the copy re-parsed with the input's structure%s; every detector "
                        + "re-ran, with the input's secrets, over the %,d bytes of the scanned pieces that meet one of "
                        + "the %,d blocks of %d KiB the redaction wrote in, and found nothing; every other piece holds "
                        + "the input's bytes, so the input's scan holds for it: outside those blocks %,d bytes were "
                        + "compared equal to the input's, and the copy's holes (%,d bytes, left where the input was "
                        + "all zero) read as zeros", format.comparesCopies()
                                ? " (every structural byte in the blocks the redaction wrote in is the input's)" : "",
                        o.rescanned(), changed.markedBlocks(), ChangedBlocks.BLOCK >> 10, compared, holes.bytes());
            }
            done = true;
            return note;
        } finally {
            if (comparison != null && !done) {
                comparison.cancel();
            }
        }
    }

    /** The wrapped output must unwrap to exactly the verified bytes. */
    private static void checkRewrap(Path wrapped, String verifiedSha256, Path workDir, RunOptions o)
            throws IOException, InputRefusedException {
        try (Containers.Unwrapped back = Containers.unwrap(wrapped, workDir, o.limits())) {
            if (!Digests.sha256(back.content()).equals(verifiedSha256)) {
                throw new VerificationFailedException("the re-compressed output does not decompress to the verified copy");
            }
        }
    }

    static String internalError(RuntimeException e) {
        StackTraceElement at = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
        return "internal error (" + e.getClass().getSimpleName() + (at == null ? "" : " at " + at) + "): "
                + e.getMessage() + " — refusing rather than guessing";
    }

    private static void fsync(Path p) {
        try (java.nio.channels.FileChannel c = java.nio.channels.FileChannel.open(p,
                Files.isDirectory(p) ? java.nio.file.StandardOpenOption.READ : java.nio.file.StandardOpenOption.WRITE)) {
            c.force(true);
        } catch (IOException ignored) {
            // some filesystems cannot fsync a directory; the rename is still atomic
        }
    }
}
