package io.dumpguard.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * Keeps refused inputs where nobody downloads them by accident: one owner-only folder per refusal holding the input
 * (hard link when on the same file system, else a copy) and {@code report.json}. The folder is assembled under a
 * hidden name and renamed into place, so a folder that is visible is complete.
 */
final class Quarantine {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private Quarantine() {
    }

    static Path keep(Path quarantineDir, Path input, String inputSha256, SanitizeOutcome outcome, String reason)
            throws IOException {
        DurableFiles.createOwnerOnlyDirectories(quarantineDir);
        String base = STAMP.format(Instant.now()) + "-" + (inputSha256 == null ? "unknown" : inputSha256.substring(0, 12))
                + "-" + UUID.randomUUID().toString().substring(0, 8);
        Path staging = quarantineDir.resolve("." + base + ".partial");
        DurableFiles.createOwnerOnlyDirectories(staging);
        Path copy = staging.resolve(input.getFileName().toString());
        try {
            Files.createLink(copy, input);
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (e instanceof FileAlreadyExistsException) {
                throw e;
            }
            Files.copy(input, copy, StandardCopyOption.COPY_ATTRIBUTES);
        }
        DurableFiles.fsync(copy);
        DurableFiles.writeNewOwnerOnly(staging.resolve("report.json"), report(input, inputSha256, outcome, reason));
        DurableFiles.fsyncDirectory(staging);
        Path fin = quarantineDir.resolve(base);
        Files.move(staging, fin, StandardCopyOption.ATOMIC_MOVE);
        DurableFiles.fsyncDirectory(quarantineDir);
        return fin;
    }

    /** The engine's report when there is one, else a minimal one with the same leading fields. */
    private static byte[] report(Path input, String sha, SanitizeOutcome outcome, String reason) throws IOException {
        if (outcome != null && outcome.reportJson() != null) {
            return outcome.reportJson().getBytes(StandardCharsets.UTF_8);
        }
        ObjectNode r = JSON.createObjectNode();
        r.put("verdict", "refused");
        r.putObject("input").put("name", input.getFileName().toString()).put("sha256", sha);
        r.put("format", outcome == null ? null : outcome.format());
        r.put("refusal", reason);
        r.putArray("findings");
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(r);
    }
}
