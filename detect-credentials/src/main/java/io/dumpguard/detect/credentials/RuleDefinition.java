package io.dumpguard.detect.credentials;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * One rule exactly as written in a rule file (after Nosey Parker's rules-as-data). {@link CredentialRule} is the
 * compiled form; {@link RulesCheck} lints definitions without compiling them first so it can report every problem.
 *
 * @param id               stable finding id ({@code cred.github-token})
 * @param name             what the rule finds; findings carry it as their description
 * @param anchors          literal keywords (ASCII, at least 3 bytes) at which a match starts; the first stage finds
 *                         them in ASCII, UTF-16LE and UTF-16BE, ignoring case unless {@code anchorsCaseSensitive}
 * @param anchorsCaseSensitive true when the anchors must match exactly (short anchors like {@code AC0} that would
 *                         otherwise fire on common words)
 * @param pattern          Java regex run with {@code lookingAt} at an anchor; the named group {@code secret} marks
 *                         the bytes to redact. Quantifiers must be bounded.
 * @param maxLength        most chars a match may span from its anchor (the regex window)
 * @param generic          true for catch-all rules (password assignments, bearer headers) whose findings give way
 *                         to a specific rule's finding on the same bytes
 * @param validation       extra checks on the secret, or null
 * @param precheck         a cheap condition on the chars around an anchor that every match satisfies, tested before
 *                         the regex runs, or null
 * @param examples         texts that must match
 * @param negativeExamples texts that must not match
 * @param source           the file the rule came from (set by the reader, not by YAML)
 */
public record RuleDefinition(@JsonProperty("id") String id,
                             @JsonProperty("name") String name,
                             @JsonProperty("anchors") List<String> anchors,
                             @JsonProperty("anchors_case_sensitive") Boolean anchorsCaseSensitive,
                             @JsonProperty("pattern") String pattern,
                             @JsonProperty("max_length") Integer maxLength,
                             @JsonProperty("generic") Boolean generic,
                             @JsonProperty("validation") RuleValidation validation,
                             @JsonProperty("precheck") AnchorPrecheck precheck,
                             @JsonProperty("examples") List<RuleExample> examples,
                             @JsonProperty("negative_examples") List<String> negativeExamples,
                             @JsonProperty("source") String source) {
    public RuleDefinition {
        anchors = anchors == null ? List.of() : List.copyOf(anchors);
        validation = validation == null ? RuleValidation.NONE : validation;
        examples = examples == null ? List.of() : List.copyOf(examples);
        negativeExamples = negativeExamples == null ? List.of() : List.copyOf(negativeExamples);
        generic = generic != null && generic;
        anchorsCaseSensitive = anchorsCaseSensitive != null && anchorsCaseSensitive;
    }

    RuleDefinition withSource(String s) {
        return new RuleDefinition(id, name, anchors, anchorsCaseSensitive, pattern, maxLength, generic, validation, precheck,
                examples, negativeExamples, s);
    }
}
