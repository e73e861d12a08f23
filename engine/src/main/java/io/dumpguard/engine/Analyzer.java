package io.dumpguard.engine;

import io.dumpguard.core.Finding;
import io.dumpguard.core.SecretValue;
import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.error.LimitExceededException;
import io.dumpguard.core.io.MappedFile;
import io.dumpguard.core.spi.DetectorFactory;
import io.dumpguard.core.spi.DumpFormat;
import io.dumpguard.core.spi.FindingSink;
import io.dumpguard.core.spi.ParsedDump;
import io.dumpguard.core.spi.ScanContext;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One read of a dump: parse (the format validates everything), structural detection, one pass of every primary
 * byte detector together with propagation of the secrets already known, then one more propagation pass for
 * secrets that pass found. Used for the input and, with the input's secrets, again for the sanitized output.
 */
final class Analyzer {
    private final List<DumpFormat> formats;
    private final List<DetectorFactory> factories;

    private final int threads;

    Analyzer(List<DumpFormat> formats, List<DetectorFactory> factories, int threads) {
        this.formats = formats;
        this.factories = factories;
        this.threads = threads;
    }

    DumpFormat chooseFormat(MappedFile file, String forced) throws InputRefusedException {
        if (forced != null) {
            return formats.stream().filter(f -> f.id().equals(forced)).findFirst().orElseThrow(
                    () -> new IllegalArgumentException("unknown format '" + forced + "' (known: "
                            + String.join(", ", formats.stream().map(DumpFormat::id).toList()) + ")"));
        }
        byte[] head = file.bytes(0, (int) Math.min(64, file.size()), "file header");
        for (DumpFormat f : formats) {
            if (f.recognizes(head, file.size())) {
                return f;
            }
        }
        throw new InputRefusedException("no format recognises this file");
    }

    /**
     * What a verification knows of the sanitized copy it re-reads.
     *
     * @param input     the input's parse, whose regions are the copy's as long as its structure is, which the caller
     *                  then requires (the copy's parse keeps no region log of its own:
     *                  {@link ScanContext#REGIONS_ELSEWHERE})
     * @param inputFile the input the copy was made from
     * @param changed   the blocks the redaction wrote in: only the pieces that meet them are re-scanned and, where the
     *                  format compares copies ({@link DumpFormat#parseCopy}), only there are the copy's structural
     *                  bytes compared with the input's; the caller compares every other byte with the input. Null to
     *                  re-scan everything and compare digests of the two structures (--full-verify)
     */
    record CopyOf(ParsedDump input, java.nio.file.Path inputFile, ChangedBlocks changed) {
        /** Whether the copy's structure is proven by comparison: the input's parse then digests none. */
        static boolean comparesStructure(DumpFormat format, boolean fullVerification) {
            return !fullVerification && format.comparesCopies();
        }
    }

    /**
     * @param phase  names the run in progress lines ("" for the input, "verify " for the sanitized copy)
     * @param digest the digest of {@code file} in progress, fed with the first pass's reads; or null
     * @param copyOf when verifying a sanitized copy, what is known of it; null for an input
     */
    Analysis analyze(MappedFile file, DumpFormat format, ScanContext ctx, Set<SecretValue> knownSecrets,
                     Progress progress, String phase, FileDigest digest, CopyOf copyOf)
            throws InputRefusedException, IOException {
        progress.update(phase + "parse", 0, file.size());
        ParsedDump dump = parse(file, format, ctx, copyOf);
        ParsedDump regions = copyOf == null ? dump : copyOf.input();
        ChangedBlocks rescanOnly = copyOf == null ? null : copyOf.changed();
        Collector collector = new Collector(ctx.limits().maxFindings());
        // slow structural detection (jhsdb reading a JVM core's heap) runs beside the first pass; what it proves is
        // then propagated by the second pass instead of the first
        StructuralBeside beside = dump.structuralFindingsConcurrently() ? StructuralBeside.start(dump, ctx) : null;
        if (beside == null) {
            dump.structuralFindings(ctx, collector);
        }

        Set<SecretValue> secrets = new LinkedHashSet<>(knownSecrets);
        collector.findings.forEach(f -> secrets.addAll(f.secrets()));
        checkSecrets(secrets, ctx);

        List<RegionScanner.Spec> pass1 = new ArrayList<>();
        for (DetectorFactory f : factories) {
            if (f.role() == DetectorFactory.Role.PRIMARY) {
                pass1.add(new RegionScanner.Spec(f, ctx));
            } else if (!secrets.isEmpty()) {
                pass1.add(new RegionScanner.Spec(f, ctx.withSecrets(secrets)));
            }
        }
        int overlap = ctx.limits().maxKeyStructureBytes();
        RegionScanner first;
        try {
            first = new RegionScanner(file, pass1, overlap, threads, progress, phase + "scan", digest)
                    .rescanOnly(rescanOnly);
            first.scan(regions, collector);
        } catch (InputRefusedException | RuntimeException | Error e) {
            if (beside != null) {
                beside.awaitQuietly(); // its external tool finishes before the refusal is reported
            }
            throw e;
        }
        if (beside != null) {
            // the raw pass is often done long before the external tool: say what the run waits for
            String what = phase + "structural detection (" + dump.format() + ")";
            progress.step(what, false);
            beside.join().forEach(collector::accept);
            progress.step(what, true);
        }

        Set<SecretValue> fresh = new LinkedHashSet<>();
        collector.findings.forEach(f -> fresh.addAll(f.secrets()));
        fresh.removeAll(secrets);
        if (!fresh.isEmpty()) {
            secrets.addAll(fresh);
            checkSecrets(secrets, ctx);
            List<RegionScanner.Spec> pass2 = new ArrayList<>();
            for (DetectorFactory f : factories) {
                if (f.role() == DetectorFactory.Role.PROPAGATION) {
                    pass2.add(new RegionScanner.Spec(f, ctx.withSecrets(fresh)));
                }
            }
            new RegionScanner(file, pass2, overlap, threads, progress, phase + "propagate", null)
                    .rescanOnly(rescanOnly).scan(regions, collector);
        }
        if (collector.overflow) {
            throw new LimitExceededException("findings", collector.findings.size() + 1L,
                    ctx.limits().maxFindings(), "a runaway detector or a dump full of keys");
        }
        List<Finding> all = tidy(collector.findings);
        List<Finding> leaks = all.stream().filter(f -> !f.isProtected()).toList();
        List<Finding> protectedKeys = all.stream().filter(Finding::isProtected).toList();
        return new Analysis(dump, leaks, secrets, first.proof(), protectedKeys, first.rescanned());
    }

    private static ParsedDump parse(MappedFile file, DumpFormat format, ScanContext ctx, CopyOf copyOf)
            throws InputRefusedException, IOException {
        if (copyOf == null) {
            return format.parse(file, ctx);
        }
        ScanContext c = ctx.withOption(ScanContext.REGIONS_ELSEWHERE, "true");
        if (!CopyOf.comparesStructure(format, copyOf.changed() == null)) {
            return format.parse(file, c);
        }
        try (MappedFile input = MappedFile.open(copyOf.inputFile())) {
            return format.parseCopy(file, c, input, copyOf.changed());
        }
    }

    private static void checkSecrets(Set<SecretValue> secrets, ScanContext ctx) throws LimitExceededException {
        if (secrets.size() > ctx.limits().maxSecretValues()) {
            throw new LimitExceededException("distinct secret values", secrets.size(),
                    ctx.limits().maxSecretValues(), null);
        }
    }

    private Set<String> propagationIds() {
        Set<String> ids = new HashSet<>();
        for (DetectorFactory f : factories) {
            if (f.role() == DetectorFactory.Role.PROPAGATION) {
                ids.addAll(f.findingIds());
            }
        }
        return ids;
    }

    /**
     * File order, exact duplicates removed, and propagated copies that lie inside another finding dropped from the
     * list (they are redacted with it anyway). "Inside" allows one byte either side: text found as UTF-16LE is also
     * a UTF-16BE copy one byte earlier, and that extra byte is the zero high byte of the neighbouring character.
     */
    private List<Finding> tidy(List<Finding> all) {
        Set<String> propagated = propagationIds();
        List<Finding> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingLong(Finding::offset).thenComparing(f -> -f.length())
                .thenComparing(f -> propagated.contains(f.detector())).thenComparing(Finding::detector));
        List<long[]> covered = new ArrayList<>();
        for (Finding f : sorted) {
            if (propagated.contains(f.detector())) {
                continue;
            }
            long[] last = covered.isEmpty() ? null : covered.get(covered.size() - 1);
            if (last != null && f.offset() <= last[1]) {
                last[1] = Math.max(last[1], f.end());
            } else {
                covered.add(new long[] {f.offset(), f.end()});
            }
        }
        List<Finding> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Finding f : sorted) {
            if (!seen.add(f.detector() + "@" + f.offset() + "+" + f.length())) {
                continue;
            }
            if (propagated.contains(f.detector()) && inside(covered, f.offset() + 1, f.end() - 1)) {
                continue;
            }
            out.add(f);
        }
        return out;
    }

    /** Whether {@code [from, to)} lies within one of the disjoint, sorted intervals. */
    private static boolean inside(List<long[]> intervals, long from, long to) {
        int lo = 0;
        int hi = intervals.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long[] iv = intervals.get(mid);
            if (iv[0] > from) {
                hi = mid - 1;
            } else if (iv[1] < to) {
                lo = mid + 1;
                if (from < iv[1]) {
                    return false;
                }
            } else {
                return true;
            }
        }
        return false;
    }

    /** Structural detection on its own thread, for {@link ParsedDump#structuralFindingsConcurrently()}. */
    private static final class StructuralBeside {
        private final List<Finding> found = new ArrayList<>();
        private Thread thread;
        private Throwable failure;

        static StructuralBeside start(ParsedDump dump, ScanContext ctx) {
            StructuralBeside b = new StructuralBeside();
            b.thread = Thread.ofPlatform().name("dumpguard-structural").daemon().start(() -> {
                try {
                    dump.structuralFindings(ctx, f -> {
                        synchronized (b.found) {
                            b.found.add(f);
                        }
                    });
                } catch (Throwable e) {
                    b.failure = e;
                }
            });
            return b;
        }

        void awaitQuietly() {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Waits for it; rethrows what it threw (a refusal stays a refusal). */
        List<Finding> join() throws InputRefusedException {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for structural detection", e);
            }
            if (failure instanceof InputRefusedException e) {
                throw e;
            }
            RegionScanner.rethrow(failure);
            synchronized (found) {
                return List.copyOf(found);
            }
        }
    }

    /** Keeps findings, bounded by the findings limit. */
    private static final class Collector implements FindingSink {
        // called from scanning threads through RegionScanner's synchronized sink
        final List<Finding> findings = new ArrayList<>();
        final int max;
        boolean overflow;

        Collector(int max) {
            this.max = max;
        }

        @Override
        public void accept(Finding f) {
            if (findings.size() >= max) {
                overflow = true;
                return;
            }
            findings.add(f);
        }
    }
}
