package io.dumpguard.gate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DsseTest {
    @TempDir
    Path dir;

    /** The test vector printed in DSSE protocol.md. */
    @Test
    void paeMatchesTheSpecVector() {
        assertThat(new String(Dsse.pae("http://example.com/HelloWorld", "hello world".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8)).isEqualTo("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
    }

    @Test
    void paeCountsBytesNotCharacters() {
        assertThat(new String(Dsse.pae("t", "é".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                .isEqualTo("DSSEv1 1 t 2 é");
    }

    @Test
    void signedEnvelopeVerifiesAndReturnsThePayload() throws Exception {
        GateKey k = GateKeys.fileBacked(dir);
        String env = Dsse.sign("application/x-test", "body".getBytes(StandardCharsets.UTF_8), k);
        assertThat(env).doesNotContain("\n");
        assertThat(Dsse.verify(env, "application/x-test", k.publicKey())).asString(StandardCharsets.UTF_8)
                .isEqualTo("body");
    }

    @Test
    void typeConfusionAndPayloadSwapAndOtherKeyAreRejected() throws Exception {
        GateKey k = GateKeys.fileBacked(dir.resolve("a"));
        GateKey other = GateKeys.fileBacked(dir.resolve("b"));
        String env = Dsse.sign("application/x-test", "body".getBytes(StandardCharsets.UTF_8), k);
        assertThatThrownBy(() -> Dsse.verify(env, "application/x-other", k.publicKey()))
                .hasMessageContaining("payloadType");
        String retyped = env.replace("application/x-test", "application/x-other");
        assertThatThrownBy(() -> Dsse.verify(retyped, "application/x-other", k.publicKey()))
                .hasMessageContaining("no signature");
        String swapped = env.replace(Base64.getEncoder().encodeToString("body".getBytes(StandardCharsets.UTF_8)),
                Base64.getEncoder().encodeToString("evil".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> Dsse.verify(swapped, "application/x-test", k.publicKey()))
                .hasMessageContaining("no signature");
        assertThatThrownBy(() -> Dsse.verify(env, "application/x-test", other.publicKey()))
                .hasMessageContaining("no signature");
        assertThatThrownBy(() -> Dsse.verify("{]", "application/x-test", k.publicKey()))
                .isInstanceOf(Dsse.RejectedException.class);
        assertThatThrownBy(() -> Dsse.verify("{\"payload\":\"\",\"payloadType\":\"x\",\"signatures\":[]}", "x",
                k.publicKey())).isInstanceOf(Dsse.RejectedException.class);
    }
}
