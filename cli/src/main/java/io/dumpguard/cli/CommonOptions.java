package io.dumpguard.cli;

import io.dumpguard.core.Limits;
import io.dumpguard.core.Verdict;
import io.dumpguard.core.spi.RegisteredKey;
import io.dumpguard.engine.Report;
import io.dumpguard.engine.RunOptions;
import io.dumpguard.gate.AuditEvent;
import io.dumpguard.gate.Gate;
import io.dumpguard.gate.GateCommands;
import io.dumpguard.gate.GateConfig;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Options every command that reads dumps shares. */
final class CommonOptions {
    @Option(names = "--known-keys", paramLabel = "F",
            description = "Public halves of your own keys (PEM PUBLIC KEY blocks, X.509 certificates, or a JWKS "
                    + "JSON file). Their private parts are proven present or absent by arithmetic. Repeatable.")
    List<Path> knownKeys = new ArrayList<>();

    @Option(names = "--rules", paramLabel = "FILE",
            description = "An extra credential rule file (YAML, same schema as the built-in pack). Repeatable.")
    List<Path> rules = new ArrayList<>();

    @Option(names = "--format", paramLabel = "ID",
            description = "Force a format instead of detecting it by magic: hprof, elf-core, minidump, raw.")
    String format;

    @Option(names = "--max-decompressed", paramLabel = "BYTES",
            description = "Largest size a compressed input may expand to (default: ${DEFAULT-VALUE}).")
    long maxDecompressed = Limits.DEFAULT.maxDecompressedBytes();

    @Option(names = "--max-ratio", paramLabel = "N",
            description = "Largest expansion ratio of a compressed input (default: ${DEFAULT-VALUE}).")
    int maxRatio = Limits.DEFAULT.maxExpansionRatio();

    @Option(names = {"-q", "--quiet"}, description = "No progress and no table; the exit code says it all.")
    boolean quiet;

    @Option(names = "--audit", negatable = true, description = "Append this run (digests, verdict, detector counts; "
            + "never secrets) to the gate's hash-chained audit log. Default: on when the gate folder exists (this "
            + "host is a gate), off otherwise.")
    Boolean audit;

    @Option(names = "--gate-config", paramLabel = "DIR", description = "Gate folder for --audit (default: "
            + "$XDG_CONFIG_HOME or ~/.config, + /dumpguard/gate).")
    Path gateConfig;

    /** Records a finished run in the audit log: when --audit was given, or by default on a gate host. */
    void audit(Report r, PrintWriter err) {
        GateConfig cfg = gateConfig == null ? GateConfig.defaults() : GateConfig.in(gateConfig);
        if (!(audit != null ? audit : Files.isDirectory(cfg.configDir()))) {
            return;
        }
        AuditEvent event = AuditEvent.of(r.verdict() == Verdict.REFUSED ? r.command() + "-refused" : r.command())
                .withInput(Path.of(r.input()).getFileName().toString(), r.inputSha256())
                .withVerdict(r.verdict().id())
                .withDetectors(AuditEvent.detectorCounts(r.findings()));
        if (r.output() != null) {
            event = event.withOutput(Path.of(r.output()).getFileName().toString(), r.outputSha256());
        }
        if (r.refusal() != null) {
            event = event.withReason(r.refusal());
        }
        AuditEvent e = event;
        GateOptions.bridged(new PrintWriter(java.io.Writer.nullWriter()), err,
                (o, er) -> new GateCommands(new Gate(cfg)).record(e, er) ? 0 : 2);
    }

    RunOptions toRunOptions(PrintWriter err, long totalBytes) throws IOException {
        List<RegisteredKey> keys = KnownKeysFiles.load(knownKeys);
        RunOptions o = RunOptions.defaults()
                .withRegisteredKeys(keys)
                .withFormat(format)
                .withLimits(Limits.DEFAULT.withMaxDecompressedBytes(maxDecompressed).withMaxExpansionRatio(maxRatio));
        if (!rules.isEmpty()) {
            for (Path r : rules) {
                if (!Files.isRegularFile(r)) {
                    throw new IOException("--rules " + r + ": no such file");
                }
            }
            try {
                // load once here so that a bad rule file is a usage error before any work starts
                io.dumpguard.detect.credentials.CredentialRules.load(rules);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("--rules: " + e.getMessage(), e);
            }
            o = o.withDetectorOption("cred.rules", String.join(File.pathSeparator,
                    rules.stream().map(p -> p.toAbsolutePath().toString()).toList()));
        }
        if (!quiet && totalBytes > ProgressPrinter.THRESHOLD) {
            o = o.withProgress(new ProgressPrinter(err));
        }
        return o;
    }
}
