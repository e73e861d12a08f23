package io.dumpguard.gate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GateKeysTest {
    @TempDir
    Path dir;

    @Test
    void keyIsCreatedOnFirstUseWithOwnerOnlyPermissionsAndReloaded() throws Exception {
        Path cfg = dir.resolve("gate");
        GateKey k = GateKeys.fileBacked(cfg);
        assertThat(k.publicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cfg))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cfg.resolve(GateKeys.PRIVATE_KEY_FILE))))
                .isEqualTo("rw-------");
        assertThat(GateKeys.fileBacked(cfg).keyId()).isEqualTo(k.keyId());
        assertThat(k.publicKeyPem()).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(GateKeys.readPublicKeyPem(k.publicKeyPem())).isEqualTo(k.publicKey());
        try (var s = Files.list(cfg)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    GateKeys.PRIVATE_KEY_FILE, GateKeys.PUBLIC_KEY_FILE);
        }
    }

    @Test
    void aKeyFileOthersCanReadIsRefused() throws Exception {
        GateKeys.fileBacked(dir);
        Files.setPosixFilePermissions(dir.resolve(GateKeys.PRIVATE_KEY_FILE), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> GateKeys.fileBacked(dir)).hasMessageContaining("chmod 600");
    }

    @Test
    void concurrentFirstUseCreatesExactlyOneKey() throws Exception {
        Path cfg = dir.resolve("race");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ids.add(pool.submit(() -> GateKeys.fileBacked(cfg).keyId()));
            }
            Set<String> distinct = new HashSet<>();
            for (Future<String> f : ids) {
                distinct.add(f.get());
            }
            assertThat(distinct).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
