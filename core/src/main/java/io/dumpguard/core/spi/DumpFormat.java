package io.dumpguard.core.spi;

import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.io.MappedFile;

import java.io.IOException;

/**
 * A dump format: recognised by its magic bytes (never by file name), parsed into regions. Implementations are
 * found with {@link java.util.ServiceLoader}; {@link #priority()} orders the magic checks, and the raw format,
 * which recognises everything, comes last.
 */
public interface DumpFormat {
    /** Stable id used in reports and {@code --format}: "hprof", "elf-core", "minidump", "raw". */
    String id();

    /** Lower runs first. Specific formats use 0..99; the raw fallback uses {@link Integer#MAX_VALUE}. */
    default int priority() {
        return 50;
    }

    /** @param head the first bytes of the file (up to 64), fewer when the file is shorter */
    boolean recognizes(byte[] head, long fileSize);

    /**
     * Reads and validates the whole structure. Must throw {@link io.dumpguard.core.error.MalformedDumpException}
     * (with offset and structure) for anything it cannot fully parse: the pipeline fails closed on it.
     */
    ParsedDump parse(MappedFile file, ScanContext context) throws InputRefusedException, IOException;

    /**
     * Whether {@link #parseCopy} proves a sanitized copy's structure equal to its input's by comparing the copy's
     * structural bytes with the input's where the redaction wrote, instead of a digest of each file's structural
     * bytes. The engine then parses the input with {@link ScanContext#STRUCTURE_COMPARED} (no digest) and the copy
     * with {@link #parseCopy}.
     */
    default boolean comparesCopies() {
        return false;
    }

    /**
     * Parses {@code copy}, a sanitized copy of {@code input} that the caller proves byte for byte equal to the input
     * everywhere {@code changed} does not meet, and proves its structure equal to the input's: every byte this
     * parse reads as structure (a tag, length, id, class record, name; anything but the contents a redaction may
     * overwrite) that lies where {@code changed} meets must equal the input's byte at the same offset. Since the
     * parse decides by structural bytes only, the copy then parses exactly as the input did. The result's
     * {@link StructureSummary#structureDigest()} is null; its counts are compared with the input's by the caller.
     *
     * @throws io.dumpguard.core.error.VerificationFailedException naming the offset of the first structural byte
     *                                                             that differs
     */
    default ParsedDump parseCopy(MappedFile copy, ScanContext context, MappedFile input, OffsetFilter changed)
            throws InputRefusedException, IOException {
        throw new UnsupportedOperationException(id() + " does not compare copies (comparesCopies() is false)");
    }

    /**
     * For formats of object heaps: the binary class names ({@code sun.security.rsa.RSAPrivateCrtKeyImpl}) whose
     * instances, or instances of their subclasses, this format's structural detection starts from. A reader that
     * extracts a heap from another dump (a JVM core) writes these objects and what they reference instead of the
     * whole heap. Empty for formats without classes.
     */
    default java.util.Set<String> keyClassNames() {
        return java.util.Set.of();
    }
}
