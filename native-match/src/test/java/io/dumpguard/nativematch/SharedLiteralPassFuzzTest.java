package io.dumpguard.nativematch;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzed literal sets and data through a shared pass: each set must get exactly what its own database reports, in
 * the same order, or the pass must give the range up (too many hits) and keep nothing. Regression inputs run in
 * {@code mvn test}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class SharedLiteralPassFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void eachSetGetsItsOwnHits(FuzzedDataProvider in) {
        int parts = in.consumeInt(2, 3);
        List<LiteralSet> sets = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            int n = in.consumeInt(1, 6);
            List<byte[]> lits = new ArrayList<>();
            boolean[] caseless = new boolean[n];
            for (int i = 0; i < n; i++) {
                byte[] l = in.consumeBytes(in.consumeInt(1, 12));
                lits.add(l.length == 0 ? new byte[] {0} : l);
                caseless[i] = in.consumeBoolean();
            }
            sets.add(new LiteralSet(lits, caseless, null, false));
        }
        byte[] data = in.consumeRemainingAsBytes();
        SharedLiteralPass pass = SharedLiteralPass.of(sets);
        if (pass == null) {
            return; // not on this platform
        }
        SharedLiteralPass.Scanner scanner = pass.newScanner();
        if (!scanner.scan(data, null, 0, data.length)) {
            for (int p = 0; p < parts; p++) {
                assertThat(scanner.hits(p).size()).isZero();
            }
            return;
        }
        for (int p = 0; p < parts; p++) {
            List<long[]> own = new ArrayList<>();
            sets.get(p).compile().newScanner().scanInStartOrder(data, 0, data.length,
                    (id, start) -> own.add(new long[] {id, start}));
            List<long[]> shared = new ArrayList<>();
            scanner.hits(p).replay((id, start) -> shared.add(new long[] {id, start}));
            assertThat(shared).as("part %d", p).usingElementComparator(java.util.Arrays::compare).isEqualTo(own);
        }
    }
}
