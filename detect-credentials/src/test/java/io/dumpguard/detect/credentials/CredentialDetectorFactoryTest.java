package io.dumpguard.detect.credentials;

import io.dumpguard.core.Finding;
import io.dumpguard.core.Limits;
import io.dumpguard.core.Policy;
import io.dumpguard.core.spi.ByteDetector;
import io.dumpguard.core.spi.DetectorExample;
import io.dumpguard.core.spi.DetectorFactory;
import io.dumpguard.core.spi.ScanChunk;
import io.dumpguard.core.spi.ScanContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialDetectorFactoryTest {
    private static final String USER_RULE = """
            rules:
            - id: acme.internal-token
              name: ACME internal service token
              anchors: [acme_tok_]
              pattern: '(?<![A-Za-z0-9_])acme_tok_(?<secret>[0-9a-f]{24})(?![0-9a-f])'
              max_length: 40
              examples:
              - text: 'ACME_TOKEN=acme_tok_5f1c0e9a7b3d24c68e0f1a2b'
                secret: '5f1c0e9a7b3d24c68e0f1a2b'
              negative_examples:
              - 'acme_tok_short'
            """;

    @Test
    void isRegisteredAsAPrimaryDetectorWithEveryRuleId() {
        DetectorFactory f = ServiceLoader.load(DetectorFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(x -> x.id().equals("cred")).findFirst().orElseThrow();
        assertThat(f.role()).isEqualTo(DetectorFactory.Role.PRIMARY);
        assertThat(f.findingIds()).containsAll(CredentialRules.builtin().ids()).contains("cred.github-token");
    }

    @Test
    void everyExampleBehaves() {
        CredentialDetectorFactory f = new CredentialDetectorFactory();
        ByteDetector d = f.create(ScanContext.defaults());
        for (DetectorExample ex : f.examples()) {
            List<Finding> out = new ArrayList<>();
            d.scan(ScanChunk.of(ex.data()), out::add);
            if (ex.mustMatch()) {
                assertThat(out).as(ex.name()).anyMatch(x -> x.detector().equals(ex.detectorId()));
            } else {
                assertThat(out).as(ex.name()).isEmpty();
            }
        }
    }

    @Test
    void userRuleFilesComeFromTheRulesOption(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("acme.yml");
        Files.writeString(file, USER_RULE);
        ScanContext ctx = new ScanContext(Limits.DEFAULT, Policy.TARGETED, List.of(), List.of(),
                Map.of(CredentialRules.OPTION_RULES, file.toString()));
        ByteDetector d = new CredentialDetectorFactory().create(ctx);
        byte[] data = "x ACME_TOKEN=acme_tok_5f1c0e9a7b3d24c68e0f1a2b y".getBytes(StandardCharsets.US_ASCII);
        List<Finding> out = new ArrayList<>();
        d.scan(ScanChunk.of(data), out::add);
        assertThat(out).singleElement().satisfies(x -> {
            assertThat(x.detector()).isEqualTo("acme.internal-token");
            assertThat(x.offset()).isEqualTo(22);
            assertThat(x.length()).isEqualTo(24);
        });
        assertThat(RulesCheck.run(List.of(file)).problems()).isEmpty();
    }

    @Test
    void aBrokenUserRuleFileIsRejectedWithItsName(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.yml");
        Files.writeString(file, "rules:\n- id: cred.github-token\n  name: dup\n  anchors: [abc]\n  pattern: 'abc.*'\n");
        assertThatThrownBy(() -> CredentialRules.load(List.of(file))).isInstanceOf(InvalidRuleException.class)
                .hasMessageContaining("cred.github-token");
    }
}
