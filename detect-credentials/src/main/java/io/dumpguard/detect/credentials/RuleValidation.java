package io.dumpguard.detect.credentials;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Checks a regex match must pass before it becomes a finding (the "exact validation" of the two-stage scan).
 *
 * @param minEntropy Shannon entropy of the secret in bits per char, or null; weeds out words and placeholders
 * @param checksum   {@code github-crc32} (GitHub and npm tokens: CRC32 of the 30 random chars, base62, last 6
 *                   chars) or null
 * @param structure  {@code jwt} (base64url JSON header with "alg"), {@code basic-auth} (base64 of printable
 *                   {@code user:password}) or null
 */
public record RuleValidation(@JsonProperty("min_entropy") Double minEntropy,
                             @JsonProperty("checksum") String checksum,
                             @JsonProperty("structure") String structure) {
    public static final RuleValidation NONE = new RuleValidation(null, null, null);
}
