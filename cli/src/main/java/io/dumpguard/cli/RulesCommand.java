package io.dumpguard.cli;

import io.dumpguard.detect.credentials.RulesCheck;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "rules", description = "The credential rule pack: lint it (and your own rule files).",
        subcommands = RulesCommand.CheckCmd.class)
final class RulesCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say 'check'");
    }

    @Command(name = "check", description = {"Lint the built-in rule pack and any --rules files: unique well-formed "
            + "ids, every pattern compiles and captures the secret, every example matches, no negative example does.",
            "Exit 0 when all hold, 1 otherwise."})
    static final class CheckCmd implements Callable<Integer> {
        @Option(names = "--rules", paramLabel = "FILE", description = "An extra rule file to check with the pack. Repeatable.")
        List<Path> rules = new ArrayList<>();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            RulesCheck.Report r = RulesCheck.run(rules);
            r.problems().forEach(p -> out.println("FAIL " + p));
            out.println(r.summary());
            return r.ok() ? Main.OK : Main.FINDINGS;
        }
    }
}
