package io.dumpguard.gate;

import io.dumpguard.core.Finding;
import io.dumpguard.core.Region;
import io.dumpguard.core.RegionKind;
import io.dumpguard.core.Verdict;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A stand-in for the engine: the "secret" is the ASCII marker {@link #MARKER}; sanitize zeroes every copy of it
 * (length-preserving), verify reports any copy; an input starting with {@link #REFUSE_PREFIX} is refused. Optional
 * behaviours for the tests: announce on a stream and block forever inside sanitize (killed by the test), or be a
 * broken engine that copies without redacting yet claims success.
 */
final class FakeSanitizer implements Sanitizer {
    static final String MARKER = "BEGIN-TEST-SECRET-0123456789";
    static final String REFUSE_PREFIX = "REFUSE";
    static final String DETECTOR = "test.marker";
    static final String FINGERPRINT = "ab".repeat(32);

    private final PrintStream announce;
    private final boolean block;
    private final boolean broken;

    FakeSanitizer() {
        this(null, false, false);
    }

    FakeSanitizer(PrintStream announce, boolean block, boolean broken) {
        this.announce = announce;
        this.block = block;
        this.broken = broken;
    }

    static FakeSanitizer broken() {
        return new FakeSanitizer(null, false, true);
    }

    @Override
    public SanitizeOutcome sanitize(Path in, Path out, SanitizeRequest request) throws IOException {
        byte[] data = Files.readAllBytes(in);
        String inSha = io.dumpguard.core.Fingerprints.sha256Hex(data);
        if (startsWith(data, REFUSE_PREFIX)) {
            return SanitizeOutcome.refused("fake", inSha, "test input marked for refusal at offset 0x0");
        }
        List<Finding> findings = find(data);
        byte[] copy = data.clone();
        if (!broken) {
            for (Finding f : findings) {
                java.util.Arrays.fill(copy, (int) f.offset(), (int) f.end(), (byte) 0);
            }
        }
        Files.write(out, copy);
        if (announce != null) {
            announce.println("SANITIZING " + out.getFileName());
            announce.flush();
        }
        if (block) {
            try {
                new CountDownLatch(1).await(); // until the test kills this process
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        return new SanitizeOutcome(findings.isEmpty() ? Verdict.CLEAN : Verdict.REDACTED, "fake", inSha,
                io.dumpguard.core.Fingerprints.sha256Hex(copy), findings, null, null);
    }

    @Override
    public SanitizeOutcome verify(Path in, SanitizeRequest request) throws IOException {
        byte[] data = Files.readAllBytes(in);
        List<Finding> findings = find(data);
        return new SanitizeOutcome(findings.isEmpty() ? Verdict.CLEAN : Verdict.REDACTED, "fake",
                io.dumpguard.core.Fingerprints.sha256Hex(data), null, findings, null, null);
    }

    @Override
    public ToolInfo toolInfo() {
        return new ToolInfo("0.1.0-test", List.of(DETECTOR, "test.other"), "cd".repeat(32));
    }

    private static List<Finding> find(byte[] data) {
        byte[] m = MARKER.getBytes(StandardCharsets.US_ASCII);
        List<Finding> out = new ArrayList<>();
        outer:
        for (int i = 0; i + m.length <= data.length; i++) {
            for (int j = 0; j < m.length; j++) {
                if (data[i + j] != m[j]) {
                    continue outer;
                }
            }
            out.add(new Finding(DETECTOR, i, m.length, null, FINGERPRINT, null, "test marker", RegionKind.RAW,
                    Region.NO_ADDRESS, true, List.of()));
        }
        return out;
    }

    private static boolean startsWith(byte[] data, String prefix) {
        byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
        return data.length >= p.length && java.util.Arrays.equals(data, 0, p.length, p, 0, p.length);
    }
}
