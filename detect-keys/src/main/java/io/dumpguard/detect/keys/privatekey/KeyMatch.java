package io.dumpguard.detect.keys.privatekey;

import io.dumpguard.detect.keys.proof.ProvenKey;

/**
 * A validated key structure in a buffer.
 *
 * @param start     first byte of the structure
 * @param length    bytes the structure covers
 * @param detector  finding id ("key.der.pkcs8", "key.pem.encrypted")
 * @param encoding  "der", "pem", "pem-utf-16le", "jwk", "cng" ...
 * @param key       the proven key, or null for a protected (encrypted) key
 * @param what      human description without secrets
 */
record KeyMatch(int start, int length, String detector, String encoding, ProvenKey key, String what) {
    static KeyMatch proven(int start, int length, String detector, String encoding, ProvenKey key, String form) {
        return new KeyMatch(start, length, detector, encoding, key, form + ": " + key.description());
    }

    static KeyMatch protectedKey(int start, int length, String detector, String encoding, String form) {
        return new KeyMatch(start, length, detector, encoding, null,
                form + ": encrypted private key (protected, not a leak)");
    }
}
