package io.dumpguard.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "verify", sortOptions = false,
        description = {"Check that a (sanitized) dump holds no secret material, and state the proof that was run "
                + "for every --known-keys key.",
                "Exit 0: nothing found; 1: found; 3: refused (not fully understood)."})
final class VerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The dump to verify.")
    Path file;

    @Mixin
    CommonOptions common;

    @Option(names = "--json", description = "Print the JSON report instead of the table.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return ScanCommand.Inspection.run(spec, "verify", List.of(file), common, json, null, true, List.of());
    }
}
