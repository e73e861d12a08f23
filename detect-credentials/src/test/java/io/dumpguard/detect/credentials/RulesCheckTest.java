package io.dumpguard.detect.credentials;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RulesCheckTest {
    private static List<String> problemsOf(String yaml) {
        List<RuleDefinition> defs = RuleFileReader.parse(yaml.getBytes(StandardCharsets.UTF_8), "test.yml");
        return RulesCheck.check(defs).problems().stream().map(RulesCheck.Problem::message).toList();
    }

    @Test
    void reportsEveryKindOfProblem() {
        List<String> p = problemsOf("""
                rules:
                - id: Bad Id
                  name: x
                  anchors: [ab]
                  pattern: 'ab(c+)'
                - id: cred.one
                  name: one
                  anchors: [abc]
                  pattern: 'abc(?<secret>[0-9]{4})'
                  examples: ['abc12', {text: 'abc1234', secret: '123'}]
                  negative_examples: ['abc9999']
                - id: cred.one
                  name: again
                  anchors: [xyz]
                  pattern: 'xyz(?<secret>(?:[a-z]{1,4}){1,9})'
                  examples: ['xyzabcd']
                """);
        assertThat(p).anyMatch(s -> s.startsWith("id must be"))
                .anyMatch(s -> s.contains("shorter than 3"))
                .anyMatch(s -> s.contains("no named group"))
                .anyMatch(s -> s.contains("unbounded quantifier"))
                .anyMatch(s -> s.contains("example 1 does not match"))
                .anyMatch(s -> s.contains("does not capture the expected part"))
                .anyMatch(s -> s.contains("negative example 1 matches"))
                .anyMatch(s -> s.contains("used by more than one rule"))
                .anyMatch(s -> s.contains("nested quantifiers"));
    }

    @Test
    void problemsNeverQuoteExampleText() {
        RulesCheck.Report r = RulesCheck.check(RuleFileReader.parse("""
                rules:
                - id: cred.one
                  name: one
                  anchors: [abc]
                  pattern: 'abc(?<secret>[0-9]{4})'
                  examples: ['abcSECRETVALUE']
                """.getBytes(StandardCharsets.UTF_8), "t.yml"));
        assertThat(r.problems()).isNotEmpty().noneMatch(x -> x.toString().contains("SECRETVALUE"));
        assertThat(r.summary()).contains("1 rules");
    }

    @Test
    void regexSafetyAcceptsBoundedAndRejectsNested() {
        assertThat(RegexSafety.problems("(?<![A-Z])(?<secret>AKIA[A-Z2-7]{16})(?:[_-]?x)?")).isEmpty();
        assertThat(RegexSafety.problems("(?:[A-Za-z0-9+/]|%2[BF]){43}")).isEmpty();
        assertThat(RegexSafety.problems("[a-z]*")).isNotEmpty();
        assertThat(RegexSafety.problems("a{2,}")).isNotEmpty();
        assertThat(RegexSafety.problems("(a{1,3}){2,5}")).isNotEmpty();
        assertThat(RegexSafety.problems("[*+]{1,3}\\*\\Q+*\\E")).isEmpty();
    }
}
