package io.dumpguard.cli;

import io.dumpguard.core.spi.RegisteredKey;
import io.dumpguard.detect.keys.registered.KnownKeys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loads every --known-keys file. */
final class KnownKeysFiles {
    private KnownKeysFiles() {
    }

    static List<RegisteredKey> load(List<Path> files) throws IOException {
        List<RegisteredKey> keys = new ArrayList<>();
        for (Path p : files) {
            if (!Files.isRegularFile(p)) {
                throw new IOException("--known-keys " + p + ": no such file");
            }
            keys.addAll(KnownKeys.load(p));
        }
        return keys;
    }
}
