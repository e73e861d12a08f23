package io.dumpguard.gate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;

/**
 * File operations whose results survive a crash: fsync of files and directories, owner-only creation, and
 * publishing a finished temporary file under its final name without ever replacing an existing file.
 */
final class DurableFiles {
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

    private DurableFiles() {
    }

    static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** Creates the directory (and parents) with mode 0700 for every directory this call creates. */
    static void createOwnerOnlyDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (posix(dir)) {
            FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(OWNER_DIR);
            Files.createDirectories(dir, attr);
        } else {
            Files.createDirectories(dir);
        }
    }

    /** Creates a new file, owner read/write only from the moment it exists, and writes and fsyncs {@code data}. */
    static void writeNewOwnerOnly(Path file, byte[] data) throws IOException {
        Set<StandardOpenOption> opts = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try (FileChannel ch = posix(file)
                ? FileChannel.open(file, opts, PosixFilePermissions.asFileAttribute(OWNER_FILE))
                : FileChannel.open(file, opts)) {
            writeFully(ch, ByteBuffer.wrap(data));
            ch.force(true);
        }
    }

    static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** Makes a rename or link in {@code dir} durable (Linux: fsync of the directory). */
    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems refuse to open or sync a directory; the rename is still atomic there
            if (!(e instanceof FileSystemException)) {
                throw e;
            }
        }
    }

    /**
     * Gives the finished, fsynced {@code tmp} its final name in the same directory, atomically and never over an
     * existing file: a hard link (fails if the name exists) followed by removal of the temporary name. Where hard
     * links are not supported, an atomic rename after an existence check.
     */
    static void publishNoReplace(Path tmp, Path fin) throws IOException {
        try {
            Files.createLink(fin, tmp);
            Files.delete(tmp);
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (e instanceof FileAlreadyExistsException) {
                throw e;
            }
            if (Files.exists(fin, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(fin.toString());
            }
            Files.move(tmp, fin, StandardCopyOption.ATOMIC_MOVE);
        }
        fsyncDirectory(fin.toAbsolutePath().getParent());
    }

    static String sha256Hex(Path file) throws IOException {
        MessageDigest md = sha256();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static MessageDigest sha256() {
        return io.dumpguard.core.digest.Sha256.newDigest();
    }

    /** True when group or others may read or write the file (a private key must not be). */
    static boolean openToOthers(Path file) throws IOException {
        if (!posix(file)) {
            return false;
        }
        Set<PosixFilePermission> perms = Files.getFileAttributeView(file, PosixFileAttributeView.class)
                .readAttributes().permissions();
        return perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.GROUP_WRITE)
                || perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.OTHERS_WRITE);
    }
}
