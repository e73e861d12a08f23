package io.dumpguard.core;

import java.util.Objects;

/**
 * A byte range of the input file and what it holds.
 *
 * @param offset       position of the first byte in the file
 * @param length       number of bytes
 * @param kind         what the bytes are
 * @param address      virtual address of the first byte in the process, or {@link #NO_ADDRESS}
 * @param alignBase    the address used for alignment decisions: for native memory the virtual address, for
 *                     a heap array 0 (array payloads start aligned), for a raw image the file offset
 * @param redactable   whether the bytes may be overwritten without breaking the format
 * @param label        a short human description ("int[] 0x7f3a.. len 64", "PT_LOAD #3 [stack]")
 */
public record Region(long offset, long length, RegionKind kind, long address, long alignBase,
                     boolean redactable, String label) {
    public static final long NO_ADDRESS = -1L;

    public Region {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative region offset/length " + offset + "/" + length);
        }
        Objects.requireNonNull(kind, "kind");
        label = label == null ? "" : label;
    }

    public long end() {
        return offset + length;
    }

    public boolean contains(long fileOffset, long len) {
        return fileOffset >= offset && fileOffset + len <= end();
    }

    /** Virtual address of the byte at {@code fileOffset}, or {@link #NO_ADDRESS}. */
    public long addressOf(long fileOffset) {
        return address == NO_ADDRESS ? NO_ADDRESS : address + (fileOffset - offset);
    }

    public static Region raw(long offset, long length) {
        return new Region(offset, length, RegionKind.RAW, NO_ADDRESS, offset, true, "raw bytes");
    }
}
