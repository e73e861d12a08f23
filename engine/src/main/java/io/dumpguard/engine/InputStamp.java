package io.dumpguard.engine;

import io.dumpguard.core.error.InputRefusedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;

/**
 * What identifies an input's contents without reading it: file identity, size, modification and (where the
 * platform has one) change time. A run reads its input several times (scan, digest, the copy it redacts); a dump
 * still being written, or replaced, while that happens would leave a report that describes bytes nobody scanned. A
 * run checks the stamp at its end and refuses when it differs. The change time cannot be set by a writer, so a
 * rewrite that restores the modification time is caught too.
 */
record InputStamp(Path path, Object fileKey, long size, FileTime modified, FileTime changed) {
    static InputStamp of(Path path) throws IOException {
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
        FileTime ctime = null;
        try {
            ctime = (FileTime) Files.getAttribute(path, "unix:ctime");
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            // not a POSIX file system: identity, size and modification time only
        }
        return new InputStamp(path, a.fileKey(), a.size(), a.lastModifiedTime(), ctime);
    }

    /** Throws when the input is no longer the file this stamp was taken of, or has been written since. */
    void checkUnchanged() throws IOException, InputRefusedException {
        InputStamp now = of(path);
        if (!Objects.equals(fileKey, now.fileKey) || size != now.size || !Objects.equals(modified, now.modified)
                || !Objects.equals(changed, now.changed)) {
            throw new InputRefusedException("the input changed while it was being read (" + describe(now)
                    + "): the run describes bytes that are no longer there; nothing written");
        }
    }

    private String describe(InputStamp now) {
        if (!Objects.equals(fileKey, now.fileKey)) {
            return "it was replaced by another file";
        }
        if (size != now.size) {
            return "size " + size + " -> " + now.size + " bytes";
        }
        return "modified " + modified + " -> " + now.modified;
    }
}
