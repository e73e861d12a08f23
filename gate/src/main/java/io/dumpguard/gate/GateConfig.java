package io.dumpguard.gate;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the gate keeps its key, quarantine and audit log, and how the log rotates. Immutable; start from
 * {@link #defaults()} or {@link #in(Path)} and change with the {@code with*} methods.
 *
 * @param configDir     the gate's config folder (0700): key, default quarantine and audit folders
 * @param quarantineDir where refused inputs are kept with their reports
 * @param auditDir      the audit log's folder
 * @param keySource     where the signing key lives
 * @param audit         checkpoint, rotation and retention settings
 */
public record GateConfig(Path configDir, Path quarantineDir, Path auditDir, KeySource keySource,
                         AuditSettings audit) {
    public GateConfig {
        Objects.requireNonNull(configDir, "configDir");
        quarantineDir = quarantineDir == null ? configDir.resolve("quarantine") : quarantineDir;
        auditDir = auditDir == null ? configDir.resolve("audit") : auditDir;
        keySource = keySource == null ? new KeySource.File() : keySource;
        audit = audit == null ? AuditSettings.DEFAULT : audit;
    }

    /** {@code $XDG_CONFIG_HOME/dumpguard/gate}, else {@code ~/.config/dumpguard/gate}. */
    public static GateConfig defaults() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return in(base.resolve("dumpguard").resolve("gate"));
    }

    /** Everything under {@code configDir} with default settings. */
    public static GateConfig in(Path configDir) {
        return new GateConfig(configDir, null, null, null, null);
    }

    public GateConfig withQuarantineDir(Path dir) {
        return new GateConfig(configDir, dir, auditDir, keySource, audit);
    }

    public GateConfig withAuditDir(Path dir) {
        return new GateConfig(configDir, quarantineDir, dir, keySource, audit);
    }

    public GateConfig withKeySource(KeySource source) {
        return new GateConfig(configDir, quarantineDir, auditDir, source, audit);
    }

    public GateConfig withAudit(AuditSettings settings) {
        return new GateConfig(configDir, quarantineDir, auditDir, keySource, settings);
    }

    /** Where the gate's signing key is held. */
    public sealed interface KeySource {
        /** ECDSA P-256 key file in the config folder, created on first use. */
        record File() implements KeySource {
        }

        /**
         * A key in a PKCS#11 token through SunPKCS11.
         *
         * @param providerConfig SunPKCS11 configuration file
         * @param alias          key alias, or null for the token's only key
         * @param pinEnvVar      name of the environment variable holding the user PIN
         */
        record Pkcs11(Path providerConfig, String alias, String pinEnvVar) implements KeySource {
            public static final String DEFAULT_PIN_ENV = "DUMPGUARD_PKCS11_PIN";

            public Pkcs11 {
                Objects.requireNonNull(providerConfig, "providerConfig");
                pinEnvVar = pinEnvVar == null ? DEFAULT_PIN_ENV : pinEnvVar;
            }
        }
    }
}
