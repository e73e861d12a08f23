package io.dumpguard.gate;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;

/**
 * Untrusted input the gate parses: attestation envelopes (accept) and audit log files (audit verify). An envelope
 * may only be rejected with {@link Dsse.RejectedException}; the verifier must report, never throw, on any log.
 */
class AttestationFuzzTest {
    private static final PublicKey KEY = key();

    private static PublicKey key() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair().getPublic();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void envelopesAreRejectedCleanly(FuzzedDataProvider data) {
        String type = data.consumeBoolean() ? Dsse.IN_TOTO_PAYLOAD_TYPE : data.consumeString(40);
        try {
            Dsse.verify(data.consumeRemainingAsString(), type, KEY);
            throw new AssertionError("an unsigned envelope verified");
        } catch (Dsse.RejectedException expected) {
            // the only documented outcome
        }
    }

    @FuzzTest(maxDuration = "10s")
    void auditLogsAreVerifiedWithoutExceptions(byte[] content) throws Exception {
        Path dir = Files.createTempDirectory("dg-audit-fuzz");
        try {
            Files.write(AuditFiles.file(dir, 1), content);
            new AuditVerifier(KEY).verify(dir);
        } finally {
            Files.deleteIfExists(AuditFiles.file(dir, 1));
            Files.deleteIfExists(dir);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void auditTailsAreReadWithinBounds(byte[] content) throws Exception {
        Path f = Files.createTempFile("dg-audit-tail", ".jsonl");
        try {
            Files.write(f, content);
            AuditFiles.Tail t = AuditFiles.tail(f);
            if (t.lastLine() != null && t.lastLine().getBytes(StandardCharsets.UTF_8).length > content.length) {
                throw new AssertionError("tail longer than the file");
            }
        } catch (java.io.IOException expected) {
            // a last line over MAX_LINE_BYTES is reported as an IOException
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
