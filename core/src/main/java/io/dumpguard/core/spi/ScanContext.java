package io.dumpguard.core.spi;

import io.dumpguard.core.Limits;
import io.dumpguard.core.Policy;
import io.dumpguard.core.SecretValue;

import java.util.Collection;
import java.util.List;

/**
 * Everything a detector or format may consult during one run.
 *
 * @param limits         the bounds for untrusted lengths
 * @param policy         the redaction policy in force
 * @param registeredKeys the organisation's public keys whose private halves must be proven absent
 * @param secrets        secret values already proven present; propagation searches every copy of them
 * @param options        free-form switches ("aligned=1") for detectors that offer them
 */
public record ScanContext(Limits limits, Policy policy, List<RegisteredKey> registeredKeys,
                          List<SecretValue> secrets, java.util.Map<String, String> options) {
    public ScanContext {
        registeredKeys = List.copyOf(registeredKeys);
        secrets = List.copyOf(secrets);
        options = java.util.Map.copyOf(options);
    }

    public static ScanContext defaults() {
        return new ScanContext(Limits.DEFAULT, Policy.TARGETED, List.of(), List.of(), java.util.Map.of());
    }

    public ScanContext withSecrets(Collection<SecretValue> s) {
        return new ScanContext(limits, policy, registeredKeys, List.copyOf(s), options);
    }

    public ScanContext withRegisteredKeys(List<RegisteredKey> keys) {
        return new ScanContext(limits, policy, keys, secrets, options);
    }

    public ScanContext withPolicy(Policy p) {
        return new ScanContext(limits, p, registeredKeys, secrets, options);
    }
}
