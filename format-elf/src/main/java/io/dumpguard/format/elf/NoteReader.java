package io.dumpguard.format.elf;

import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.error.LimitExceededException;
import io.dumpguard.core.error.MalformedDumpException;
import io.dumpguard.core.io.MappedFile;

/**
 * Walks the notes of one {@code PT_NOTE} segment: {@code n_namesz}, {@code n_descsz}, {@code n_type} (4-byte words
 * in both classes), the name and the descriptor, each padded to the note alignment (4 in Linux cores; 8 only when
 * the segment says {@code p_align == 8}). Every length is checked against what remains of the segment.
 */
final class NoteReader {
    /** Longest owner name accepted; real names are a few bytes ("CORE", "LINUX"). */
    static final int MAX_NOTE_NAME = 256;
    /** Most notes in one core: a 20,000-thread process writes about 100,000. */
    static final int MAX_NOTES = 1 << 18;

    interface NoteVisitor {
        void note(ElfNote note) throws InputRefusedException;
    }

    private final MappedFile file;
    private final ElfHeader hdr;
    private int count;

    /** @param firstIndex number of notes already read from earlier PT_NOTE segments */
    NoteReader(MappedFile file, ElfHeader hdr, int firstIndex) {
        this.file = file;
        this.hdr = hdr;
        this.count = firstIndex;
    }

    /** Notes read so far, including {@code firstIndex}. */
    int count() {
        return count;
    }

    /**
     * @param start     p_offset of the PT_NOTE (already checked to lie in the file)
     * @param size      p_filesz
     * @param align     note alignment
     */
    void walk(long start, long size, int align, NoteVisitor visitor) throws InputRefusedException {
        String nhdr = hdr.nhdrName();
        long end = start + size;
        long pos = start;
        while (pos < end) {
            String what = nhdr + " #" + count;
            if (end - pos < 12) {
                throw MalformedDumpException.pastEnd(pos, what, 12, end - pos);
            }
            long namesz = file.u32(pos, hdr.order(), what);
            long descsz = file.u32(pos + 4, hdr.order(), what);
            int type = file.i32(pos + 8, hdr.order(), what);
            long nameOff = pos + 12;
            if (namesz > end - nameOff) {
                throw new MalformedDumpException(pos, what + ".n_namesz",
                        "name of " + namesz + " bytes runs past the PT_NOTE end (" + (end - nameOff) + " bytes remain)");
            }
            if (namesz > MAX_NOTE_NAME) {
                throw new MalformedDumpException(pos, what + ".n_namesz",
                        "name of " + namesz + " bytes exceeds " + MAX_NOTE_NAME);
            }
            long descOff = nameOff + pad(namesz, align);
            if (descOff > end || descsz > end - descOff) {
                throw new MalformedDumpException(pos + 4, what + ".n_descsz", "descriptor of " + descsz
                        + " bytes runs past the PT_NOTE end (" + Math.max(0, end - descOff) + " bytes remain)");
            }
            if (count >= MAX_NOTES) {
                throw new LimitExceededException("notes in a core (NoteReader.MAX_NOTES)", count + 1L, MAX_NOTES,
                        "a core with more notes than this is refused");
            }
            String name = readName(nameOff, (int) namesz, what);
            visitor.note(new ElfNote(pos, count, name, type, descOff, descsz));
            count++;
            // The last descriptor's padding may be cut off by the segment end.
            pos = Math.min(end, descOff + pad(descsz, align));
        }
    }

    private String readName(long off, int namesz, String what) throws MalformedDumpException {
        if (namesz == 0) {
            return "";
        }
        byte[] b = file.bytes(off, namesz, what + " name");
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xff;
            s.append(c >= 0x20 && c < 0x7f ? (char) c : '?');
        }
        return s.toString();
    }

    static long pad(long n, int align) {
        return (n + align - 1) & -(long) align;
    }
}
