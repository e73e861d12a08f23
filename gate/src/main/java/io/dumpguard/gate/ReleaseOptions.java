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
 * @param fullVerify     verify by re-scanning the whole sanitized copy (--full-verify), not only where it changed
 */
public record ReleaseOptions(Policy policy, List<RegisteredKey> registeredKeys, String format, String outputName,
                             boolean fullVerify) {
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
        return new ReleaseOptions(Policy.TARGETED, List.of(), null, null, false);
    }

    public ReleaseOptions withPolicy(Policy p) {
        return new ReleaseOptions(p, registeredKeys, format, outputName, fullVerify);
    }

    public ReleaseOptions withRegisteredKeys(List<RegisteredKey> keys) {
        return new ReleaseOptions(policy, keys, format, outputName, fullVerify);
    }

    public ReleaseOptions withFormat(String f) {
        return new ReleaseOptions(policy, registeredKeys, f, outputName, fullVerify);
    }

    public ReleaseOptions withOutputName(String name) {
        return new ReleaseOptions(policy, registeredKeys, format, name, fullVerify);
    }

    public ReleaseOptions withFullVerify(boolean full) {
        return new ReleaseOptions(policy, registeredKeys, format, outputName, full);
    }

    SanitizeRequest request() {
        return new SanitizeRequest(policy, registeredKeys, format, fullVerify);
    }
}
