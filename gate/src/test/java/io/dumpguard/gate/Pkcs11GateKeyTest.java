package io.dumpguard.gate;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The gate key held in a PKCS#11 token (SoftHSM2) through SunPKCS11. The gate runs in a child JVM because SoftHSM
 * reads its configuration from the SOFTHSM2_CONF environment variable and the PIN comes from the environment too.
 */
class Pkcs11GateKeyTest {
    private static final Path SOFTHSM_LIB = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    private static final Path SOFTHSM_UTIL = Path.of("/usr/bin/softhsm2-util");

    @TempDir
    Path tmp;

    @Test
    void releaseSignedByATokenKeyIsAccepted() throws Exception {
        assumeTrue(Files.exists(SOFTHSM_LIB) && Files.isExecutable(SOFTHSM_UTIL),
                "skipped: SoftHSM2 is not installed (apt-get install softhsm2)");
        Path tokens = Files.createDirectories(tmp.resolve("tokens"));
        Path conf = Files.writeString(tmp.resolve("softhsm2.conf"), "directories.tokendir = " + tokens
                + "\nobjectstore.backend = file\nlog.level = ERROR\n");
        Path p11 = Files.writeString(tmp.resolve("pkcs11.cfg"), "name = SoftHSM\nlibrary = " + SOFTHSM_LIB
                + "\nslotListIndex = 0\n");
        Map<String, String> env = Map.of("SOFTHSM2_CONF", conf.toString(), "DG_TEST_PKCS11_CFG", p11.toString(),
                "DG_TEST_PKCS11_PIN", "1234");

        ProcessBuilder init = new ProcessBuilder(SOFTHSM_UTIL.toString(), "--init-token", "--free", "--label",
                "dumpguard-gate", "--pin", "1234", "--so-pin", "5678");
        init.environment().putAll(env);
        ChildJvm.run(init, "softhsm2-util --init-token");
        ProcessBuilder gen = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "gate", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=dumpguard-gate", "-keystore", "NONE", "-storetype", "PKCS11",
                "-providerclass", "sun.security.pkcs11.SunPKCS11", "-providerarg", p11.toString(),
                "-storepass", "1234");
        gen.environment().putAll(env);
        ChildJvm.run(gen, "keytool -genkeypair in the token");

        Path cfg = tmp.resolve("gate");
        Path to = Files.createDirectories(tmp.resolve("rel"));
        Path in = Files.writeString(tmp.resolve("core.9"), "a " + FakeSanitizer.MARKER);
        Path pub = tmp.resolve("token.pub.pem");
        Process p = ChildJvm.start(ReleaseChild.class, env, tmp.resolve("child.log"), cfg.toString(), in.toString(),
                to.toString(), "normal", "1", pub.toString());
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(tmp.resolve("child.log"))).isZero();
        assertThat(cfg.resolve(GateKeys.PRIVATE_KEY_FILE)).as("no key file: the key stays in the token").doesNotExist();

        Gate receiver = new Gate(GateConfig.in(tmp.resolve("receiver")), new FakeSanitizer());
        AcceptResult a = receiver.accept(to.resolve("core.9"), to.resolve("core.9" + Gate.ATTESTATION_SUFFIX), pub,
                new AcceptOptions(true));
        assertThat(a.accepted()).as(a.reason()).isTrue();
        String keyid = new ObjectMapper().readTree(to.resolve("core.9" + Gate.ATTESTATION_SUFFIX).toFile())
                .at("/signatures/0/keyid").asText();
        assertThat(keyid).isEqualTo(io.dumpguard.core.Fingerprints.spkiSha256(
                GateKeys.readPublicKeyPem(Files.readString(pub))));
        // the child's audit checkpoints were signed in the token too
        assertThat(new AuditLog(cfg.resolve("audit"), AuditSettings.DEFAULT, () -> null)
                .verify(GateKeys.readPublicKeyPem(Files.readString(pub))).checkpoints()).isPositive();
    }
}
