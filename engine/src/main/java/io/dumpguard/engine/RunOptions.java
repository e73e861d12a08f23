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
 * @param fullVerification sanitize re-runs every detector over the whole sanitized copy, instead of over the pieces
 *                         that meet a changed block while every other byte is compared with the input (the default;
 *                         the same verdict, see {@link ChangedBlocks})
 */
public record RunOptions(Policy policy, List<RegisteredKey> registeredKeys, Limits limits, String format,
                         Progress progress, Map<String, String> detectorOptions, boolean fullVerification) {
    public RunOptions {
        registeredKeys = List.copyOf(registeredKeys);
        detectorOptions = Map.copyOf(detectorOptions);
        progress = progress == null ? Progress.NONE : progress;
    }

    public static RunOptions defaults() {
        return new RunOptions(Policy.TARGETED, List.of(), Limits.DEFAULT, null, Progress.NONE, Map.of(), false);
    }

    public RunOptions withPolicy(Policy p) {
        return new RunOptions(p, registeredKeys, limits, format, progress, detectorOptions, fullVerification);
    }

    public RunOptions withRegisteredKeys(List<RegisteredKey> k) {
        return new RunOptions(policy, k, limits, format, progress, detectorOptions, fullVerification);
    }

    public RunOptions withLimits(Limits l) {
        return new RunOptions(policy, registeredKeys, l, format, progress, detectorOptions, fullVerification);
    }

    public RunOptions withFormat(String f) {
        return new RunOptions(policy, registeredKeys, limits, f, progress, detectorOptions, fullVerification);
    }

    public RunOptions withProgress(Progress p) {
        return new RunOptions(policy, registeredKeys, limits, format, p, detectorOptions, fullVerification);
    }

    public RunOptions withDetectorOption(String key, String value) {
        Map<String, String> m = new java.util.HashMap<>(detectorOptions);
        m.put(key, value);
        return new RunOptions(policy, registeredKeys, limits, format, progress, m, fullVerification);
    }

    public RunOptions withFullVerification(boolean full) {
        return new RunOptions(policy, registeredKeys, limits, format, progress, detectorOptions, full);
    }
}
