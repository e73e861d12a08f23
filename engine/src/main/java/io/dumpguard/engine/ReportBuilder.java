package io.dumpguard.engine;

import io.dumpguard.core.Finding;
import io.dumpguard.core.Policy;
import io.dumpguard.core.Verdict;
import io.dumpguard.core.spi.StructureSummary;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Gathers a report's parts as a run goes; a refusal at any point keeps what was learned before it. */
final class ReportBuilder {
    final String command;
    final String input;
    final Policy policy;
    String output;
    String container;
    String format;
    String formatDescription;
    String inputSha256;
    /** How the output was verified ({@link Report#verification}); set when verification passed. */
    String verification;
    String outputSha256;
    long inputBytes;
    long bytesChanged;
    long bytesOverwritten;
    Verdict verdict;
    String refusal;
    List<Finding> findings = List.of();
    final List<String> notes = new ArrayList<>();
    List<String> proof = List.of();
    StructureSummary structure;

    ReportBuilder(String command, Path input, Policy policy) {
        this.command = command;
        this.input = input.toString();
        this.policy = policy;
    }

    void analysis(Analysis a) {
        formatDescription = a.dump().description();
        structure = a.dump().structure();
        findings = a.findings();
        notes.addAll(a.dump().notes());
        for (Finding f : a.protectedKeys()) {
            notes.add(String.format("protected key left in place: %s at offset 0x%x (%d bytes), encrypted at rest — "
                    + "not a leak unless its passphrase is in the dump too", f.detector(), f.offset(), f.length()));
        }
        proof = a.proof();
    }

    void refuse(String reason) {
        verdict = Verdict.REFUSED;
        refusal = reason;
        outputSha256 = null;
        bytesChanged = 0;
        bytesOverwritten = 0;
    }

    Report build(long startNanos) {
        return new Report(command, verdict, input, verdict == Verdict.REFUSED ? null : output, container, format,
                formatDescription, inputSha256, outputSha256, inputBytes, bytesChanged, bytesOverwritten, policy,
                findings, notes, refusal, proof, structure, verdict == Verdict.REFUSED ? null : verification,
                (System.nanoTime() - startNanos) / 1_000_000);
    }
}
