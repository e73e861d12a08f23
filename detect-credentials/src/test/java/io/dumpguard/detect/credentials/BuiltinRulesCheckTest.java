package io.dumpguard.detect.credentials;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** CI fails on a bad built-in rule: this is {@code dumpguard rules check} over the shipped pack. */
class BuiltinRulesCheckTest {
    @Test
    void builtinPackPassesRulesCheck() {
        RulesCheck.Report report = RulesCheck.run(List.of());
        assertThat(report.problems()).as(report.summary()).isEmpty();
        assertThat(report.rules()).isGreaterThanOrEqualTo(30);
    }

    @Test
    void everyRuleFileIsListedInTheIndex() throws IOException {
        Path dir = Path.of(System.getProperty("dumpguard.root", ".."), "detect-credentials", "src", "main",
                "resources", "io", "dumpguard", "detect", "credentials", "rules");
        if (!Files.isDirectory(dir)) {
            dir = Path.of("src/main/resources/io/dumpguard/detect/credentials/rules");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> yml = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yml")).sorted()
                    .toList();
            assertThat(RuleFileReader.builtinFiles()).containsExactlyInAnyOrderElementsOf(yml);
        }
    }

    @Test
    void everyBuiltinIdIsInTheCredNamespace() {
        assertThat(CredentialRules.builtin().ids()).allMatch(id -> id.startsWith("cred."));
    }
}
