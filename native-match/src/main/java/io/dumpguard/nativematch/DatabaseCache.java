package io.dumpguard.nativematch;

import com.gliwka.hyperscan.jni.hs_database_t;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;

import static com.gliwka.hyperscan.jni.hyperscan.HS_SUCCESS;
import static com.gliwka.hyperscan.jni.hyperscan.hs_deserialize_database;
import static com.gliwka.hyperscan.jni.hyperscan.hs_serialize_database;
import static com.gliwka.hyperscan.jni.hyperscan.hs_version;

/**
 * Compiled databases of the built-in pattern sets (the credential rule pack's anchors, the private-key anchors) kept
 * on disk between runs: compiling them costs 50-100 ms of each start, loading one a millisecond. Off unless the
 * system property {@value #PROPERTY} names a directory ({@code bin/dumpguard} sets it to a folder beside the jar, so
 * the cache has the jar's own trust: whoever can write it can replace the jar). Only fixed sets are ever cached:
 * never one built from a run's findings (copies of proven secrets), which must not reach the disk.
 *
 * <p>A file is named after the SHA-256 of everything that determines the database (Hyperscan's version, the call,
 * every expression, flag and id), so a changed set never meets a stale file. Hyperscan checks what it loads (magic,
 * version, the CPU features it was compiled for, a CRC of the bytecode) and refuses a file that fails; the set is
 * then compiled again and the file replaced. Any failure to read or write the cache only means compiling.
 */
final class DatabaseCache {
    /** System property: the directory for cached databases; unset keeps no cache. */
    static final String PROPERTY = "dumpguard.hyperscan.cache";
    /** Larger files are not loaded (the built-in sets compile to a few hundred KB). */
    static final int MAX_FILE_BYTES = 64 << 20;

    private DatabaseCache() {
    }

    /** The key of one compile call: the SHA-256 of Hyperscan's version and everything the call compiles. */
    static final class Key {
        private final MessageDigest sha;

        private Key() {
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }

        /** The key of {@code call} compiling {@code expressions} (in order) with these flags and ids. */
        static Key of(String call, int[] flags, int[] ids, Iterable<byte[]> expressions) {
            Key k = new Key();
            k.add(hs_version().getString().getBytes(StandardCharsets.US_ASCII));
            k.add(call.getBytes(StandardCharsets.US_ASCII));
            k.add(flags);
            k.add(ids);
            for (byte[] e : expressions) {
                k.add(e);
            }
            return k;
        }

        private void add(byte[] bytes) {
            addInt(bytes.length);
            sha.update(bytes);
        }

        private void add(int[] values) {
            addInt(values.length);
            for (int v : values) {
                addInt(v);
            }
        }

        private void addInt(int v) {
            sha.update(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
        }

        String fileName() {
            return "hs-" + HexFormat.of().formatHex(sha.digest()) + ".db";
        }
    }

    /**
     * The database for {@code key}: loaded from the cache when a valid file is there, else made by {@code compile}
     * and stored. Without a cache directory (or with a null key) this is {@code compile.get()}.
     */
    static hs_database_t loadOrCompile(Key key, Supplier<hs_database_t> compile) {
        Path dir = directory();
        if (dir == null || key == null) {
            return compile.get();
        }
        Path file = dir.resolve(key.fileName());
        hs_database_t db = load(file);
        if (db != null) {
            return db;
        }
        db = compile.get();
        if (db != null) {
            store(db, dir, file);
        }
        return db;
    }

    private static Path directory() {
        String d = System.getProperty(PROPERTY);
        return d == null || d.isBlank() ? null : Path.of(d);
    }

    private static hs_database_t load(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_FILE_BYTES) {
                return null;
            }
            byte[] bytes = Files.readAllBytes(file);
            try (BytePointer in = new BytePointer(bytes.length);
                 PointerPointer<hs_database_t> out = new PointerPointer<>(1)) {
                in.put(bytes, 0, bytes.length);
                out.put(0, (Pointer) null);
                if (hs_deserialize_database(in, bytes.length, out) != HS_SUCCESS) {
                    return null; // another Hyperscan build or CPU, or a damaged file: compile and replace it
                }
                hs_database_t db = out.get(hs_database_t.class);
                return db == null || db.isNull() ? null : db;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void store(hs_database_t db, Path dir, Path file) {
        try (PointerPointer<BytePointer> out = new PointerPointer<>(1);
             SizeTPointer length = new SizeTPointer(1)) {
            out.put(0, (Pointer) null);
            if (hs_serialize_database(db, out, length) != HS_SUCCESS) {
                return;
            }
            BytePointer serialized = out.get(BytePointer.class);
            try {
                long n = length.get();
                if (serialized == null || serialized.isNull() || n <= 0 || n > MAX_FILE_BYTES) {
                    return;
                }
                byte[] bytes = new byte[(int) n];
                serialized.capacity(n).get(bytes);
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, "hs-", ".tmp");
                try {
                    Files.write(tmp, bytes);
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            } finally {
                if (serialized != null && !serialized.isNull()) {
                    Pointer.free(serialized); // hs_serialize_database allocates with malloc (the default allocator)
                }
            }
        } catch (IOException | RuntimeException e) {
            // a cache that cannot be written is no cache: the database was compiled and is used
        }
    }
}
