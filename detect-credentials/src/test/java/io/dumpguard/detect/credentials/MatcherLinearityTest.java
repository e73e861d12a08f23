package io.dumpguard.detect.credentials;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pathological inputs never make matching super-linear. Work is counted, not timed: the chars the regex stage
 * reads ({@link ByteTextView}) for an input of n and of 2n bytes built from the same unit. Doubling the input must
 * at most double the work (plus one window of slack), and the work per byte stays under a fixed bound.
 */
class MatcherLinearityTest {
    private static final CredentialRules RULES = CredentialRules.builtin();
    private static final int N = 24 << 10;

    @Provide
    Arbitrary<String> pathologicalUnits() {
        return Arbitraries.of(List.of(
                "a", "A", "0", "eyJ", "eyJhbGciOiJIUzI1NiJ9", "eyJ.", "eyJa.eyJb.", "password=", "password: \"",
                "://a:", "://", "@", "Basic ", "Basic QmFzaWMg", "Bearer 1", "sk-", "sk-ant-api03-", "T3BlbkFJ",
                "AKIA", "AccountKey=", "sig=", "%2B", "\"private_key\": \"-----BEGIN PRIVATE KEY-----\\n", "xoxb-1",
                "ghp_", "hvs.", "key-", ";pwd={", "<password>", "token=\"", "\"auth\": \"",
                "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo", "abcdefghijklmnopqrstuvwxyz0123456789+/"));
    }

    @Property(tries = 40)
    void doublingTheInputAtMostDoublesTheWork(@ForAll("pathologicalUnits") String unit,
                                              @ForAll TextEncoding encoding) {
        long small = work(unit, N, encoding);
        long large = work(unit, 2 * N, encoding);
        long slack = 2L * RULES.maxMatchBytes();
        assertThat(large).as("work for %d vs %d bytes", 2 * N, N).isLessThanOrEqualTo(2 * small + slack);
        // every anchor reads at most one window; the widest window is the bound per input byte
        assertThat(small).isLessThanOrEqualTo((long) N * RULES.maxMatchBytes());
    }

    @Property(tries = 10)
    void nestedEncodingsStayLinear(@ForAll("pathologicalUnits") String unit) {
        // a unit inside Basic inside a JSON string inside UTF-16: every layer an anchor
        String nested = "{\"auth\": \"Basic " + unit + "\", \"password\": \"Bearer " + unit + "\"}";
        long small = work(nested, N, TextEncoding.UTF_16LE);
        long large = work(nested, 2 * N, TextEncoding.UTF_16LE);
        assertThat(large).isLessThanOrEqualTo(2 * small + 2L * RULES.maxMatchBytes());
    }

    private static long work(String unit, int bytes, TextEncoding encoding) {
        StringBuilder sb = new StringBuilder(bytes);
        while (sb.length() * encoding.unitBytes() < bytes) {
            sb.append(unit);
        }
        byte[] data = encoding.encode(sb);
        CredentialMatcher m = RULES.newMatcher();
        m.scan(data);
        return m.regexCharsRead();
    }
}
