package io.dumpguard.detect.credentials;

/**
 * One validated match: where the secret capture lies in the scanned buffer and in what encoding.
 *
 * @param rule     the rule that matched
 * @param offset   index in the scanned buffer of the secret's first byte
 * @param length   bytes of the secret (2 per char in UTF-16)
 * @param encoding how the text is encoded
 * @param secret   the secret's chars; kept in memory for propagation, never printed
 */
public record CredentialMatch(CredentialRule rule, int offset, int length, TextEncoding encoding, String secret) {
    public int end() {
        return offset + length;
    }

    @Override
    public String toString() {
        return "CredentialMatch[" + rule.id() + " @" + offset + "+" + length + " " + encoding.id() + "]";
    }
}
