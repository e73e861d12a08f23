package io.dumpguard.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "gate-key", description = "Print the gate's public key (PEM), created on first use; hand it to the "
        + "receiving side for 'accept --trust'.")
final class GateKeyCommand implements Callable<Integer> {
    @Mixin
    GateOptions gate;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var cmds = gate.commands();
        return GateOptions.bridged(spec.commandLine().getOut(), spec.commandLine().getErr(), cmds::publicKey);
    }
}
