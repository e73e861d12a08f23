package io.dumpguard.detect.credentials;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two inputs that reach code we did not write in Java: bytes handed to the native first stage (unchecked C, so
 * any difference from the Java stage or any crash is a bug), and a damaged pre-parsed rule pack (only
 * {@link IOException} or "not this pack" may come out). Regression tests in {@code mvn test}; {@code JAZZER_FUZZ=1}
 * fuzzes.
 */
class NativeStageFuzzTest {
    private static final CredentialRules RULES = CredentialRules.builtin();

    @FuzzTest(maxDuration = "30s")
    void nativeStageEqualsJavaStage(FuzzedDataProvider in) {
        HyperscanAnchors db = RULES.nativeAnchors();
        if (db == null) {
            return; // not on this platform: HyperscanAnchorsTest says which stage runs
        }
        int cut = in.consumeInt(0, 64);
        byte[] data = in.consumeRemainingAsBytes();
        int start = Math.min(cut / 2, data.length);
        int limit = Math.max(start, data.length - cut / 4);
        int end = Math.max(start, limit - cut % 8);
        Set<String> fast = new HashSet<>();
        db.newScanner().scan(data, start, end, limit, (a, e, p) -> fast.add(a + "/" + e + "@" + p));
        Set<String> java = new HashSet<>();
        RULES.filter().scan(data, start, end, limit, (a, e, p) -> java.add(a + "/" + e + "@" + p));
        assertThat(fast).isEqualTo(java);
    }

    @FuzzTest(maxDuration = "30s")
    void damagedPackIsRejectedOrIgnored(byte[] tail) {
        byte[] digest = RuleFileReader.builtinDigest();
        byte[] pack = new byte[8 + digest.length + tail.length];
        pack[0] = 0x44;
        pack[1] = 0x47;
        pack[2] = 0x52;
        pack[3] = 0x50;
        pack[7] = 1;
        System.arraycopy(digest, 0, pack, 8, digest.length);
        System.arraycopy(tail, 0, pack, 8 + digest.length, tail.length);
        try {
            RulePack.read(new ByteArrayInputStream(pack), digest);
        } catch (IOException expected) {
            // truncated or out-of-range counts: the caller falls back to the YAML
        }
    }
}
