package io.dumpguard.gate;

import io.dumpguard.core.Policy;
import io.dumpguard.core.spi.RegisteredKey;

import java.util.List;
import java.util.Objects;

/**
 * Settings of one accept.
 *
 * @param rescan         also re-scan the file with the engine; any finding or refusal rejects it
 * @param minimumPolicy  the weakest sanitize policy accepted (targeted accepts all)
 * @param registeredKeys keys to prove absent during the rescan
 */
public record AcceptOptions(boolean rescan, Policy minimumPolicy, List<RegisteredKey> registeredKeys) {
    public AcceptOptions {
        Objects.requireNonNull(minimumPolicy, "minimumPolicy");
        registeredKeys = registeredKeys == null ? List.of() : List.copyOf(registeredKeys);
    }

    public AcceptOptions(boolean rescan) {
        this(rescan, Policy.TARGETED, List.of());
    }

    public AcceptOptions withMinimumPolicy(Policy p) {
        return new AcceptOptions(rescan, p, registeredKeys);
    }

    public AcceptOptions withRegisteredKeys(List<RegisteredKey> keys) {
        return new AcceptOptions(rescan, minimumPolicy, keys);
    }
}
