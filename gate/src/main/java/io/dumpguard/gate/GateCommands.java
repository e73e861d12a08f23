package io.dumpguard.gate;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;

/**
 * The gate's commands as the CLI runs them: each prints to the streams it is given and returns the exit code of the
 * contract (0 success, 2 usage or I/O error, 3 refused; {@code audit verify}: 1 when the log was tampered with).
 * Messages carry names, digests, detector ids and counts, never secret bytes.
 */
public final class GateCommands {
    public static final int OK = 0;
    public static final int FOUND = 1;
    public static final int ERROR = 2;
    public static final int REFUSED = 3;

    private final Gate gate;

    public GateCommands(Gate gate) {
        this.gate = gate;
    }

    /** {@code release IN --to DIR}. */
    public int release(Path in, Path toDir, ReleaseOptions options, PrintStream out, PrintStream err) {
        try {
            ReleaseResult r = gate.release(in, toDir, options);
            if (r.released()) {
                out.println("released " + r.output() + " (" + r.outcome().verdict().id() + ", "
                        + r.outcome().findings().size() + " findings removed, sha256 " + r.outputSha256() + ")");
                out.println("attestation " + r.attestation() + " signed by gate key " + gate.key().keyId());
            } else {
                err.println("refused: " + r.reason());
                err.println("input kept in quarantine: " + r.quarantine());
            }
            return r.exitCode();
        } catch (IOException | RuntimeException e) {
            err.println("release failed: " + e.getMessage());
            return ERROR;
        }
    }

    /** {@code accept FILE --attestation A --trust PEM [--rescan]}. */
    public int accept(Path file, Path attestation, Path trustedPubKeyPem, AcceptOptions options, PrintStream out,
                      PrintStream err) {
        try {
            AcceptResult a = gate.accept(file, attestation, trustedPubKeyPem, options);
            (a.accepted() ? out : err).println(a.accepted() ? a.reason() : "refused: " + a.reason());
            return a.exitCode();
        } catch (IOException | RuntimeException e) {
            err.println("accept failed: " + e.getMessage());
            return ERROR;
        }
    }

    /** {@code audit verify [--trust PEM]}: checkpoints are checked with the given key, else this gate's own. */
    public int auditVerify(Path trustedPubKeyPem, PrintStream out, PrintStream err) {
        try {
            PublicKey key = trustedPubKeyPem == null ? gate.key().publicKey()
                    : GateKeys.readPublicKeyPem(Files.readString(trustedPubKeyPem, StandardCharsets.US_ASCII));
            AuditVerification v = gate.audit().verify(key);
            if (v.ok()) {
                out.println(v.message());
                return OK;
            }
            err.println("audit log " + gate.audit().directory() + ": " + v.problem() + ": " + v.message());
            return FOUND;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            err.println("audit verify failed: " + e.getMessage());
            return ERROR;
        }
    }

    /** {@code audit export [--format jsonl|syslog]}. */
    public int auditExport(AuditLog.ExportFormat format, PrintStream out, PrintStream err) {
        try {
            gate.audit().export(format, out);
            return OK;
        } catch (IOException | RuntimeException e) {
            err.println("audit export failed: " + e.getMessage());
            return ERROR;
        }
    }

    /** {@code gate pubkey}: the PEM that receivers pass to {@code accept --trust}. */
    public int publicKey(PrintStream out, PrintStream err) {
        try {
            out.print(gate.publicKeyPem());
            return OK;
        } catch (IOException | RuntimeException e) {
            err.println("cannot read the gate key: " + e.getMessage());
            return ERROR;
        }
    }

    /** Records a scan, sanitize or verify the CLI ran outside the gate; returns false (and says why) on failure. */
    public boolean record(AuditEvent event, PrintStream err) {
        try {
            gate.audit().append(event);
            return true;
        } catch (IOException | RuntimeException e) {
            err.println("audit log not written: " + e.getMessage());
            return false;
        }
    }
}
