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

    /**
     * Option the engine sets ({@code "true"}) when it re-reads its own sanitized output to verify it, with every secret
     * value found in the input to propagate. A format whose structural detection runs a slow external tool may skip
     * it there, and must then say so in its notes: whatever that detection proved in the input is searched for
     * across the whole output, in every layout, by propagation.
     */
    public static final String VERIFYING = "engine.verifying";

    /**
     * Option the engine sets ({@code "true"}) when it takes the regions to scan from another parse of a file of the
     * same structure (the input's, when it verifies the sanitized copy, whose structure must equal the input's or
     * the run is refused): a format need not keep what it keeps only to replay its regions later.
     */
    public static final String REGIONS_ELSEWHERE = "engine.regions-elsewhere";

    /**
     * Option the engine sets ({@code "true"}) when it parses a sanitize run's input whose copy it will parse with
     * {@link DumpFormat#parseCopy}, which compares structural bytes instead of digesting them: the input's parse
     * need not digest its structural bytes (its {@link StructureSummary#structureDigest()} is then null).
     */
    public static final String STRUCTURE_COMPARED = "engine.structure-compared";

    /** Whether this parse may leave its structural bytes undigested ({@link #STRUCTURE_COMPARED}). */
    public boolean structureCompared() {
        return "true".equals(options.get(STRUCTURE_COMPARED));
    }

    /** Whether this parse's regions will be taken from elsewhere ({@link #REGIONS_ELSEWHERE}). */
    public boolean regionsElsewhere() {
        return "true".equals(options.get(REGIONS_ELSEWHERE));
    }

    /** Whether this run re-reads a sanitized output ({@link #VERIFYING}). */
    public boolean verifying() {
        return "true".equals(options.get(VERIFYING));
    }

    public ScanContext withOption(String key, String value) {
        java.util.Map<String, String> o = new java.util.HashMap<>(options);
        o.put(key, value);
        return new ScanContext(limits, policy, registeredKeys, secrets, o);
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
