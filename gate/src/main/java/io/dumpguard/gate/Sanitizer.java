package io.dumpguard.gate;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What the gate needs from the engine: sanitize a dump into a given file, and verify a file. Kept as an interface so
 * the gate's own tests can run with a small fake and so the gate never depends on the engine's internals.
 * Implementations never modify {@code in} and never put secret bytes into the outcome.
 */
public interface Sanitizer {
    /**
     * Sanitizes {@code in} into {@code out}, which does not exist yet; its folder (a private staging folder of the
     * gate) does, and the implementation may keep its own temporaries there. On refusal {@code out} is not created.
     */
    SanitizeOutcome sanitize(Path in, Path out, SanitizeRequest request) throws IOException;

    /** Re-scans {@code in}; a clean verdict means nothing was found and the file was fully understood. */
    SanitizeOutcome verify(Path in, SanitizeRequest request) throws IOException;

    /** Tool version, detector ids and rule-pack digest, recorded in every attestation. */
    ToolInfo toolInfo();
}
