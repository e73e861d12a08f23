package io.dumpguard.detect.credentials;

import io.dumpguard.core.spi.ByteDetector;
import io.dumpguard.core.spi.DetectorExample;
import io.dumpguard.core.spi.DetectorFactory;
import io.dumpguard.core.spi.ScanContext;

import java.util.ArrayList;
import java.util.List;

/**
 * Plug-in entry for the credential and token rule pack. User rule files come from the
 * {@value CredentialRules#OPTION_RULES} option ({@code --rules FILE}, joined with the path separator).
 */
public final class CredentialDetectorFactory implements DetectorFactory {
    public static final String ID = "cred";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<String> findingIds() {
        return CredentialRules.builtin().ids();
    }

    @Override
    public String description() {
        return "credentials and tokens (" + CredentialRules.builtin().rules().size()
                + " rules: cloud keys, API tokens, JWTs, auth headers, passwords in URLs, connection strings and"
                + " assignments), ASCII/UTF-8, UTF-16LE and UTF-16BE";
    }

    @Override
    public Role role() {
        return Role.PRIMARY;
    }

    @Override
    public List<DetectorExample> examples() {
        List<DetectorExample> out = new ArrayList<>();
        for (CredentialRule rule : CredentialRules.builtin().rules()) {
            List<RuleExample> examples = rule.definition().examples();
            for (int i = 0; i < examples.size(); i++) {
                for (TextEncoding enc : List.of(TextEncoding.ASCII, TextEncoding.UTF_16LE)) {
                    out.add(DetectorExample.match(rule.id() + " example " + (i + 1) + " (" + enc.id() + ")",
                            enc.encode(examples.get(i).text()), rule.id()));
                }
            }
            List<String> negatives = rule.definition().negativeExamples();
            for (int i = 0; i < negatives.size(); i++) {
                out.add(DetectorExample.noMatch(rule.id() + " negative example " + (i + 1),
                        TextEncoding.ASCII.encode(negatives.get(i))));
            }
        }
        return out;
    }

    /** Loads the built-in pack and compiles its native first stage (loading Hyperscan costs 0.15–0.25 s). */
    @Override
    public void prepare() {
        CredentialRules.builtin().nativeAnchors();
    }

    @Override
    public ByteDetector create(ScanContext context) {
        String extra = context.options().get(CredentialRules.OPTION_RULES);
        return new CredentialDetector(CredentialRules.load(CredentialRules.parseRulesOption(extra)));
    }

    /** One line for the run: the instances (one per scanning thread) share a pack, so their counts add up. */
    @Override
    public List<String> proof(List<ByteDetector> instances) {
        long total = 0;
        CredentialRules rules = null;
        for (ByteDetector d : instances) {
            if (d instanceof CredentialDetector c) {
                total += c.findings();
                rules = c.rules();
            }
        }
        return rules == null ? List.of() : List.of(CredentialDetector.proofLine(total, rules));
    }
}
