package io.dumpguard.cli;

import io.dumpguard.gate.AuditSettings;
import io.dumpguard.gate.Gate;
import io.dumpguard.gate.GateCommands;
import io.dumpguard.gate.GateConfig;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.BiFunction;

/** Where the gate keeps its key, quarantine and audit log, shared by the gate commands. */
final class GateOptions {
    @Option(names = "--config", paramLabel = "DIR",
            description = "Gate folder: key, quarantine, audit log (default: $XDG_CONFIG_HOME or ~/.config, + /dumpguard/gate).")
    Path config;

    @Option(names = "--quarantine", paramLabel = "DIR", description = "Where refused inputs go, with their report.")
    Path quarantine;

    @Option(names = "--audit-dir", paramLabel = "DIR", description = "Where the audit log lives.")
    Path auditDir;

    @Option(names = "--pkcs11-config", paramLabel = "F",
            description = "Sign with a key in a PKCS#11 token (SunPKCS11 configuration file) instead of the key file.")
    Path pkcs11Config;

    @Option(names = "--pkcs11-alias", paramLabel = "A", description = "The key's alias in the token (default: its only key).")
    String pkcs11Alias;

    @Option(names = "--pkcs11-pin-env", paramLabel = "VAR", description = "Environment variable holding the token PIN "
            + "(default: DUMPGUARD_PKCS11_PIN).")
    String pkcs11PinEnv;

    @Option(names = "--checkpoint-every", paramLabel = "N", description = "Signed audit checkpoint every N entries (default: ${DEFAULT-VALUE}).")
    int checkpointEvery = AuditSettings.DEFAULT.checkpointEvery();

    @Option(names = "--keep-files", paramLabel = "N", description = "Audit retention: keep N rotated files (0 = all; removal is itself logged).")
    int keepFiles;

    @Option(names = "--keep-days", paramLabel = "N", description = "Audit retention: keep files newer than N days (0 = all).")
    int keepDays;

    GateConfig toConfig() {
        GateConfig c = config == null ? GateConfig.defaults() : GateConfig.in(config);
        if (quarantine != null) {
            c = c.withQuarantineDir(quarantine);
        }
        if (auditDir != null) {
            c = c.withAuditDir(auditDir);
        }
        if (pkcs11Config != null) {
            c = c.withKeySource(new GateConfig.KeySource.Pkcs11(pkcs11Config, pkcs11Alias, pkcs11PinEnv));
        }
        return c.withAudit(AuditSettings.DEFAULT.withCheckpointEvery(checkpointEvery).withRetention(keepFiles, keepDays));
    }

    GateCommands commands() {
        return new GateCommands(new Gate(toConfig()));
    }

    /** Runs a gate call that writes to PrintStreams, passing its output on to the command's writers. */
    static int bridged(PrintWriter out, PrintWriter err, BiFunction<PrintStream, PrintStream, Integer> call) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code;
        try (PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8);
             PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
            code = call.apply(po, pe);
        }
        out.print(o.toString(StandardCharsets.UTF_8));
        err.print(e.toString(StandardCharsets.UTF_8));
        out.flush();
        err.flush();
        return code;
    }
}
