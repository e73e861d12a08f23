package io.dumpguard.gate;

import io.dumpguard.core.Policy;
import io.dumpguard.core.spi.RegisteredKey;

import java.util.List;
import java.util.Objects;

/**
 * Settings of one release.
 *
 * @param policy         sanitize policy
 * @param registeredKeys the organisation's public keys (--known-keys) to prove absent
 * @param format         forced format id, or null to detect
 * @param outputName     file name in the release folder, or null for the input's name
 */
public record ReleaseOptions(Policy policy, List<RegisteredKey> registeredKeys, String format, String outputName) {
    public ReleaseOptions {
        Objects.requireNonNull(policy, "policy");
        registeredKeys = registeredKeys == null ? List.of() : List.copyOf(registeredKeys);
        if (outputName != null && (outputName.isEmpty() || outputName.startsWith(".") || outputName.contains("/")
                || outputName.contains("\\"))) {
            throw new IllegalArgumentException("output name '" + outputName
                    + "' must be a plain, non-hidden file name");
        }
    }

    public static ReleaseOptions defaults() {
        return new ReleaseOptions(Policy.TARGETED, List.of(), null, null);
    }

    public ReleaseOptions withPolicy(Policy p) {
        return new ReleaseOptions(p, registeredKeys, format, outputName);
    }

    public ReleaseOptions withRegisteredKeys(List<RegisteredKey> keys) {
        return new ReleaseOptions(policy, keys, format, outputName);
    }

    public ReleaseOptions withFormat(String f) {
        return new ReleaseOptions(policy, registeredKeys, f, outputName);
    }

    public ReleaseOptions withOutputName(String name) {
        return new ReleaseOptions(policy, registeredKeys, format, name);
    }

    SanitizeRequest request() {
        return new SanitizeRequest(policy, registeredKeys, format);
    }
}
