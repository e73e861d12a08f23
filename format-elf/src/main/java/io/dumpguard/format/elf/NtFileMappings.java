package io.dumpguard.format.elf;

import io.dumpguard.core.Limits;
import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.error.LimitExceededException;
import io.dumpguard.core.error.MalformedDumpException;
import io.dumpguard.core.io.MappedFile;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The {@code NT_FILE} note: {@code long count; long page_size; struct {long start, end, file_ofs;} [count];}
 * then {@code count} NUL-terminated path names. Words are {@code long}: 8 bytes in ELF64, 4 in ELF32.
 * Entries are kept sorted by start so that a segment's file is found by binary search.
 */
public final class NtFileMappings {
    /** Largest NT_FILE descriptor read into memory (a process with 100,000 mappings writes about 10 MB). */
    static final int MAX_NT_FILE_BYTES = 64 << 20;

    private final long pageSize;
    private final long[] start;
    private final long[] end;
    private final long[] fileOfs;
    private final String[] names;

    private NtFileMappings(long pageSize, long[] start, long[] end, long[] fileOfs, String[] names) {
        this.pageSize = pageSize;
        this.start = start;
        this.end = end;
        this.fileOfs = fileOfs;
        this.names = names;
    }

    public static NtFileMappings empty() {
        return new NtFileMappings(0, new long[0], new long[0], new long[0], new String[0]);
    }

    static NtFileMappings read(MappedFile f, ElfHeader hdr, ElfNote note, Limits limits) throws InputRefusedException {
        String what = hdr.nhdrName() + " #" + note.index() + " NT_FILE";
        int w = hdr.wordSize();
        long descsz = note.descsz();
        if (descsz > MAX_NT_FILE_BYTES) {
            throw new LimitExceededException("NT_FILE size (NtFileMappings.MAX_NT_FILE_BYTES)", descsz,
                    MAX_NT_FILE_BYTES, "a core mapping more files than this is refused");
        }
        if (descsz < 2L * w) {
            throw MalformedDumpException.pastEnd(note.descOffset(), what, 2L * w, descsz);
        }
        byte[] d = f.bytes(note.descOffset(), (int) descsz, what);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(d).order(hdr.order());
        long count = word(b, 0, w);
        long pageSize = word(b, w, w);
        if (count < 0 || count > limits.maxRegions()) {
            throw new LimitExceededException("NT_FILE count (maxRegions)", count, limits.maxRegions(),
                    "raise Limits.maxRegions");
        }
        long tableBytes = count * 3 * w;
        if (tableBytes > descsz - 2L * w) {
            throw new MalformedDumpException(note.descOffset(), what + ".count",
                    count + " entries need " + tableBytes + " bytes but " + (descsz - 2L * w) + " remain");
        }
        int n = (int) count;
        long[] s = new long[n];
        long[] e = new long[n];
        long[] o = new long[n];
        for (int i = 0; i < n; i++) {
            int p = 2 * w + i * 3 * w;
            s[i] = word(b, p, w);
            e[i] = word(b, p + w, w);
            o[i] = word(b, p + 2 * w, w);
            if (Long.compareUnsigned(e[i], s[i]) < 0) {
                throw new MalformedDumpException(note.descOffset() + p, what + " entry #" + i,
                        "end below start");
            }
        }
        String[] names = new String[n];
        int pos = 2 * w + (int) tableBytes;
        for (int i = 0; i < n; i++) {
            int z = pos;
            while (z < d.length && d[z] != 0) {
                z++;
            }
            if (z >= d.length) {
                throw new MalformedDumpException(note.descOffset() + pos, what + " name #" + i,
                        "file name not NUL-terminated inside the descriptor");
            }
            names[i] = new String(d, pos, z - pos, StandardCharsets.UTF_8);
            pos = z + 1;
        }
        return sorted(pageSize, s, e, o, names);
    }

    private static NtFileMappings sorted(long pageSize, long[] s, long[] e, long[] o, String[] names) {
        int[] order = IndexSort.byUnsigned(s);
        long[] s2 = new long[s.length];
        long[] e2 = new long[s.length];
        long[] o2 = new long[s.length];
        String[] n2 = new String[s.length];
        for (int i = 0; i < order.length; i++) {
            s2[i] = s[order[i]];
            e2[i] = e[order[i]];
            o2[i] = o[order[i]];
            n2[i] = names[order[i]];
        }
        return new NtFileMappings(pageSize, s2, e2, o2, n2);
    }

    private static long word(java.nio.ByteBuffer b, int p, int w) {
        return w == 8 ? b.getLong(p) : b.getInt(p) & 0xffffffffL;
    }

    public int count() {
        return start.length;
    }

    public long pageSize() {
        return pageSize;
    }

    /** Index of the mapping containing {@code vaddr}, or -1. */
    public int find(long vaddr) {
        int lo = 0;
        int hi = start.length - 1;
        int best = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(start[mid], vaddr) <= 0) {
                best = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return best >= 0 && Long.compareUnsigned(vaddr, end[best]) < 0 ? best : -1;
    }

    public String name(int i) {
        return names[i];
    }

    public long start(int i) {
        return start[i];
    }

    public long end(int i) {
        return end[i];
    }

    /** File offset of the mapping in units of {@link #pageSize()}, as the kernel writes it. */
    public long fileOfs(int i) {
        return fileOfs[i];
    }

    /** Index of the first mapping whose file name ends with {@code suffix}, or -1. */
    public int findName(String suffix) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].endsWith(suffix)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "NtFileMappings[" + start.length + " files, names " + Arrays.stream(names).distinct().count() + "]";
    }
}
