package io.dumpguard.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;

/**
 * The dumpguard command line. Exit codes (DESIGN.md section 3): 0 nothing found / output written and verified,
 * 1 findings, 2 usage or I/O error, 3 input refused (nothing written).
 */
// scope INHERIT: every command, and each command's own commands, take -h/--help and -V/--version too
@Command(name = "dumpguard", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        versionProvider = Main.VersionProvider.class,
        description = {
                "Finds private keys, AES key schedules, credentials and tokens in crash dumps (Java heap dumps, "
                        + "ELF core files, minidumps, raw memory, logs; gzip/zstd/bzip2/zip/tar around them), proves "
                        + "them by arithmetic, removes exactly those bytes while the dump stays debuggable, and "
                        + "refuses whatever it cannot fully parse or verify.",
                ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:nothing found, or the sanitized output was written and verified",
                "1:secret material found (scan, verify)",
                "2:usage or I/O error",
                "3:input refused: not fully parsed or not verifiable; nothing written"},
        footer = {"", "Run 'dumpguard demo' for a two-minute tour, 'dumpguard help COMMAND' for details."})
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int FINDINGS = 1;
    public static final int USAGE = 2;
    public static final int REFUSED = 3;

    /**
     * The commands, in the order help lists them. Added to the command line by {@link #run}: only the one invoked
     * when the first argument names it, all of them otherwise (help, usage errors, suggestions). picocli builds
     * the model of every command it is given, which took 0.1 s of each run's start-up for ten commands.
     */
    static final List<Class<?>> COMMANDS = List.of(ScanCommand.class, SanitizeCommand.class, VerifyCommand.class,
            DemoCommand.class, ReleaseCommand.class, AcceptCommand.class, AuditCommand.class, GateKeyCommand.class,
            DetectorsCommand.class, RulesCommand.class, CommandLine.HelpCommand.class, TrainCommand.class);

    /** The commands that run detectors, for which start-up builds the detectors' shared state early. */
    private static final java.util.Set<String> SCANNING = java.util.Set.of("scan", "sanitize", "verify", "release",
            "accept", "demo", "detectors", "train");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    public static void main(String[] args) {
        io.dumpguard.core.digest.Sha256.preload(); // linking libcrypto overlaps with parsing the command line
        if (args.length > 0 && SCANNING.contains(args[0])) {
            io.dumpguard.engine.Engine.prepareInBackground(); // and so do loading Hyperscan and the rule pack
        }
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs with the caller's streams, so tests can capture the output. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        Class<?> invoked = args.length == 0 ? null : COMMANDS.stream()
                .filter(c -> c != CommandLine.HelpCommand.class
                        && c.getAnnotation(Command.class).name().equals(args[0]))
                .findFirst().orElse(null);
        for (Class<?> c : COMMANDS) {
            if (invoked == null || c == invoked) {
                cl.addSubcommand(c);
            }
        }
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(ex -> ex instanceof java.io.IOException ? USAGE : USAGE);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("dumpguard: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Try 'dumpguard " + (ex.getCommandLine() == cl ? "" : ex.getCommandLine().getCommandName() + " ")
                    + "--help'.");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException
                    || ex instanceof IllegalArgumentException) {
                err.println("dumpguard: " + ex.getMessage());
                return USAGE;
            }
            err.println("dumpguard: internal error: " + ex);
            return USAGE;
        });
        return cl.execute(args);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"dumpguard " + io.dumpguard.engine.Version.get(),
                    "JVM " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
