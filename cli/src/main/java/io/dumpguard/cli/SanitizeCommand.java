package io.dumpguard.cli;

import io.dumpguard.core.Policy;
import io.dumpguard.engine.Engine;
import io.dumpguard.engine.Report;
import io.dumpguard.engine.ReportJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "sanitize", sortOptions = false,
        description = {"Write a copy of IN with every secret removed, same size and layout, still readable by its "
                + "debugger. The copy is re-parsed, compared with IN and re-scanned before it is renamed to OUT; "
                + "IN is never modified. Re-scanned: every piece that meets a block the redaction wrote in, while "
                + "every other byte is compared equal to IN's, so IN's scan holds there (--full-verify re-scans "
                + "everything).",
                "Exit 0: OUT written and verified; 2: usage or I/O error; 3: refused (OUT not created)."})
final class SanitizeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "The dump to sanitize.")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "Where to write the sanitized dump.")
    Path output;

    @Option(names = "--report", paramLabel = "R.json", description = "Write the JSON report to R.json (also on refusal).")
    Path report;

    @Option(names = "--policy", paramLabel = "P", defaultValue = "targeted",
            description = "targeted (default): the findings and every copy of their values; strict: also every "
                    + "array a key object reaches and every high-entropy array of 16+ bytes; paranoid: every "
                    + "primitive array and field value (names kept).")
    String policy;

    @Option(names = {"-f", "--force"}, description = "Replace OUT if it exists.")
    boolean force;

    @Option(names = "--full-verify", description = "Re-run every detector over the whole sanitized copy, not only "
            + "where the redaction wrote (the same verdict, at about the cost of a second scan).")
    boolean fullVerify;

    @Option(names = "--json", description = "Print the JSON report instead of the table.")
    boolean json;

    @Mixin
    CommonOptions common;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(input)) {
            throw new IOException(input + ": no such file");
        }
        if (Files.exists(output) && !force) {
            throw new IOException(output + " exists (use --force to replace it)");
        }
        var o = common.toRunOptions(err, Files.size(input)).withPolicy(Policy.parse(policy))
                .withFullVerification(fullVerify);
        Report r = Engine.loadPlugins().sanitize(input, output, o);
        common.audit(r, err);
        if (report != null) {
            Files.writeString(report, ReportJson.toJson(r));
        }
        if (json) {
            out.println(ReportJson.toJson(r));
        } else if (!common.quiet) {
            ReportPrinter.print(out, r, false);
        }
        out.flush();
        return r.refused() ? Main.REFUSED : Main.OK;
    }
}
