package io.dumpguard.detect.credentials;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SecretValidatorsTest {
    private static final String B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /** Generates GitHub-format tokens at test time: the checksum must hold, and one flipped char must break it. */
    @Test
    void githubChecksumAcceptsGeneratedTokensAndRejectsAlteredOnes() {
        Random rnd = new Random(11);
        for (int i = 0; i < 200; i++) {
            StringBuilder random = new StringBuilder();
            for (int c = 0; c < 30; c++) {
                random.append(B62.charAt(rnd.nextInt(62)));
            }
            String token = "ghp_" + random + SecretValidators.githubChecksum(random.toString());
            assertThat(SecretValidators.githubChecksumValid(token)).isTrue();
            char[] altered = token.toCharArray();
            altered[10] = altered[10] == 'a' ? 'b' : 'a';
            assertThat(SecretValidators.githubChecksumValid(new String(altered))).isFalse();
        }
    }

    @Test
    void jwtNeedsAJsonHeaderWithAlg() {
        Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
        String good = e.encodeToString("{\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8)) + ".eyJ4IjoxfQ.sig";
        String bad = e.encodeToString("{\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + ".eyJ4IjoxfQ.sig";
        assertThat(SecretValidators.jwtHeaderValid(good)).isTrue();
        assertThat(SecretValidators.jwtHeaderValid(bad)).isFalse();
        assertThat(SecretValidators.jwtHeaderValid("eyJ%%%.x.y")).isFalse();
    }

    @Test
    void basicAuthNeedsUserColonPassword() {
        Base64.Encoder e = Base64.getEncoder();
        assertThat(SecretValidators.basicAuthValid(e.encodeToString("u:p".getBytes(StandardCharsets.US_ASCII))))
                .isTrue();
        assertThat(SecretValidators.basicAuthValid(e.encodeToString("nocolon".getBytes(StandardCharsets.US_ASCII))))
                .isFalse();
        assertThat(SecretValidators.basicAuthValid(e.encodeToString("user:".getBytes(StandardCharsets.US_ASCII))))
                .isFalse();
        assertThat(SecretValidators.basicAuthValid("idea")).isFalse();
    }

    @Test
    void entropyOfRepeatsIsZeroAndOfDistinctCharsIsLog2() {
        assertThat(SecretValidators.shannonEntropy("aaaa")).isZero();
        assertThat(SecretValidators.shannonEntropy("abcd")).isEqualTo(2.0);
    }
}
