package io.dumpguard.cli;

import io.dumpguard.core.SecretValue;
import io.dumpguard.engine.Engine;
import io.dumpguard.engine.Report;
import io.dumpguard.engine.ResidueSearch;
import io.dumpguard.engine.RunOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

@Command(name = "demo", description = {
        "A two-minute tour: starts a small token-signing service in its own JVM (RSA, EC and Ed25519 keys that have "
                + "signed, AES-GCM, HMAC, a keystore password, a PEM key in a String), captures its heap dump, scans it, "
                + "sanitizes it, and proves by plain byte search that none of the secret values is left in any layout.",
        "Exit 0 when that end-to-end check holds."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--keep", paramLabel = "DIR", description = "Keep the dumps in DIR instead of a deleted temp folder.")
    Path keep;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = keep != null ? Files.createDirectories(keep) : Files.createTempDirectory("dumpguard-demo-");
        try {
            out.println("1. Starting a token-signing service JVM that holds real keys, and capturing its heap dump ...");
            runService(dir);
            Path dump = dir.resolve("signing-service.hprof");
            List<SecretValue> secrets = ResidueSearch.readSecretsFile(dir.resolve("secrets.txt"));
            Files.delete(dir.resolve("secrets.txt"));
            out.printf("   %s (%s); the service held %d secret values%n%n", dump, Units.bytes(Files.size(dump)), secrets.size());

            Engine engine = Engine.loadPlugins();
            out.println("2. dumpguard scan " + dump.getFileName());
            Report scan = engine.scan(dump, RunOptions.defaults());
            ReportPrinter.print(out, scan, false);
            List<String> before = ResidueSearch.remaining(dump, secrets);

            Path clean = dir.resolve("signing-service.sanitized.hprof");
            out.printf("%n3. dumpguard sanitize %s -o %s%n", dump.getFileName(), clean.getFileName());
            Report san = engine.sanitize(dump, clean, RunOptions.defaults());
            ReportPrinter.print(out, san, false);
            if (san.refused()) {
                out.println("demo: FAILED — the sanitizer refused the dump");
                return 1;
            }

            out.printf("%n4. Independent check: plain byte search of both files for every secret value in big-endian, "
                    + "little-endian and word-swapped layouts (text: Latin-1, UTF-16LE/BE)%n");
            List<String> after = ResidueSearch.remaining(clean, secrets);
            out.printf("   original dump:  %d secret layouts present (e.g. %s)%n", before.size(),
                    before.isEmpty() ? "-" : before.get(0));
            out.printf("   sanitized dump: %d present%s%n", after.size(), after.isEmpty() ? "" : " " + after);
            out.printf("   same size: %s (%d bytes), %s changed%n", Files.size(dump) == Files.size(clean),
                    Files.size(clean), Units.bytes(san.bytesChanged()));
            boolean ok = after.isEmpty() && !before.isEmpty() && Files.size(dump) == Files.size(clean)
                    && Engine.loadPlugins().verify(clean, RunOptions.defaults()).findings().isEmpty();
            out.println(ok ? "demo: OK — every secret was found and none is left; the dump keeps its layout"
                    : "demo: FAILED");
            return ok ? Main.OK : Main.FINDINGS;
        } finally {
            if (keep == null) {
                io.dumpguard.core.io.FileTrees.deleteQuietly(dir);
            }
        }
    }

    private static void runService(Path dir) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx96m", "-cp", System.getProperty("java.class.path"),
                "io.dumpguard.cli.demo.SigningService", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("service.log").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("the demo signing service failed; see " + dir.resolve("service.log"));
        }
    }
}
