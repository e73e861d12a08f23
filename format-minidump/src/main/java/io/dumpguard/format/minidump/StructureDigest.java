package io.dumpguard.format.minidump;

import io.dumpguard.core.error.MalformedDumpException;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/** SHA-256 over the structural spans (position, length and bytes, in file order): never over payload. */
final class StructureDigest {
    private static final int BUFFER = 64 * 1024;

    private StructureDigest() {
    }

    static String of(MinidumpInput in, List<FileLayout.Span> spans) throws MalformedDumpException {
        MessageDigest sha = io.dumpguard.core.digest.Sha256.newDigest();
        byte[] buf = new byte[BUFFER];
        byte[] position = new byte[16];
        for (FileLayout.Span s : spans) {
            java.nio.ByteBuffer.wrap(position).putLong(s.offset()).putLong(s.length());
            sha.update(position);
            long pos = s.offset();
            long left = s.length();
            while (left > 0) {
                int n = (int) Math.min(left, BUFFER);
                in.file().read(pos, buf, 0, n, s.structure());
                sha.update(buf, 0, n);
                pos += n;
                left -= n;
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
