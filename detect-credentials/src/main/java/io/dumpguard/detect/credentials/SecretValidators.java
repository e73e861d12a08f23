package io.dumpguard.detect.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Base64;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The exact checks behind {@link RuleValidation}: entropy, token checksums and structure. They run on a regex match
 * only, so they may allocate; each is bounded by the match length.
 */
final class SecretValidators {
    static final String CHECKSUM_GITHUB = "github-crc32";
    static final String STRUCTURE_JWT = "jwt";
    static final String STRUCTURE_BASIC_AUTH = "basic-auth";
    static final Set<String> CHECKSUMS = Set.of(CHECKSUM_GITHUB);
    static final Set<String> STRUCTURES = Set.of(STRUCTURE_JWT, STRUCTURE_BASIC_AUTH);

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    /** A JWT header is a few dozen bytes; anything longer is not one we need to parse. */
    private static final int MAX_JWT_HEADER_CHARS = 2048;
    /** Created on first JWT: data binding costs a cold JVM 0.2 s, which scans without a JWT should not pay. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private SecretValidators() {
    }

    static boolean passes(RuleValidation v, CharSequence secret) {
        if (v.minEntropy() != null && shannonEntropy(secret) < v.minEntropy()) {
            return false;
        }
        if (CHECKSUM_GITHUB.equals(v.checksum()) && !githubChecksumValid(secret)) {
            return false;
        }
        if (STRUCTURE_JWT.equals(v.structure()) && !jwtHeaderValid(secret)) {
            return false;
        }
        return !STRUCTURE_BASIC_AUTH.equals(v.structure()) || basicAuthValid(secret);
    }

    /** Shannon entropy in bits per char. */
    static double shannonEntropy(CharSequence s) {
        if (s.length() == 0) {
            return 0;
        }
        int[] counts = new int[128];
        int other = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 128) {
                counts[c]++;
            } else {
                other++;
            }
        }
        double h = 0;
        double n = s.length();
        for (int count : counts) {
            if (count > 0) {
                double p = count / n;
                h -= p * Math.log(p);
            }
        }
        if (other > 0) {
            double p = other / n;
            h -= p * Math.log(p);
        }
        return h / Math.log(2);
    }

    /**
     * GitHub's token format (also npm's): prefix, 30 base62 random chars, then the CRC32 of those 30 chars in
     * base62, left-padded with '0' to 6 chars.
     */
    static boolean githubChecksumValid(CharSequence token) {
        int underscore = -1;
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) == '_') {
                underscore = i;
            }
        }
        int randomStart = underscore + 1;
        if (token.length() - randomStart != 36) {
            return false;
        }
        String random = token.subSequence(randomStart, randomStart + 30).toString();
        String check = token.subSequence(randomStart + 30, randomStart + 36).toString();
        return githubChecksum(random).equals(check);
    }

    /** The 6-char checksum of GitHub's token format for the random part (tests build examples with it). */
    static String githubChecksum(String random) {
        CRC32 crc = new CRC32();
        for (int i = 0; i < random.length(); i++) {
            crc.update(random.charAt(i));
        }
        long v = crc.getValue();
        char[] out = new char[6];
        for (int i = 5; i >= 0; i--) {
            out[i] = BASE62.charAt((int) (v % 62));
            v /= 62;
        }
        return v == 0 ? new String(out) : "";
    }

    /** The first dot-separated part decodes (base64url) to a JSON object with an "alg" member. */
    static boolean jwtHeaderValid(CharSequence token) {
        int dot = -1;
        for (int i = 0; i < token.length() && i <= MAX_JWT_HEADER_CHARS; i++) {
            if (token.charAt(i) == '.') {
                dot = i;
                break;
            }
        }
        if (dot <= 0) {
            return false;
        }
        byte[] header;
        try {
            header = Base64.getUrlDecoder().decode(stripPadding(token.subSequence(0, dot).toString()));
        } catch (IllegalArgumentException e) {
            return false;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(header);
            return node != null && node.isObject() && node.path("alg").isTextual();
        } catch (IOException e) {
            return false;
        }
    }

    /** Base64 of printable ASCII {@code user:password} with a non-empty password. */
    static boolean basicAuthValid(CharSequence b64) {
        if (b64.length() % 4 != 0) {
            return false;
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(b64.toString());
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = -1;
        for (int i = 0; i < raw.length; i++) {
            int b = raw[i] & 0xFF;
            if (b < 0x20 || b > 0x7E) {
                return false;
            }
            if (b == ':' && colon < 0) {
                colon = i;
            }
        }
        return colon >= 0 && colon < raw.length - 1;
    }

    private static String stripPadding(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '=') {
            end--;
        }
        return s.substring(0, end);
    }
}
