package io.dumpguard.detect.credentials;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dumpguard.core.Finding;
import io.dumpguard.core.Region;
import io.dumpguard.core.spi.ScanChunk;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any bytes, any chunk bounds: the detector never throws and reports only in-bounds, non-empty ranges whose
 * anchor lies in the chunk. Runs as a regression test in {@code mvn test}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class CredentialMatcherFuzzTest {
    private static final CredentialRules RULES = CredentialRules.builtin();

    @FuzzTest(maxDuration = "30s")
    void detectorStaysInBounds(FuzzedDataProvider in) {
        int shift = in.consumeInt(0, 3);
        byte[] data = in.consumeRemainingAsBytes();
        if (shift == 1) {
            data = TextEncoding.UTF_16LE.encode(new String(data, java.nio.charset.StandardCharsets.ISO_8859_1));
        } else if (shift == 2) {
            data = TextEncoding.UTF_16BE.encode(new String(data, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        int start = data.length == 0 ? 0 : Math.floorMod(data.length * 7, data.length + 1) / 3;
        int end = Math.max(start, data.length - start / 2);
        CredentialDetector d = new CredentialDetector(RULES);
        List<Finding> out = new ArrayList<>();
        d.scan(new ScanChunk(data, start, end, data.length, 1000, Region.raw(1000, data.length)), out::add);
        for (Finding f : out) {
            assertThat(f.offset()).isGreaterThanOrEqualTo(1000);
            assertThat(f.end()).isLessThanOrEqualTo(1000L + data.length);
            assertThat(f.length()).isPositive();
        }
    }
}
