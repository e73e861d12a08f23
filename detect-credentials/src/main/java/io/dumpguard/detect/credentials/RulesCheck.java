package io.dumpguard.detect.credentials;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The linter behind {@code dumpguard rules check [--rules FILE]...} (after Nosey Parker's {@code rules check}):
 * every id unique and well formed, every pattern compiles, has a {@code secret} group and only bounded, un-nested
 * quantifiers, every example matches in ASCII, UTF-16LE and UTF-16BE (capturing the expected secret when one is
 * given) and no negative example matches. A JUnit test runs it over the built-in pack so CI fails on a bad rule.
 * Problems name rules, files and example numbers, never example text.
 */
public final class RulesCheck {
    static final Pattern ID_FORMAT = Pattern.compile("[a-z][a-z0-9]*(?:\\.[a-z0-9]+(?:-[a-z0-9]+)*)+");
    private static final double MAX_ENTROPY = 16.0;

    /** One thing wrong with a rule or a rule file. */
    public record Problem(String source, String ruleId, String message) {
        @Override
        public String toString() {
            return (source == null ? "" : source + ": ") + (ruleId == null ? "" : ruleId + ": ") + message;
        }
    }

    /** What the check found. */
    public record Report(List<Problem> problems, int rules, int examples, int negativeExamples) {
        public Report {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty();
        }

        public String summary() {
            return rules + " rules, " + examples + " examples, " + negativeExamples + " negative examples checked: "
                    + (problems.isEmpty() ? "no problems" : problems.size() + " problem(s)");
        }
    }

    private RulesCheck() {
    }

    /** Checks the built-in pack plus {@code extraRuleFiles}; unreadable files become problems, not exceptions. */
    public static Report run(List<Path> extraRuleFiles) {
        List<Problem> problems = new ArrayList<>();
        List<RuleDefinition> all = new ArrayList<>();
        try {
            all.addAll(RuleFileReader.builtin());
        } catch (InvalidRuleException | java.io.UncheckedIOException e) {
            problems.add(new Problem("builtin", null, e.getMessage()));
        }
        for (Path p : extraRuleFiles) {
            try {
                all.addAll(RuleFileReader.read(p));
            } catch (InvalidRuleException e) {
                problems.add(new Problem(p.toString(), null, e.getMessage()));
            } catch (IOException e) {
                problems.add(new Problem(p.toString(), null, "cannot read: " + e));
            }
        }
        Report r = check(all);
        problems.addAll(r.problems());
        return new Report(problems, r.rules(), r.examples(), r.negativeExamples());
    }

    /** Checks definitions. */
    public static Report check(List<RuleDefinition> definitions) {
        List<Problem> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int examples = 0;
        int negatives = 0;
        for (RuleDefinition d : definitions) {
            if (d.id() != null && !ids.add(d.id())) {
                problems.add(new Problem(d.source(), d.id(), "id is used by more than one rule"));
            }
            List<String> structural = structuralProblems(d);
            for (String s : structural) {
                problems.add(new Problem(d.source(), d.id(), s));
            }
            examples += d.examples().size();
            negatives += d.negativeExamples().size();
            if (structural.isEmpty()) {
                problems.addAll(exampleProblems(d));
            }
        }
        return new Report(problems, definitions.size(), examples, negatives);
    }

    /** Problems that make a rule unusable (checked again when a rule is compiled for scanning). */
    static List<String> structuralProblems(RuleDefinition d) {
        List<String> out = new ArrayList<>();
        if (d.id() == null || !ID_FORMAT.matcher(d.id()).matches()) {
            out.add("id must be lower-case words joined by '.' and '-' with at least one '.' (like cred.github-token)");
        }
        if (d.name() == null || d.name().isBlank()) {
            out.add("name is missing");
        }
        if (d.anchors().isEmpty()) {
            out.add("anchors are missing: the first stage needs at least one literal keyword where a match starts");
        }
        for (int i = 0; i < d.anchors().size(); i++) {
            String a = d.anchors().get(i);
            if (a == null || a.length() < CredentialRule.MIN_ANCHOR_BYTES) {
                out.add("anchor " + (i + 1) + " is shorter than " + CredentialRule.MIN_ANCHOR_BYTES + " chars");
            } else if (!a.chars().allMatch(c -> c >= 0x20 && c <= 0x7E)) {
                out.add("anchor " + (i + 1) + " is not printable ASCII");
            }
        }
        if (d.maxLength() != null && (d.maxLength() < 1 || d.maxLength() > CredentialRule.MAX_WINDOW_CHARS)) {
            out.add("max_length must be 1.." + CredentialRule.MAX_WINDOW_CHARS);
        }
        RuleValidation v = d.validation();
        if (v.checksum() != null && !SecretValidators.CHECKSUMS.contains(v.checksum())) {
            out.add("unknown checksum '" + v.checksum() + "' (known: " + SecretValidators.CHECKSUMS + ")");
        }
        if (v.structure() != null && !SecretValidators.STRUCTURES.contains(v.structure())) {
            out.add("unknown structure '" + v.structure() + "' (known: " + SecretValidators.STRUCTURES + ")");
        }
        if (v.minEntropy() != null && (v.minEntropy() < 0 || v.minEntropy() > MAX_ENTROPY)) {
            out.add("min_entropy must be 0.." + MAX_ENTROPY + " bits per char");
        }
        if (d.pattern() == null || d.pattern().isBlank()) {
            out.add("pattern is missing");
            return out;
        }
        try {
            Pattern p = Pattern.compile(d.pattern());
            if (!p.namedGroups().containsKey(CredentialRule.SECRET_GROUP)) {
                out.add("pattern has no named group (?<secret>...) marking the bytes to redact");
            }
        } catch (PatternSyntaxException e) {
            out.add("pattern does not compile: " + e.getDescription() + " at index " + e.getIndex());
        }
        out.addAll(Precheck.problems(d.precheck()));
        for (String s : RegexSafety.problems(d.pattern())) {
            out.add("pattern: " + s);
        }
        return out;
    }

    private static List<Problem> exampleProblems(RuleDefinition d) {
        List<Problem> out = new ArrayList<>();
        CredentialRules single = CredentialRules.of(List.of(d));
        CredentialMatcher matcher = single.newMatcher();
        CredentialMatcher regexOnly = single.newMatcherWithoutPrechecks();
        if (d.examples().isEmpty()) {
            out.add(new Problem(d.source(), d.id(), "has no examples"));
        }
        for (int i = 0; i < d.examples().size(); i++) {
            RuleExample ex = d.examples().get(i);
            if (ex.text() == null) {
                out.add(new Problem(d.source(), d.id(), "example " + (i + 1) + " has no text"));
                continue;
            }
            for (TextEncoding enc : TextEncoding.values()) {
                List<CredentialMatch> found = matcher.scan(enc.encode(ex.text()));
                if (found.isEmpty() && !regexOnly.scan(enc.encode(ex.text())).isEmpty()) {
                    out.add(new Problem(d.source(), d.id(), "example " + (i + 1) + " matches the pattern in "
                            + enc.id() + " but fails the precheck"));
                } else if (found.isEmpty()) {
                    out.add(new Problem(d.source(), d.id(), "example " + (i + 1) + " does not match in " + enc.id()));
                } else if (ex.secret() != null && found.stream().noneMatch(m -> m.secret().equals(ex.secret()))) {
                    out.add(new Problem(d.source(), d.id(), "example " + (i + 1) + " matches in " + enc.id()
                            + " but the secret group does not capture the expected part"));
                } else if (ex.secret() != null && !ex.text().contains(ex.secret())) {
                    out.add(new Problem(d.source(), d.id(), "example " + (i + 1) + ": secret is not part of text"));
                }
            }
        }
        for (int i = 0; i < d.negativeExamples().size(); i++) {
            String neg = d.negativeExamples().get(i);
            if (neg == null) {
                continue;
            }
            for (TextEncoding enc : TextEncoding.values()) {
                if (!matcher.scan(enc.encode(neg)).isEmpty()) {
                    out.add(new Problem(d.source(), d.id(), "negative example " + (i + 1) + " matches in "
                            + enc.id()));
                }
            }
        }
        return out;
    }
}
