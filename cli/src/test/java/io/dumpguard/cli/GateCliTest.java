package io.dumpguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Random;

import static io.dumpguard.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** The README's gate walk-through, end to end through the command line. */
class GateCliTest {
    @TempDir
    Path dir;

    @Test
    void releaseAcceptAndAuditFromTheCommandLine() throws Exception {
        byte[] image = new byte[256 << 10];
        new Random(5).nextBytes(image);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        byte[] pkcs8 = g.generateKeyPair().getPrivate().getEncoded();
        System.arraycopy(pkcs8, 0, image, 100_003, pkcs8.length);
        Path dump = dir.resolve("crash.raw");
        Files.write(dump, image);
        Path gate = dir.resolve("gate");
        Path share = Files.createDirectories(dir.resolve("share"));

        CliTest.Run scan = run("scan", "--gate-config", gate.toString(), "--audit", dump.toString());
        assertThat(scan.code()).as(scan.out() + scan.err()).isEqualTo(1);
        assertThat(scan.out()).contains("key.der.pkcs8");

        CliTest.Run rel = run("release", dump.toString(), "--to", share.toString(), "--config", gate.toString());
        assertThat(rel.code()).as(rel.out() + rel.err()).isZero();
        Path released = share.resolve("crash.raw");
        Path att = share.resolve("crash.raw.intoto.jsonl");
        assertThat(released).exists();
        assertThat(att).exists();
        assertThat(Files.readAllBytes(dump)).isEqualTo(image);

        CliTest.Run key = run("gate-key", "--config", gate.toString());
        Path pub = dir.resolve("gate.pub.pem");
        Files.writeString(pub, key.out());
        CliTest.Run ok = run("accept", released.toString(), "--attestation", att.toString(), "--trust", pub.toString(),
                "--rescan", "--config", gate.toString());
        assertThat(ok.code()).as(ok.out() + ok.err()).isZero();

        byte[] tampered = Files.readAllBytes(released);
        tampered[12345] ^= 1;
        Files.write(released, tampered);
        CliTest.Run bad = run("accept", released.toString(), "--attestation", att.toString(), "--trust", pub.toString(),
                "--config", gate.toString());
        assertThat(bad.code()).isEqualTo(3);

        CliTest.Run audit = run("audit", "verify", "--config", gate.toString());
        assertThat(audit.code()).as(audit.out() + audit.err()).isZero();
        CliTest.Run export = run("audit", "export", "--config", gate.toString());
        assertThat(export.out()).contains("\"scan\"", "release", "accept");
        assertThat(scan.out() + rel.out() + export.out()).doesNotContain(java.util.HexFormat.of().formatHex(pkcs8, 30, 62));
    }
}
