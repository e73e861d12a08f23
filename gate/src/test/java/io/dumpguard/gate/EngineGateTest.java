package io.dumpguard.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dumpguard.core.spi.RegisteredKey;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The gate with the real engine and the key detectors (test dependencies) on a raw dump holding a key. */
class EngineGateTest {
    @TempDir
    Path tmp;

    @Test
    void releasesARawDumpWithAKeyRemovedAndTheReceiverAcceptsItAfterARescan() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        ByteArrayOutputStream dump = new ByteArrayOutputStream();
        byte[] noise = new byte[8192];
        new Random(7).nextBytes(noise);
        dump.writeBytes(noise);
        dump.writeBytes(kp.getPrivate().getEncoded()); // PKCS#8 DER, as a key object caches it
        dump.writeBytes(noise);
        Path in = Files.write(tmp.resolve("service.raw"), dump.toByteArray());
        Path to = Files.createDirectories(tmp.resolve("releases"));

        Gate gate = new Gate(GateConfig.in(tmp.resolve("gate")));
        RegisteredKey reg = RegisteredKey.of("test-key", kp.getPublic());
        ReleaseResult r = gate.release(in, to, ReleaseOptions.defaults().withRegisteredKeys(List.of(reg)));
        assertThat(r.released()).as(String.valueOf(r.reason())).isTrue();
        assertThat(r.outcome().findings()).isNotEmpty();
        assertThat(Files.readAllBytes(in)).isEqualTo(dump.toByteArray());

        JsonNode env = new ObjectMapper().readTree(r.attestation().toFile());
        JsonNode st = new ObjectMapper().readTree(Base64.getDecoder().decode(env.get("payload").asText()));
        assertThat(st.at("/predicate/verdict").asText()).isEqualTo("redacted");
        assertThat(st.at("/predicate/verification").asText())
                .isEqualTo(io.dumpguard.engine.Report.VERIFIED_WHERE_CHANGED);
        assertThat(st.at("/predicate/input/format").asText()).isNotEmpty();
        assertThat(st.at("/predicate/tool/detectors").size()).isPositive();
        assertThat(st.at("/predicate/registeredKeysProvenAbsent/0/fingerprint").asText()).isEqualTo(reg.fingerprint());
        assertThat(new String(Files.readAllBytes(r.attestation()), StandardCharsets.UTF_8))
                .doesNotContain(Base64.getEncoder().encodeToString(kp.getPrivate().getEncoded()));

        Path trust = Files.writeString(tmp.resolve("gate.pub.pem"), gate.publicKeyPem());
        Gate receiver = new Gate(GateConfig.in(tmp.resolve("receiver")));
        AcceptResult a = receiver.accept(r.output(), r.attestation(), trust,
                new AcceptOptions(true).withRegisteredKeys(List.of(reg)));
        assertThat(a.accepted()).as(a.reason()).isTrue();

        // the same key bytes signed off as "released" but never sanitized: the rescan refuses them
        Path leaked = Files.copy(in, tmp.resolve("leaked.raw"));
        Path fakeAtt = tmp.resolve("leaked.att");
        Gate liar = new Gate(GateConfig.in(tmp.resolve("gate")), FakeSanitizer.broken());
        ReleaseResult lie = liar.release(leaked, Files.createDirectories(tmp.resolve("lies")), ReleaseOptions.defaults());
        Files.copy(lie.attestation(), fakeAtt);
        AcceptResult no = receiver.accept(lie.output(), fakeAtt, trust, new AcceptOptions(true));
        assertThat(no.accepted()).isFalse();
        assertThat(no.reason()).startsWith("rescan");

        // released with --full-verify: the same bytes, and the attestation says how they were verified
        ReleaseResult full = gate.release(in, Files.createDirectories(tmp.resolve("full")),
                ReleaseOptions.defaults().withRegisteredKeys(List.of(reg)).withFullVerify(true));
        assertThat(full.released()).as(String.valueOf(full.reason())).isTrue();
        assertThat(Files.readAllBytes(full.output())).isEqualTo(Files.readAllBytes(r.output()));
        JsonNode fullSt = new ObjectMapper().readTree(Base64.getDecoder().decode(
                new ObjectMapper().readTree(full.attestation().toFile()).get("payload").asText()));
        assertThat(fullSt.at("/predicate/verification").asText())
                .isEqualTo(io.dumpguard.engine.Report.VERIFIED_IN_FULL);
    }
}
