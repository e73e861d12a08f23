package io.dumpguard.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/** File digests in one call; {@link FileDigest} hashes beside a scan. */
public final class Digests {
    private Digests() {
    }

    public static String sha256(Path file) throws IOException {
        MessageDigest md = io.dumpguard.core.digest.Sha256.newDigest();
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
