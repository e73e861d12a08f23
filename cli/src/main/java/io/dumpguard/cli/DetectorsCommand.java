package io.dumpguard.cli;

import io.dumpguard.core.spi.DetectorFactory;
import io.dumpguard.core.spi.DumpFormat;
import io.dumpguard.engine.DetectorsCheck;
import io.dumpguard.engine.Engine;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

@Command(name = "detectors", description = "List the detectors and formats, or check every detector against its "
        + "own examples and negative examples.", subcommands = {DetectorsCommand.ListCmd.class, DetectorsCommand.CheckCmd.class})
final class DetectorsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say 'list' or 'check'");
    }

    @Command(name = "list", description = "Every detector with its finding ids, and every format.")
    static final class ListCmd implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            Engine e = Engine.loadPlugins();
            out.println("Detectors:");
            for (DetectorFactory d : e.detectors()) {
                out.printf("  %-22s %-11s %s%n", d.id(), d.role().name().toLowerCase(java.util.Locale.ROOT), d.description());
                if (d.findingIds().size() > 1 || !d.findingIds().get(0).equals(d.id())) {
                    out.printf("  %-22s %-11s ids: %s%n", "", "", String.join(", ", d.findingIds()));
                }
            }
            out.println("Formats (checked in this order, by magic bytes):");
            for (DumpFormat f : e.formats()) {
                out.printf("  %s%n", f.id());
            }
        }
    }

    @Command(name = "check", description = "Run every detector's examples (must match) and negative examples "
            + "(must not). Exit 0 when all hold, 1 otherwise.")
    static final class CheckCmd implements java.util.concurrent.Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            DetectorsCheck.Result r = DetectorsCheck.run(Engine.loadPlugins().detectors());
            r.problems().forEach(p -> out.println("FAIL " + p));
            out.printf("%d detectors, %d examples: %s%n", r.detectors(), r.examples(), r.ok() ? "all hold" : r.problems().size() + " problem(s)");
            return r.ok() ? Main.OK : Main.FINDINGS;
        }
    }
}
