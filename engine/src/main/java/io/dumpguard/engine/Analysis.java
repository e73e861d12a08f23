package io.dumpguard.engine;

import io.dumpguard.core.Finding;
import io.dumpguard.core.SecretValue;
import io.dumpguard.core.spi.ParsedDump;

import java.util.List;
import java.util.Set;

/**
 * What one read of a dump produced: its structure, its findings and the secret values they prove present, and the
 * protected (encrypted) keys it saw, which are reported but are not leaks.
 *
 * @param rescanned bytes of the pieces scanned that meet a changed block, in a verification that re-scans only where
 *                  the redaction wrote (0 otherwise)
 */
record Analysis(ParsedDump dump, List<Finding> findings, Set<SecretValue> secrets, List<String> proof,
                List<Finding> protectedKeys, long rescanned) {
}
