package io.dumpguard.nativematch;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzed literal sets and data through the native matcher, from arrays and in place from direct buffers: any
 * difference from brute force, or any crash, is a bug in the one place where Java hands lengths to unchecked C.
 * Regression inputs run in {@code mvn test}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class HyperscanLiteralsFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void literalsMatchBruteForce(FuzzedDataProvider in) {
        int n = in.consumeInt(1, 12);
        List<byte[]> lits = new ArrayList<>();
        boolean[] caseless = new boolean[n];
        for (int i = 0; i < n; i++) {
            byte[] l = in.consumeBytes(in.consumeInt(1, 24));
            if (l.length == 0) {
                l = new byte[] {0};
            }
            lits.add(l);
            caseless[i] = in.consumeBoolean();
        }
        int cut = in.consumeInt(0, 64);
        byte[] data = in.consumeRemainingAsBytes();
        HyperscanLiterals db = HyperscanLiterals.compile(lits, caseless);
        if (db == null) {
            return; // not on this platform
        }
        int from = Math.min(cut / 2, data.length);
        int to = Math.max(from, data.length - cut / 4);
        Set<HyperscanLiteralsTest.Hit> expected = HyperscanLiteralsTest.bruteForce(lits, caseless, data, from, to);
        HyperscanLiterals.Scanner s = db.newScanner();
        Set<HyperscanLiteralsTest.Hit> got = new HashSet<>();
        s.scan(data, from, to, (id, end) -> got.add(new HyperscanLiteralsTest.Hit(id, end)));
        assertThat(got).isEqualTo(expected);
        ByteBuffer direct = ByteBuffer.allocateDirect(data.length).put(0, data);
        Set<HyperscanLiteralsTest.Hit> inPlace = new HashSet<>();
        s.scan(direct, from, to, (id, end) -> inPlace.add(new HyperscanLiteralsTest.Hit(id, end)));
        assertThat(inPlace).isEqualTo(expected);
    }
}
