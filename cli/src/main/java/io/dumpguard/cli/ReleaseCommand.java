package io.dumpguard.cli;

import io.dumpguard.core.Policy;
import io.dumpguard.gate.ReleaseOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "release", sortOptions = false, description = {
        "Sanitize and verify IN, then publish the sanitized dump and its signed attestation (an in-toto Statement "
                + "in a DSSE envelope, NAME.intoto.jsonl) into DIR. Nothing partial ever appears in DIR; a refused "
                + "input goes to quarantine with its report; every release and refusal is appended to the audit log.",
        "Exit 0: released; 2: usage or I/O error; 3: refused."})
final class ReleaseCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN")
    Path input;

    @Option(names = "--to", required = true, paramLabel = "DIR", description = "The release folder.")
    Path to;

    @Option(names = "--known-keys", paramLabel = "F", description = "Registered public keys to prove absent. Repeatable.")
    List<Path> knownKeys = new ArrayList<>();

    @Option(names = "--policy", paramLabel = "P", defaultValue = "targeted", description = "targeted, strict or paranoid.")
    String policy;

    @Option(names = "--name", paramLabel = "NAME", description = "File name in DIR (default: IN's name).")
    String name;

    @Option(names = "--format", paramLabel = "ID", description = "Force a format (hprof, elf-core, minidump, raw).")
    String format;

    @Option(names = "--full-verify", description = "Verify by re-running every detector over the whole sanitized copy, "
            + "not only where the redaction wrote (the same verdict; the attestation records which).")
    boolean fullVerify;

    @Mixin
    GateOptions gate;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ReleaseOptions o = ReleaseOptions.defaults().withPolicy(Policy.parse(policy))
                .withRegisteredKeys(KnownKeysFiles.load(knownKeys)).withFormat(format).withFullVerify(fullVerify);
        if (name != null) {
            o = o.withOutputName(name);
        }
        ReleaseOptions opts = o;
        var cmds = gate.commands();
        return GateOptions.bridged(spec.commandLine().getOut(), spec.commandLine().getErr(),
                (out, err) -> cmds.release(input, to, opts, out, err));
    }
}
