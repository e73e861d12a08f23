package io.dumpguard.engine;

import io.dumpguard.core.Limits;
import io.dumpguard.core.Policy;
import io.dumpguard.core.spi.RegisteredKey;

import java.util.List;
import java.util.Map;

/**
 * How one run behaves.
 *
 * @param policy          what sanitize overwrites
 * @param registeredKeys  public halves of the organisation's keys to prove absent
 * @param limits          bounds for untrusted lengths
 * @param format          a format id to force ("raw"), or null to detect by magic
 * @param progress        receives progress on long runs; {@link Progress#NONE} for silence
 * @param detectorOptions options handed to detectors through {@link io.dumpguard.core.spi.ScanContext#options()}
 */
public record RunOptions(Policy policy, List<RegisteredKey> registeredKeys, Limits limits, String format,
                         Progress progress, Map<String, String> detectorOptions) {
    public RunOptions {
        registeredKeys = List.copyOf(registeredKeys);
        detectorOptions = Map.copyOf(detectorOptions);
        progress = progress == null ? Progress.NONE : progress;
    }

    public static RunOptions defaults() {
        return new RunOptions(Policy.TARGETED, List.of(), Limits.DEFAULT, null, Progress.NONE, Map.of());
    }

    public RunOptions withPolicy(Policy p) {
        return new RunOptions(p, registeredKeys, limits, format, progress, detectorOptions);
    }

    public RunOptions withRegisteredKeys(List<RegisteredKey> k) {
        return new RunOptions(policy, k, limits, format, progress, detectorOptions);
    }

    public RunOptions withLimits(Limits l) {
        return new RunOptions(policy, registeredKeys, l, format, progress, detectorOptions);
    }

    public RunOptions withFormat(String f) {
        return new RunOptions(policy, registeredKeys, limits, f, progress, detectorOptions);
    }

    public RunOptions withProgress(Progress p) {
        return new RunOptions(policy, registeredKeys, limits, format, p, detectorOptions);
    }

    public RunOptions withDetectorOption(String key, String value) {
        Map<String, String> m = new java.util.HashMap<>(detectorOptions);
        m.put(key, value);
        return new RunOptions(policy, registeredKeys, limits, format, progress, m);
    }
}
