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
 */
public record SanitizeRequest(Policy policy, List<RegisteredKey> registeredKeys, String format) {
    public SanitizeRequest {
        Objects.requireNonNull(policy, "policy");
        registeredKeys = registeredKeys == null ? List.of() : List.copyOf(registeredKeys);
    }
}
