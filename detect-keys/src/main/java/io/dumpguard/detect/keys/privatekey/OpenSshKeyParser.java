package io.dumpguard.detect.keys.privatekey;

import io.dumpguard.detect.keys.proof.ProvenKey;

import java.nio.charset.StandardCharsets;

/**
 * OpenSSH's own private key format ({@code openssh-key-v1\0}, PROTOCOL.key): cipher, kdf, public keys, then the
 * private section. Unencrypted ({@code none}) keys are proven from the private section; encrypted ones are
 * reported as protected.
 */
final class OpenSshKeyParser {
    static final String OPENSSH = "key.openssh";
    static final String OPENSSH_ENCRYPTED = "key.openssh.encrypted";
    static final byte[] MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);
    /** OpenSSH writes one key per file; a few allow for hand-made bundles. */
    static final int MAX_KEYS = 8;

    private OpenSshKeyParser() {
    }

    static KeyMatch parse(byte[] data, int pos, int limit, int maxBytes) {
        int end = (int) Math.min(limit, (long) pos + maxBytes);
        try {
            BoundedReader r = new BoundedReader(data, pos, end);
            NotAKey.require(r.remaining() >= MAGIC.length
                    && java.util.Arrays.equals(data, pos, pos + MAGIC.length, MAGIC, 0, MAGIC.length));
            r.skip(MAGIC.length);
            String cipher = r.sshAscii(64);
            String kdf = r.sshAscii(64);
            r.sshString(1024); // kdf options
            int keys = r.u32be();
            NotAKey.require(keys >= 1 && keys <= MAX_KEYS);
            for (int i = 0; i < keys; i++) {
                r.sshString(SshKeys.MAX_FIELD_BYTES * 2);
            }
            int privLen = r.length(true, maxBytes);
            int privStart = r.position();
            int structEnd = privStart + privLen;
            if (!cipher.equals("none")) {
                NotAKey.require(!kdf.equals("none") && privLen > 0 && privLen % 8 == 0);
                return KeyMatch.protectedKey(pos, structEnd - pos, OPENSSH_ENCRYPTED, "openssh",
                        "OpenSSH key (" + cipher + ")");
            }
            NotAKey.require(kdf.equals("none"));
            BoundedReader p = new BoundedReader(data, privStart, structEnd);
            NotAKey.require(p.u32be() == p.u32be());
            ProvenKey first = null;
            for (int i = 0; i < keys; i++) {
                ProvenKey k = SshKeys.openSshPrivate(p.sshAscii(64), p);
                p.sshString(SshKeys.MAX_FIELD_BYTES); // comment
                first = first == null ? k : first;
            }
            return KeyMatch.proven(pos, structEnd - pos, OPENSSH, "openssh", first, "OpenSSH private key");
        } catch (NotAKey notAKey) {
            return null;
        }
    }
}
