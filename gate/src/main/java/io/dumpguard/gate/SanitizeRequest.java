package io.dumpguard.gate;

import io.dumpguard.core.Policy;
import io.dumpguard.core.spi.RegisteredKey;

import java.util.List;
import java.util.Objects;

/**
 * The settings of one sanitize or verify run as the gate passes them on to the engine.
 *
 * @param policy         how much to overwrite
 * @param registeredKeys the organisation's own public keys whose private halves must be proven absent
 * @param format         a forced format id, or null to detect by magic
 * @param fullVerify     sanitize re-scans the whole output, not only where the redaction wrote
 */
public record SanitizeRequest(Policy policy, List<RegisteredKey> registeredKeys, String format, boolean fullVerify) {
    public SanitizeRequest {
        Objects.requireNonNull(policy, "policy");
        registeredKeys = registeredKeys == null ? List.of() : List.copyOf(registeredKeys);
    }

    public SanitizeRequest(Policy policy, List<RegisteredKey> registeredKeys, String format) {
        this(policy, registeredKeys, format, false);
    }
}
