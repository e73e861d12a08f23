package io.dumpguard.cli;

import io.dumpguard.core.Policy;
import io.dumpguard.gate.AcceptOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "accept", sortOptions = false, description = {
        "The receiving side: accept FILE only if its attestation is signed by the trusted gate key, names FILE's "
                + "SHA-256, says clean or redacted under an acceptable policy, and (with --rescan) a fresh scan finds "
                + "nothing.",
        "Exit 0: accepted; 2: usage or I/O error; 3: refused, with the reason."})
final class AcceptCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Option(names = "--attestation", required = true, paramLabel = "A", description = "The DSSE envelope (.intoto.jsonl).")
    Path attestation;

    @Option(names = "--trust", required = true, paramLabel = "GATE_PUBKEY", description = "The gate's public key (PEM; 'dumpguard gate-key' prints it).")
    Path trust;

    @Option(names = "--rescan", description = "Also scan FILE again here; any finding refuses it.")
    boolean rescan;

    @Option(names = "--min-policy", paramLabel = "P", description = "Refuse releases made under a weaker policy.")
    String minPolicy;

    @Option(names = "--known-keys", paramLabel = "F", description = "Registered public keys for the rescan. Repeatable.")
    List<Path> knownKeys = new ArrayList<>();

    @Mixin
    GateOptions gate;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        AcceptOptions o = new AcceptOptions(rescan).withRegisteredKeys(KnownKeysFiles.load(knownKeys));
        if (minPolicy != null) {
            o = o.withMinimumPolicy(Policy.parse(minPolicy));
        }
        AcceptOptions opts = o;
        var cmds = gate.commands();
        return GateOptions.bridged(spec.commandLine().getOut(), spec.commandLine().getErr(),
                (out, err) -> cmds.accept(file, attestation, trust, opts, out, err));
    }
}
