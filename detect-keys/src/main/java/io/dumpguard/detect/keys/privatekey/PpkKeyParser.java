package io.dumpguard.detect.keys.privatekey;

import io.dumpguard.detect.keys.proof.EcProof;
import io.dumpguard.detect.keys.proof.EdwardsProof;
import io.dumpguard.detect.keys.proof.ProvenKey;
import io.dumpguard.detect.keys.proof.RsaProof;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * PuTTY private key files ({@code PuTTY-User-Key-File-2/3}). With {@code Encryption: none} the private blob is
 * proven against the public blob; an encrypted file is reported as protected.
 */
final class PpkKeyParser {
    static final String PPK = "key.ppk";
    static final String PPK_ENCRYPTED = "key.ppk.encrypted";
    static final String MAGIC = "PuTTY-User-Key-File-";
    /** PuTTY writes 64 base64 characters per line; 16384-bit RSA needs about 70 lines. */
    static final int MAX_LINES = 200;

    private PpkKeyParser() {
    }

    static KeyMatch parse(byte[] data, int pos, int limit, int maxBytes) {
        byte[] raw = TextForm.ASCII.extract(data, pos, limit, maxBytes);
        Lines lines = new Lines(new String(raw, StandardCharsets.US_ASCII));
        try {
            String first = lines.next();
            NotAKey.require(first.startsWith(MAGIC + "2: ") || first.startsWith(MAGIC + "3: "));
            String type = first.substring(MAGIC.length() + 3);
            String encryption = lines.value("Encryption");
            lines.value("Comment");
            byte[] pub = lines.base64Block("Public-Lines");
            if (!encryption.equals("none")) {
                while (!lines.peek().startsWith("Private-Lines:")) {
                    lines.next(); // Key-Derivation, Argon2-* lines of version 3
                }
            }
            byte[] priv = lines.base64Block("Private-Lines");
            String mac = lines.next();
            NotAKey.require(mac.startsWith("Private-MAC: ") || mac.startsWith("Private-Hash: "));
            int length = lines.consumed();
            if (!encryption.equals("none")) {
                return KeyMatch.protectedKey(pos, length, PPK_ENCRYPTED, "ppk", "PuTTY key (" + encryption + ")");
            }
            return KeyMatch.proven(pos, length, PPK, "ppk", prove(type, pub, priv), "PuTTY private key");
        } catch (NotAKey notAKey) {
            return null;
        }
    }

    private static ProvenKey prove(String type, byte[] pubBlob, byte[] privBlob) throws NotAKey {
        BoundedReader pub = new BoundedReader(pubBlob, 0, pubBlob.length);
        BoundedReader priv = new BoundedReader(privBlob, 0, privBlob.length);
        NotAKey.require(type.equals(pub.sshAscii(64)));
        int max = SshKeys.MAX_FIELD_BYTES;
        if (type.equals("ssh-rsa")) {
            BigInteger e = pub.sshMpint(max);
            BigInteger n = pub.sshMpint(max);
            BigInteger d = priv.sshMpint(max);
            BigInteger p = priv.sshMpint(max);
            BigInteger q = priv.sshMpint(max);
            return SshKeys.required(RsaProof.prove(n, e, d, p, q, RsaProof.RSA_ENCRYPTION));
        }
        if (type.equals("ssh-ed25519")) {
            byte[] publicKey = pub.sshString(max);
            byte[] le = priv.sshString(max);
            NotAKey.require(le.length <= EdwardsProof.KEY_BYTES);
            // PuTTY stores the seed as an unsigned little-endian integer without its high zero bytes
            return SshKeys.required(EdwardsProof.prove(EdwardsProof.Curve.ED25519,
                    Arrays.copyOf(le, EdwardsProof.KEY_BYTES), publicKey));
        }
        ASN1ObjectIdentifier curve = SshKeys.ecdsaCurve(type);
        NotAKey.require(curve != null && curve.equals(SshKeys.ecdsaCurve(pub.sshAscii(64))));
        byte[] q = pub.sshString(max);
        return SshKeys.required(EcProof.prove(curve, priv.sshMpint(max), q));
    }

    /** Line reader that knows how many bytes it consumed, line terminators included. */
    private static final class Lines {
        private final String text;
        private int at;

        Lines(String text) {
            this.text = text;
        }

        String peek() throws NotAKey {
            int save = at;
            String l = next();
            at = save;
            return l;
        }

        String next() throws NotAKey {
            NotAKey.require(at < text.length());
            int nl = text.indexOf('\n', at);
            int end = nl < 0 ? text.length() : nl;
            String line = text.substring(at, end);
            at = nl < 0 ? text.length() : nl + 1;
            return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        }

        String value(String key) throws NotAKey {
            String l = next();
            NotAKey.require(l.startsWith(key + ": "));
            return l.substring(key.length() + 2);
        }

        byte[] base64Block(String key) throws NotAKey {
            int count;
            try {
                count = Integer.parseInt(value(key).strip());
            } catch (NumberFormatException e) {
                throw NotAKey.INSTANCE;
            }
            NotAKey.require(count >= 1 && count <= MAX_LINES);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < count; i++) {
                b.append(next().strip());
            }
            try {
                return Base64.getDecoder().decode(b.toString());
            } catch (IllegalArgumentException badBase64) {
                throw NotAKey.INSTANCE;
            }
        }

        /** Bytes consumed, without the last line terminator. */
        int consumed() {
            int end = at;
            while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
                end--;
            }
            return end;
        }
    }
}
