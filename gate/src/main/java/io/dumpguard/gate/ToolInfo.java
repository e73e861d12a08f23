package io.dumpguard.gate;

import java.util.List;

/**
 * What produced a release, for the attestation.
 *
 * @param version        the tool's version
 * @param detectorIds    every detector that ran, sorted
 * @param rulePackDigest hex SHA-256 of the rule pack in force, or null when there is none
 */
public record ToolInfo(String version, List<String> detectorIds, String rulePackDigest) {
    public ToolInfo {
        detectorIds = detectorIds == null ? List.of() : detectorIds.stream().sorted().toList();
    }
}
