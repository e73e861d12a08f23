package io.dumpguard.cli;

import io.dumpguard.engine.Engine;
import io.dumpguard.engine.Report;
import io.dumpguard.engine.ReportJson;
import io.dumpguard.engine.Sarif;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "scan", sortOptions = false,
        description = {"Find secret material in dumps and report it. Writes nothing but the reports you ask for.",
                "Exit 0: nothing found; 1: findings; 2: usage or I/O error; 3: an input was refused (not fully "
                        + "understood — never reported clean)."})
final class ScanCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Dumps to scan.")
    List<Path> files;

    @Mixin
    CommonOptions common;

    @Option(names = "--json", description = "Print the JSON report (an array when several files) instead of the table.")
    boolean json;

    @Option(names = "--sarif", paramLabel = "F", description = "Also write a SARIF 2.1.0 log to F.")
    Path sarif;

    @Option(names = "--only", split = ",", paramLabel = "ID",
            description = "Run only these detector families (see 'detectors list'); add 'propagated' to also find "
                    + "every further copy of what they find. For focused scans and benchmarks: sanitize and verify "
                    + "always run every detector.")
    List<String> only = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return Inspection.run(spec, "scan", files, common, json, sarif, false, only);
    }

    /** scan and verify share everything but the proof lines. */
    static final class Inspection {
        private Inspection() {
        }

        static int run(CommandLine.Model.CommandSpec spec, String command, List<Path> files, CommonOptions common,
                       boolean json, Path sarif, boolean proof, List<String> only) throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Engine engine = Engine.loadPlugins();
            if (!only.isEmpty()) {
                java.util.Set<String> known = new java.util.TreeSet<>();
                engine.detectors().forEach(d -> known.add(d.id()));
                for (String id : only) {
                    if (!known.contains(id)) {
                        throw new IllegalArgumentException("--only " + id + ": no such detector family (known: "
                                + String.join(", ", known) + ")");
                    }
                }
                engine = new Engine(engine.formats(), engine.detectors().stream()
                        .filter(d -> only.contains(d.id())).toList());
            }
            List<Report> reports = new ArrayList<>();
            int code = Main.OK;
            for (Path f : files) {
                if (!Files.isRegularFile(f)) {
                    throw new java.io.IOException(f + ": no such file");
                }
                var o = common.toRunOptions(err, Files.size(f));
                Report r = command.equals("verify") ? engine.verify(f, o) : engine.scan(f, o);
                reports.add(r);
                common.audit(r, err);
                if (!json && !common.quiet) {
                    ReportPrinter.print(out, r, proof);
                }
                code = Math.max(code, switch (r.verdict()) {
                    case CLEAN -> Main.OK;
                    case FINDINGS, REDACTED -> Main.FINDINGS;
                    case REFUSED -> Main.REFUSED;
                });
            }
            if (json) {
                out.println(reports.size() == 1 ? ReportJson.toJson(reports.get(0)) : ReportJson.toJson(reports));
            }
            if (sarif != null) {
                Files.writeString(sarif, Sarif.toSarif(reports, engine.detectors()));
            }
            out.flush();
            return code;
        }
    }
}
