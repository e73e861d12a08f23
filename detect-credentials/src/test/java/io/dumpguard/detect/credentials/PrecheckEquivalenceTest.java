package io.dumpguard.detect.credentials;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pre-checks in the rule data are exact: the pack finds the same matches with them as with every regex run at
 * every anchor. Inputs are built near the edges the pre-checks judge: anchors (any case) followed by runs of token
 * chars one short of, at and past each rule's minimum, separators and quotes in every order, pieces of the rules'
 * own examples with chars changed, in every encoding and cut at random places.
 */
class PrecheckEquivalenceTest {
    private static final CredentialRules RULES = CredentialRules.builtin();
    private static final List<String> ANCHORS = RULES.rules().stream().flatMap(r -> r.anchors().stream()).toList();
    private static final List<String> EXAMPLES = RULES.rules().stream()
            .flatMap(r -> r.definition().examples().stream().map(RuleExample::text)).toList();
    private static final String TOKEN = "abcdefABCDEF0123456789_-+/.%~";
    private static final String SEPARATORS = " \t\n=:\"';&?@{}<>/,$*!()[]\\";

    @Provide
    Arbitrary<byte[]> texts() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(1, 40),
                Arbitraries.of(TextEncoding.values())).as((seed, pieces, enc) -> {
                    Random rnd = new Random(seed);
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < pieces; i++) {
                        sb.append(piece(rnd));
                    }
                    byte[] data = enc.encode(sb);
                    // odd cut: UTF-16 text starting or ending mid-char
                    int cut = data.length > 4 && rnd.nextInt(4) == 0 ? 1 : 0;
                    int drop = data.length > 4 && rnd.nextInt(3) == 0 ? 1 : 0;
                    return java.util.Arrays.copyOfRange(data, cut, data.length - drop);
                });
    }

    @Property(tries = 3000)
    void prechecksNeverChangeWhatIsFound(@ForAll("texts") byte[] data) {
        List<CredentialMatch> with = RULES.newMatcher().scan(data);
        List<CredentialMatch> without = RULES.newMatcherWithoutPrechecks().scan(data);
        assertThat(with).isEqualTo(without);
    }

    @Test
    void everyExampleIsFoundTheSameWayWithAndWithoutPrechecks() {
        for (String ex : EXAMPLES) {
            for (TextEncoding enc : TextEncoding.values()) {
                byte[] data = enc.encode(ex);
                assertThat(RULES.newMatcher().scan(data)).isNotEmpty()
                        .isEqualTo(RULES.newMatcherWithoutPrechecks().scan(data));
            }
        }
    }

    @Test
    void rulesCheckReportsAPrecheckThatRejectsAnExample() {
        List<RuleDefinition> defs = RuleFileReader.parse("""
                rules:
                - id: cred.one
                  name: one
                  anchors: [abc]
                  pattern: 'abc\\s{0,4}=(?<secret>[0-9]{4})'
                  precheck: {skip: '\\s', max_skip: 2, next: '='}
                  examples: ['abc   =1234']
                - id: cred.two
                  name: two
                  anchors: [xyz]
                  pattern: 'xyz(?<secret>[0-9]{4})'
                  precheck: {skip: '[0-9=]', max_skip: 2, next: '[0-9]'}
                  examples: ['xyz1234']
                - id: cred.three
                  name: three
                  anchors: [xyz]
                  pattern: 'xyz(?<secret>[0-9]{4})'
                  precheck: {not_preceded_by: 'ab', next: '[0-9]'}
                  examples: ['xyz1234']
                """.getBytes(StandardCharsets.UTF_8), "t.yml");
        List<String> problems = RulesCheck.check(defs).problems().stream().map(RulesCheck.Problem::message).toList();
        assertThat(problems).anyMatch(p -> p.contains("example 1 matches the pattern in ascii but fails the precheck"))
                .anyMatch(p -> p.contains("skip and next share a char"))
                .anyMatch(p -> p.contains("not_preceded_by must be one char class"));
    }

    private static String piece(Random rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> {
                String a = ANCHORS.get(rnd.nextInt(ANCHORS.size()));
                a = rnd.nextBoolean() ? a : a.toUpperCase(Locale.ROOT);
                yield a + separators(rnd) + run(rnd);
            }
            case 1 -> atTheEdge(rnd);
            case 2 -> run(rnd);
            case 3 -> separators(rnd);
            default -> mutated(rnd, EXAMPLES.get(rnd.nextInt(EXAMPLES.size())));
        };
    }

    /**
     * A rule's anchor, then a short skip, then a run of token chars one short of, at or one past the rule's
     * {@code min_run}, then a separator: where a wrong bound in the rule data would show.
     */
    private static String atTheEdge(Random rnd) {
        CredentialRule rule = RULES.rules().get(rnd.nextInt(RULES.rules().size()));
        String a = rule.anchors().get(rnd.nextInt(rule.anchors().size()));
        AnchorPrecheck pre = rule.definition().precheck();
        int min = pre == null ? 16 : pre.minRun();
        StringBuilder sb = new StringBuilder(rnd.nextInt(3) == 0 ? "x" : " ").append(a);
        String skips = " \t\"'=:";
        for (int i = rnd.nextInt(3) == 0 ? rnd.nextInt(4) : 0; i > 0; i--) {
            sb.append(skips.charAt(rnd.nextInt(skips.length())));
        }
        String alphabet = switch (rnd.nextInt(3)) {
            case 0 -> "0123456789abcdef";
            case 1 -> "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
            default -> "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        };
        for (int i = Math.max(0, min + rnd.nextInt(3) - 1); i > 0; i--) {
            sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        return sb.append(SEPARATORS.charAt(rnd.nextInt(SEPARATORS.length()))).toString();
    }

    /** Token chars, often exactly at the minimum runs the rules use (8, 16, 20, 32, 36, 43 ...) or one off it. */
    private static String run(Random rnd) {
        int[] edges = {0, 1, 3, 4, 8, 16, 20, 22, 24, 31, 32, 34, 35, 36, 42, 43, 48, 50, 64, 86};
        int n = Math.max(0, edges[rnd.nextInt(edges.length)] + rnd.nextInt(3) - 1);
        String alphabet = rnd.nextBoolean() ? TOKEN : "0123456789abcdef";
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static String separators(Random rnd) {
        StringBuilder sb = new StringBuilder();
        for (int i = rnd.nextInt(6); i > 0; i--) {
            sb.append(SEPARATORS.charAt(rnd.nextInt(SEPARATORS.length())));
        }
        return sb.toString();
    }

    /** An example with a few chars replaced, removed or doubled, or cut short. */
    private static String mutated(Random rnd, String example) {
        StringBuilder sb = new StringBuilder(example);
        for (int i = rnd.nextInt(4); i > 0 && sb.length() > 1; i--) {
            int at = rnd.nextInt(sb.length());
            switch (rnd.nextInt(4)) {
                case 0 -> sb.setCharAt(at, SEPARATORS.charAt(rnd.nextInt(SEPARATORS.length())));
                case 1 -> sb.deleteCharAt(at);
                case 2 -> sb.insert(at, sb.charAt(at));
                default -> sb.setLength(at);
            }
        }
        return sb.toString();
    }
}
