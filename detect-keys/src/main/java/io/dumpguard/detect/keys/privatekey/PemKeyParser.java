package io.dumpguard.detect.keys.privatekey;

import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * PEM private keys ({@code -----BEGIN ... PRIVATE KEY-----}) in ASCII, UTF-16LE and UTF-16BE. The base64 body must
 * decode and the decoded structure must prove a key; encrypted ones (PKCS#8 {@code ENCRYPTED PRIVATE KEY}, legacy
 * {@code Proc-Type: 4,ENCRYPTED}, OpenSSH with a cipher) are reported as protected under their own id.
 */
final class PemKeyParser {
    static final String PEM = "key.pem";
    static final String PEM_ENCRYPTED = "key.pem.encrypted";
    static final String BEGIN = "-----BEGIN ";
    /** The label line is short; only then is the rest of the block read. */
    private static final int MAX_LABEL_CHARS = 64;

    private PemKeyParser() {
    }

    static KeyMatch atAnchor(byte[] data, int pos, int limit, int maxBytes, TextForm form) {
        byte[] head = form.extract(data, pos, limit, BEGIN.length() + MAX_LABEL_CHARS);
        String headText = new String(head, StandardCharsets.US_ASCII);
        int labelEnd = headText.indexOf("-----", BEGIN.length());
        if (labelEnd < 0) {
            return null;
        }
        String label = headText.substring(BEGIN.length(), labelEnd);
        if (!label.endsWith("PRIVATE KEY")) {
            return null;
        }
        String text = new String(form.extract(data, pos, limit, maxBytes / form.width), StandardCharsets.US_ASCII);
        String end = "-----END " + label + "-----";
        int bodyStart = labelEnd + 5;
        int endAt = text.indexOf(end, bodyStart);
        if (endAt < 0) {
            return null;
        }
        int lengthBytes = (endAt + end.length()) * form.width;
        String encoding = "pem" + form.suffix;
        try {
            Body body = Body.of(text.substring(bodyStart, endAt));
            if (label.equals("ENCRYPTED PRIVATE KEY")) {
                EncryptedPrivateKeyInfo.getInstance(ASN1Primitive.fromByteArray(body.decoded));
                return KeyMatch.protectedKey(pos, lengthBytes, PEM_ENCRYPTED, encoding, "PEM " + label);
            }
            if (body.encryptedHeader) {
                return KeyMatch.protectedKey(pos, lengthBytes, PEM_ENCRYPTED, encoding, "PEM " + label);
            }
            if (label.equals("OPENSSH PRIVATE KEY")) {
                KeyMatch inner = OpenSshKeyParser.parse(body.decoded, 0, body.decoded.length, maxBytes);
                NotAKey.require(inner != null);
                return inner.key() == null
                        ? KeyMatch.protectedKey(pos, lengthBytes, PEM_ENCRYPTED, encoding, "PEM " + label)
                        : KeyMatch.proven(pos, lengthBytes, PEM, encoding, inner.key(), "PEM " + label);
            }
            DerKeyParser.Parsed parsed = DerKeyParser.parse(body.decoded);
            return KeyMatch.proven(pos, lengthBytes, PEM, encoding, parsed.key(),
                    "PEM " + label + " (" + DerKeyParser.formName(parsed.form()) + ")");
        } catch (NotAKey | IOException | IllegalArgumentException | IllegalStateException | ClassCastException e) {
            // broken base64, headers or DER: resembles a key, is not one
            return null;
        }
    }

    /** The decoded base64 of a PEM body and whether RFC 1421 headers mark it encrypted. */
    private record Body(byte[] decoded, boolean encryptedHeader) {
        static Body of(String body) throws NotAKey {
            boolean encrypted = false;
            StringBuilder b64 = new StringBuilder(body.length());
            for (String line : body.split("\r?\n|\r")) {
                String l = line.strip();
                if (l.indexOf(':') >= 0) {
                    NotAKey.require(b64.isEmpty());
                    encrypted |= l.replace(" ", "").equalsIgnoreCase("Proc-Type:4,ENCRYPTED");
                    continue;
                }
                for (int i = 0; i < l.length(); i++) {
                    char c = l.charAt(i);
                    NotAKey.require(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                            || c == '+' || c == '/' || c == '=');
                }
                b64.append(l);
            }
            NotAKey.require(!b64.isEmpty());
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(b64.toString());
            } catch (IllegalArgumentException badBase64) {
                throw NotAKey.INSTANCE;
            }
            return new Body(decoded, encrypted);
        }
    }
}
