package io.dumpguard.engine;

import io.dumpguard.core.Finding;
import io.dumpguard.core.Policy;
import io.dumpguard.core.Verdict;
import io.dumpguard.core.spi.StructureSummary;

import java.util.List;

/**
 * The outcome of one run: what was read, what was found, what was written. Never holds secret bytes (findings'
 * {@link Finding#secrets()} are in memory only and never serialised).
 *
 * @param command           "scan", "sanitize" or "verify"
 * @param verdict           clean, findings (scan/verify with findings), redacted (sanitize done) or refused
 * @param input             the input path as given
 * @param output            the output path (sanitize), else null
 * @param container         "gzip", "zstd", "zip", "tar" (outermost first, '+'-joined) or null
 * @param format            the dump format id, or null when refused before it was known
 * @param formatDescription one line about the dump
 * @param inputSha256       SHA-256 of the input file as given (compressed if it was)
 * @param outputSha256      SHA-256 of the output file as written, or null
 * @param inputBytes        size of the dump content (after unwrapping)
 * @param bytesChanged      bytes whose value the redaction changed
 * @param bytesOverwritten  bytes inside the redaction ranges
 * @param policy            the policy in force
 * @param findings          findings in file order (offsets in the unwrapped dump content)
 * @param notes             things a reader should know
 * @param refusal           why the input was refused, or null
 * @param proof             what the registered-key detectors proved
 * @param structure         the dump's structure summary, or null
 * @param verification      how a written output was verified: {@link #VERIFIED_WHERE_CHANGED} or
 *                          {@link #VERIFIED_IN_FULL}; null when nothing was written
 * @param millis            wall time of the run
 */
public record Report(String command, Verdict verdict, String input, String output, String container, String format,
                     String formatDescription, String inputSha256, String outputSha256, long inputBytes,
                     long bytesChanged, long bytesOverwritten, Policy policy, List<Finding> findings,
                     List<String> notes, String refusal, List<String> proof, StructureSummary structure,
                     String verification, long millis) {
    /**
     * Re-parsed in full; every detector re-run where the redaction wrote; every other byte compared with the input.
     */
    public static final String VERIFIED_WHERE_CHANGED = "reparsed+rescanned-where-changed+compared";
    /** Re-parsed in full; every detector re-run over the whole output ({@code --full-verify}). */
    public static final String VERIFIED_IN_FULL = "reparsed+rescanned-in-full";

    public Report {
        findings = List.copyOf(findings);
        notes = List.copyOf(notes);
        proof = List.copyOf(proof);
    }

    public boolean refused() {
        return verdict == Verdict.REFUSED;
    }
}
