package io.dumpguard.detect.keys.registered;

import io.dumpguard.core.spi.RegisteredKey;
import io.dumpguard.detect.keys.proof.PublicKeyIds;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Registered keys by canonical public key id, so that any proven private key can say which registered key it is
 * (an RSA key registered as rsaEncryption is the same key found inside an RSA-PSS PKCS#8).
 */
public final class RegisteredKeyIndex {
    public static final RegisteredKeyIndex EMPTY = new RegisteredKeyIndex(List.of());

    private final Map<String, String> labels = new HashMap<>();

    public RegisteredKeyIndex(List<RegisteredKey> keys) {
        for (RegisteredKey k : keys) {
            String id = idOf(k);
            if (id != null) {
                labels.putIfAbsent(id, nameOf(k));
            }
        }
    }

    /** The name findings use for a registered key: its label, else its fingerprint. */
    public static String nameOf(RegisteredKey k) {
        return k.label() == null || k.label().isBlank() ? k.fingerprint() : k.label();
    }

    /** Canonical id of a registered key, or null for an algorithm this module does not prove. */
    public static String idOf(RegisteredKey k) {
        try {
            return PublicKeyIds.ofSpki(k.publicKey().getEncoded());
        } catch (IllegalArgumentException | IllegalStateException unsupported) {
            return null;
        }
    }

    /** The registered key's name for a proven key's public id, or null. */
    public String labelOf(String publicId) {
        return publicId == null ? null : labels.get(publicId);
    }
}
