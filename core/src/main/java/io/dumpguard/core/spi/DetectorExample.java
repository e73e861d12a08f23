package io.dumpguard.core.spi;

/**
 * Evidence a detector carries: bytes that must (or must not) produce a finding.
 *
 * @param name       what the example shows ("PKCS#8 RSA-2048 in a zero page")
 * @param data       the bytes to scan (as a raw region)
 * @param mustMatch  true for an example, false for a negative example
 * @param detectorId the finding id expected when {@code mustMatch}
 * @param context    the context to scan with (registered keys, secrets), or null for defaults
 */
public record DetectorExample(String name, byte[] data, boolean mustMatch, String detectorId, ScanContext context) {
    public static DetectorExample match(String name, byte[] data, String detectorId) {
        return new DetectorExample(name, data, true, detectorId, null);
    }

    public static DetectorExample noMatch(String name, byte[] data) {
        return new DetectorExample(name, data, false, null, null);
    }

    public DetectorExample with(ScanContext ctx) {
        return new DetectorExample(name, data, mustMatch, detectorId, ctx);
    }
}
