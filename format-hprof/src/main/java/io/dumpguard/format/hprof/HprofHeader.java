package io.dumpguard.format.hprof;

import io.dumpguard.core.error.MalformedDumpException;
import io.dumpguard.core.io.MappedFile;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The file header: {@code "JAVA PROFILE 1.0.x\0"}, u4 identifier size, u8 milliseconds since the epoch.
 *
 * @param version   "1.0.1", "1.0.2" or "1.0.3"
 * @param idSize    4 or 8
 * @param timestamp milliseconds since the epoch when the dump was written
 * @param length    bytes of the header (where the first record starts)
 */
public record HprofHeader(String version, int idSize, long timestamp, int length) {
    public static final String MAGIC_PREFIX = "JAVA PROFILE 1.0.";
    static final int MAGIC_LENGTH = MAGIC_PREFIX.length() + 2; // digit + NUL

    /** True when the header's magic is one of the versions this reader knows. */
    public static boolean hasMagic(byte[] head) {
        if (head.length < MAGIC_LENGTH) {
            return false;
        }
        for (int i = 0; i < MAGIC_PREFIX.length(); i++) {
            if (head[i] != MAGIC_PREFIX.charAt(i)) {
                return false;
            }
        }
        byte minor = head[MAGIC_PREFIX.length()];
        return minor >= '1' && minor <= '3' && head[MAGIC_LENGTH - 1] == 0;
    }

    public boolean android() {
        return version.equals("1.0.3");
    }

    static HprofHeader read(MappedFile file) throws MalformedDumpException {
        byte[] head = file.bytes(0, (int) Math.min(MAGIC_LENGTH, file.size()), "HPROF header");
        if (!hasMagic(head)) {
            throw MalformedDumpException.expected(0, "HPROF header", "\"JAVA PROFILE 1.0.1\\0\", \"1.0.2\\0\" or \"1.0.3\\0\"",
                    "other bytes");
        }
        String version = new String(head, MAGIC_PREFIX.length() - 4, 5, StandardCharsets.US_ASCII);
        int idSize = file.i32(MAGIC_LENGTH, ByteOrder.BIG_ENDIAN, "HPROF header identifier size");
        if (idSize != 4 && idSize != 8) {
            throw MalformedDumpException.expected(MAGIC_LENGTH, "HPROF header identifier size", "4 or 8", idSize);
        }
        long timestamp = file.i64(MAGIC_LENGTH + 4, ByteOrder.BIG_ENDIAN, "HPROF header timestamp");
        return new HprofHeader(version, idSize, timestamp, MAGIC_LENGTH + 12);
    }
}
