package io.dumpguard.format.hprof;

/**
 * What a value reached from a key object is. Roles with a detector id are secret: each primitive array they reach
 * with a non-zero payload is a finding. {@link #RSA_MODULUS} and {@link #RSA_PUBLIC_EXPONENT} are public and only
 * serve the fingerprint; {@link #GENERIC} marks everything else a key object references (the strict policy
 * overwrites it, nothing is reported).
 */
enum KeyRole {
    RSA_MODULUS(null, "RSA modulus"),
    RSA_PUBLIC_EXPONENT(null, "RSA public exponent"),
    RSA_PRIVATE("hprof.rsa-private-key", "RSA private exponent, prime or CRT value"),
    EC_PRIVATE("hprof.ec-private-key", "EC private scalar"),
    EC_PRIVATE_LITTLE_ENDIAN("hprof.ec-private-key", "EC private scalar, little-endian copy"),
    EDDSA_SEED("hprof.eddsa-private-key", "EdDSA private key (seed)"),
    XDH_PRIVATE("hprof.xdh-private-key", "XDH private key"),
    PKCS8_ENCODING("hprof.pkcs8-encoding", "private key encoding cached in the key object"),
    SECRET_KEY("hprof.secret-key", "secret key bytes"),
    AES_STATE("hprof.aes-schedule", "AES key or expanded key schedule"),
    HMAC_KEY("hprof.hmac-key", "HMAC key"),
    HMAC_IPAD("hprof.hmac-key", "HMAC inner pad (key xor 0x36)"),
    HMAC_OPAD("hprof.hmac-key", "HMAC outer pad (key xor 0x5c)"),
    HMAC_STATE("hprof.hmac-key", "HMAC state derived from the key"),
    PASSWORD("hprof.password", "password"),
    GENERIC(null, "referenced by a key object");

    /** Detector id for the raw AES key ({@code byte[]}) as opposed to its schedule ({@code int[]}). */
    static final String AES_KEY_DETECTOR = "hprof.aes-key";

    private final String detector;
    private final String what;

    KeyRole(String detector, String what) {
        this.detector = detector;
        this.what = what;
    }

    /** The finding's detector id for an array of {@code type}, or null when this role reports nothing. */
    String detector(int type) {
        if (this == AES_STATE && type == HprofTags.BYTE) {
            return AES_KEY_DETECTOR;
        }
        return detector;
    }

    boolean secret() {
        return detector != null;
    }

    String what() {
        return what;
    }
}
