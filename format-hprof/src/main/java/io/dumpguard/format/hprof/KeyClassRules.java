package io.dumpguard.format.hprof;

import java.util.List;
import java.util.Map;

import static io.dumpguard.format.hprof.KeyRole.*;

/**
 * The key classes of the JDK and of BouncyCastle and which of their fields hold what. A class is a key class when
 * its name or the name of any of its super classes is a rule's {@code rootClass}; its field values are then
 * matched by declaring class and field name ({@code "*"}: every reference field of that class). Field names were
 * read from real JDK 17 and 25 heap dumps (ChildJvmHeapDumpTest): PKCS8Key holds {@code key} (17) or
 * {@code privKeyMaterial} (21+) and {@code encodedKey}; AESCrypt holds {@code K}, {@code sessionK} (int[][]: the
 * encryption and decryption schedules) and {@code lastKey} (the raw key); HmacCore holds {@code k_ipad} and
 * {@code k_opad}; ECPrivateKeyImpl holds {@code arrayS} (little-endian) and, once computed, {@code s}.
 * BouncyCastle names were checked on a real dump of bcprov-jdk18on keys (BCRSAPrivateCrtKey,
 * ECPrivateKeyParameters, Ed25519PrivateKeyParameters, KeyParameter, AESEngine.WorkingKey, HMac pads). A field not named here is followed as {@link KeyRole#GENERIC}
 * (the strict policy overwrites what it reaches).
 */
final class KeyClassRules {
    private KeyClassRules() {
    }

    /**
     * @param rootClass the class (or super class) that makes an instance a key object
     * @param family    what the key is, for descriptions ("RSA private key")
     * @param fields    declaring class name -> field name -> role
     */
    record Rule(String rootClass, String family, Map<String, Map<String, KeyRole>> fields) {
        KeyRole role(String declaringClass, String field) {
            Map<String, KeyRole> m = fields.get(declaringClass);
            if (m == null) {
                return GENERIC;
            }
            KeyRole r = m.get(field);
            if (r == null) {
                r = m.get("*");
            }
            return r == null ? GENERIC : r;
        }
    }

    static final String BIG_INTEGER = "java.math.BigInteger";
    static final String BIG_INTEGER_MAGNITUDE = "mag";

    private static final String PKCS8 = "sun.security.pkcs.PKCS8Key";
    private static final Map<String, KeyRole> PKCS8_FIELDS = Map.of(
            "privKeyMaterial", PKCS8_ENCODING, "key", PKCS8_ENCODING, "encodedKey", PKCS8_ENCODING);
    private static final String BC_PARAMS = "org.bouncycastle.crypto.params.";

    static final List<Rule> RULES = List.of(
            new Rule("sun.security.rsa.RSAPrivateCrtKeyImpl", "RSA private key", Map.of(
                    "sun.security.rsa.RSAPrivateCrtKeyImpl", Map.of("n", RSA_MODULUS, "e", RSA_PUBLIC_EXPONENT,
                            "d", RSA_PRIVATE, "p", RSA_PRIVATE, "q", RSA_PRIVATE, "pe", RSA_PRIVATE,
                            "qe", RSA_PRIVATE, "coeff", RSA_PRIVATE),
                    PKCS8, PKCS8_FIELDS)),
            new Rule("sun.security.rsa.RSAPrivateKeyImpl", "RSA private key", Map.of(
                    "sun.security.rsa.RSAPrivateKeyImpl", Map.of("n", RSA_MODULUS, "d", RSA_PRIVATE),
                    PKCS8, PKCS8_FIELDS)),
            new Rule("sun.security.ec.ECPrivateKeyImpl", "EC private key", Map.of(
                    "sun.security.ec.ECPrivateKeyImpl", Map.of("s", EC_PRIVATE, "arrayS", EC_PRIVATE_LITTLE_ENDIAN),
                    PKCS8, PKCS8_FIELDS)),
            new Rule("sun.security.ec.ed.EdDSAPrivateKeyImpl", "EdDSA private key", Map.of(
                    "sun.security.ec.ed.EdDSAPrivateKeyImpl", Map.of("h", EDDSA_SEED),
                    PKCS8, PKCS8_FIELDS)),
            new Rule("sun.security.ec.XDHPrivateKeyImpl", "XDH private key", Map.of(
                    "sun.security.ec.XDHPrivateKeyImpl", Map.of("k", XDH_PRIVATE, "scalar", XDH_PRIVATE),
                    PKCS8, PKCS8_FIELDS)),
            new Rule(PKCS8, "PKCS#8 private key", Map.of(PKCS8, PKCS8_FIELDS)),
            new Rule("javax.crypto.spec.SecretKeySpec", "secret key", Map.of(
                    "javax.crypto.spec.SecretKeySpec", Map.of("key", SECRET_KEY))),
            new Rule("com.sun.crypto.provider.DESKey", "DES key", Map.of(
                    "com.sun.crypto.provider.DESKey", Map.of("key", SECRET_KEY))),
            new Rule("com.sun.crypto.provider.DESedeKey", "DESede key", Map.of(
                    "com.sun.crypto.provider.DESedeKey", Map.of("key", SECRET_KEY))),
            new Rule("com.sun.crypto.provider.AESCrypt", "AES cipher state", Map.of(
                    "com.sun.crypto.provider.AESCrypt", Map.of("*", AES_STATE))),
            new Rule("com.sun.crypto.provider.HmacCore", "HMAC state", Map.of(
                    "com.sun.crypto.provider.HmacCore", Map.of("k", HMAC_KEY, "k_ipad", HMAC_IPAD, "k_opad", HMAC_OPAD,
                            "ipad", HMAC_IPAD, "opad", HMAC_OPAD, "*", HMAC_STATE))),
            new Rule("java.security.KeyStore$PasswordProtection", "key store password", Map.of(
                    "java.security.KeyStore$PasswordProtection", Map.of("password", PASSWORD))),
            new Rule("javax.crypto.spec.PBEKeySpec", "password-based key spec", Map.of(
                    "javax.crypto.spec.PBEKeySpec", Map.of("password", PASSWORD))),
            new Rule("com.sun.crypto.provider.PBEKey", "password-based key", Map.of(
                    "com.sun.crypto.provider.PBEKey", Map.of("key", PASSWORD))),
            new Rule("com.sun.crypto.provider.PBKDF2KeyImpl", "PBKDF2 key", Map.of(
                    "com.sun.crypto.provider.PBKDF2KeyImpl", Map.of("passwd", PASSWORD, "key", SECRET_KEY))),
            // BouncyCastle: lightweight parameters and JCA key classes
            new Rule(BC_PARAMS + "RSAPrivateCrtKeyParameters", "RSA private key (BouncyCastle)", Map.of(
                    BC_PARAMS + "RSAPrivateCrtKeyParameters", Map.of("e", RSA_PUBLIC_EXPONENT, "p", RSA_PRIVATE,
                            "q", RSA_PRIVATE, "dP", RSA_PRIVATE, "dQ", RSA_PRIVATE, "qInv", RSA_PRIVATE),
                    BC_PARAMS + "RSAKeyParameters", Map.of("modulus", RSA_MODULUS, "exponent", RSA_PRIVATE))),
            new Rule("org.bouncycastle.jcajce.provider.asymmetric.rsa.BCRSAPrivateCrtKey",
                    "RSA private key (BouncyCastle)", Map.of(
                    "org.bouncycastle.jcajce.provider.asymmetric.rsa.BCRSAPrivateCrtKey", Map.of(
                            "publicExponent", RSA_PUBLIC_EXPONENT, "primeP", RSA_PRIVATE, "primeQ", RSA_PRIVATE,
                            "primeExponentP", RSA_PRIVATE, "primeExponentQ", RSA_PRIVATE,
                            "crtCoefficient", RSA_PRIVATE),
                    "org.bouncycastle.jcajce.provider.asymmetric.rsa.BCRSAPrivateKey", Map.of(
                            "modulus", RSA_MODULUS, "privateExponent", RSA_PRIVATE))),
            new Rule("org.bouncycastle.jcajce.provider.asymmetric.rsa.BCRSAPrivateKey",
                    "RSA private key (BouncyCastle)", Map.of(
                    "org.bouncycastle.jcajce.provider.asymmetric.rsa.BCRSAPrivateKey", Map.of(
                            "modulus", RSA_MODULUS, "privateExponent", RSA_PRIVATE))),
            new Rule(BC_PARAMS + "ECPrivateKeyParameters", "EC private key (BouncyCastle)", Map.of(
                    BC_PARAMS + "ECPrivateKeyParameters", Map.of("d", EC_PRIVATE))),
            new Rule("org.bouncycastle.jcajce.provider.asymmetric.ec.BCECPrivateKey", "EC private key (BouncyCastle)",
                    Map.of("org.bouncycastle.jcajce.provider.asymmetric.ec.BCECPrivateKey", Map.of("d", EC_PRIVATE))),
            new Rule(BC_PARAMS + "Ed25519PrivateKeyParameters", "Ed25519 private key (BouncyCastle)", Map.of(
                    BC_PARAMS + "Ed25519PrivateKeyParameters", Map.of("data", EDDSA_SEED))),
            new Rule(BC_PARAMS + "Ed448PrivateKeyParameters", "Ed448 private key (BouncyCastle)", Map.of(
                    BC_PARAMS + "Ed448PrivateKeyParameters", Map.of("data", EDDSA_SEED))),
            new Rule(BC_PARAMS + "X25519PrivateKeyParameters", "X25519 private key (BouncyCastle)", Map.of(
                    BC_PARAMS + "X25519PrivateKeyParameters", Map.of("data", XDH_PRIVATE))),
            new Rule(BC_PARAMS + "X448PrivateKeyParameters", "X448 private key (BouncyCastle)", Map.of(
                    BC_PARAMS + "X448PrivateKeyParameters", Map.of("data", XDH_PRIVATE))),
            new Rule(BC_PARAMS + "KeyParameter", "secret key (BouncyCastle)", Map.of(
                    BC_PARAMS + "KeyParameter", Map.of("key", SECRET_KEY))),
            new Rule("org.bouncycastle.crypto.engines.AESEngine", "AES cipher state (BouncyCastle)", Map.of(
                    "org.bouncycastle.crypto.engines.AESEngine", Map.of("WorkingKey", AES_STATE))),
            new Rule("org.bouncycastle.crypto.engines.AESLightEngine", "AES cipher state (BouncyCastle)", Map.of(
                    "org.bouncycastle.crypto.engines.AESLightEngine", Map.of("WorkingKey", AES_STATE))),
            new Rule("org.bouncycastle.crypto.engines.AESFastEngine", "AES cipher state (BouncyCastle)", Map.of(
                    "org.bouncycastle.crypto.engines.AESFastEngine", Map.of("WorkingKey", AES_STATE))),
            new Rule("org.bouncycastle.crypto.macs.HMac", "HMAC state (BouncyCastle)", Map.of(
                    "org.bouncycastle.crypto.macs.HMac", Map.of("inputPad", HMAC_IPAD, "outputBuf", HMAC_STATE))));

    private static final Map<String, Rule> BY_ROOT;

    static {
        java.util.HashMap<String, Rule> m = new java.util.HashMap<>();
        for (Rule r : RULES) {
            m.put(r.rootClass(), r);
        }
        BY_ROOT = Map.copyOf(m);
    }

    /** The rule whose root is exactly {@code className} (dotted form), or null. */
    static Rule byRoot(String className) {
        return BY_ROOT.get(className);
    }

    /** The root class of every rule. */
    static java.util.Set<String> rootClassNames() {
        return BY_ROOT.keySet();
    }

    /** Every detector id these rules can report. */
    static List<String> detectorIds() {
        java.util.TreeSet<String> ids = new java.util.TreeSet<>();
        for (KeyRole r : KeyRole.values()) {
            for (int t : new int[]{HprofTags.BYTE, HprofTags.INT}) {
                if (r.detector(t) != null) {
                    ids.add(r.detector(t));
                }
            }
        }
        return List.copyOf(ids);
    }
}
