package io.dumpguard.cli;

import io.dumpguard.gate.AuditLog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "audit", description = "The tamper-evident audit log: verify its hash chain and signed checkpoints, "
        + "or export it for a SIEM.", subcommands = {AuditCommand.VerifyCmd.class, AuditCommand.ExportCmd.class})
final class AuditCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say 'verify' or 'export'");
    }

    @Command(name = "verify", description = {"Check every entry's link to the one before and every signed "
            + "checkpoint; name the first entry that was modified, removed, reordered or inserted.",
            "Exit 0: intact; 1: tampered; 2: error."})
    static final class VerifyCmd implements Callable<Integer> {
        @Option(names = "--trust", paramLabel = "PEM", description = "Gate public key for the checkpoints (default: this gate's key).")
        Path trust;

        @Mixin
        GateOptions gate;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            var cmds = gate.commands();
            return GateOptions.bridged(spec.commandLine().getOut(), spec.commandLine().getErr(),
                    (out, err) -> cmds.auditVerify(trust, out, err));
        }
    }

    @Command(name = "export", description = "Print the log as JSON lines or RFC 5424 syslog lines.")
    static final class ExportCmd implements Callable<Integer> {
        @Option(names = "--format", paramLabel = "F", defaultValue = "jsonl", description = "jsonl (default) or syslog.")
        String format;

        @Mixin
        GateOptions gate;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            AuditLog.ExportFormat f = AuditLog.ExportFormat.valueOf(format.toUpperCase(Locale.ROOT));
            var cmds = gate.commands();
            return GateOptions.bridged(spec.commandLine().getOut(), spec.commandLine().getErr(),
                    (out, err) -> cmds.auditExport(f, out, err));
        }
    }
}
