package io.dumpguard.cli;

import io.dumpguard.core.Limits;
import io.dumpguard.core.spi.RegisteredKey;
import io.dumpguard.engine.RunOptions;
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
            o = o.withDetectorOption("cred.rules", String.join(File.pathSeparator,
                    rules.stream().map(p -> p.toAbsolutePath().toString()).toList()));
        }
        if (!quiet && totalBytes > ProgressPrinter.THRESHOLD) {
            o = o.withProgress(new ProgressPrinter(err));
        }
        return o;
    }
}
