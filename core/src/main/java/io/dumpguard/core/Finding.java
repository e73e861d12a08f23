package io.dumpguard.core;

import java.util.List;
import java.util.Objects;

/**
 * One piece of secret material found in a dump. Carries positions, ids and fingerprints; the secret bytes travel
 * only in {@link #secrets()}, which no report, log or exception ever prints.
 *
 * @param detector      stable detector id ("key.der.pkcs8", "hprof.rsa-private-crt", "cred.aws-secret")
 * @param offset        file offset of the first byte to remove
 * @param length        number of bytes to remove
 * @param encoding      how the secret is encoded where it applies ("der", "pem", "utf-16le", "word-swapped"), or null
 * @param fingerprint   SHA-256 (hex) of the public key's SubjectPublicKeyInfo when derivable, else null
 * @param registeredKey label/fingerprint of the registered key this finding proves, else null
 * @param description   human description without secret bytes ("RSA-2048 private key, p*q=n verified")
 * @param regionKind    what the surrounding region is
 * @param address       virtual address of the first byte, or {@link Region#NO_ADDRESS}
 * @param redactable    whether the bytes lie where the format allows overwriting
 * @param secrets       the secret values this finding proves present (for propagation and verification)
 */
public record Finding(String detector, long offset, long length, String encoding, String fingerprint,
                      String registeredKey, String description, RegionKind regionKind, long address,
                      boolean redactable, List<SecretValue> secrets) {
    public Finding {
        Objects.requireNonNull(detector, "detector");
        if (offset < 0 || length <= 0) {
            throw new IllegalArgumentException("finding " + detector + " has offset " + offset + " length " + length);
        }
        regionKind = regionKind == null ? RegionKind.RAW : regionKind;
        description = description == null ? "" : description;
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
    }

    /** A finding inside {@code region}; the address and redactability come from the region. */
    public static Finding in(Region region, String detector, long offset, long length, String encoding,
                             String description, List<SecretValue> secrets) {
        return new Finding(detector, offset, length, encoding, null, null, description, region.kind(),
                region.addressOf(offset), region.redactable(), secrets);
    }

    /** Detector ids with this suffix report key material that is encrypted at rest (a protected key, not a leak). */
    public static final String PROTECTED_SUFFIX = ".encrypted";

    public long end() {
        return offset + length;
    }

    /**
     * Whether this reports protected material: an encrypted private key whose secret cannot be read from the dump.
     * Such findings are reported but neither counted as a leak nor redacted.
     */
    public boolean isProtected() {
        return detector.endsWith(PROTECTED_SUFFIX) && secrets.isEmpty();
    }

    public Finding withFingerprint(String fp) {
        return new Finding(detector, offset, length, encoding, fp, registeredKey, description, regionKind, address,
                redactable, secrets);
    }

    /** The same finding proving {@code more} secret values as well (duplicates are kept once). */
    public Finding withMoreSecrets(List<SecretValue> more) {
        java.util.LinkedHashSet<SecretValue> all = new java.util.LinkedHashSet<>(secrets);
        all.addAll(more);
        return new Finding(detector, offset, length, encoding, fingerprint, registeredKey, description, regionKind,
                address, redactable, List.copyOf(all));
    }

    public Finding withRegisteredKey(String key) {
        return new Finding(detector, offset, length, encoding, fingerprint, key, description, regionKind, address,
                redactable, secrets);
    }

    @Override
    public String toString() {
        return "Finding[" + detector + " @0x" + Long.toHexString(offset) + "+" + length
                + (encoding == null ? "" : " " + encoding) + " " + description + "]";
    }
}
