package io.dumpguard.gate;

import java.nio.file.Path;

/**
 * A gate process for the multi-process tests, started with the test class path.
 * Arguments: CONFIG_DIR INPUT TO_DIR MODE [CHECKPOINT_EVERY]; MODE is {@code normal} or {@code block} (announce
 * "SANITIZING" on stdout, then wait inside sanitize until killed). Prints "RELEASED seq" or "REFUSED".
 */
public final class ReleaseChild {
    private ReleaseChild() {
    }

    public static void main(String[] args) throws Exception {
        Path config = Path.of(args[0]);
        boolean block = args[3].equals("block");
        int every = args.length > 4 ? Integer.parseInt(args[4]) : 100;
        GateConfig c = GateConfig.in(config).withAudit(AuditSettings.DEFAULT.withCheckpointEvery(every));
        if (System.getenv("DG_TEST_PKCS11_CFG") != null) {
            c = c.withKeySource(new GateConfig.KeySource.Pkcs11(Path.of(System.getenv("DG_TEST_PKCS11_CFG")), null,
                    "DG_TEST_PKCS11_PIN"));
        }
        Gate gate = new Gate(c, new FakeSanitizer(System.out, block, false));
        ReleaseResult r = gate.release(Path.of(args[1]), Path.of(args[2]), ReleaseOptions.defaults());
        if (args.length > 5) {
            java.nio.file.Files.writeString(Path.of(args[5]), gate.publicKeyPem());
        }
        System.out.println(r.released() ? "RELEASED " + r.auditSeq() : "REFUSED " + r.reason());
        System.exit(r.exitCode());
    }
}
