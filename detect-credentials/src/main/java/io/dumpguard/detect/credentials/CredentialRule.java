package io.dumpguard.detect.credentials;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A compiled rule: its definition, its regex and the anchors the first stage looks for.
 */
public final class CredentialRule {
    /** Longest regex window a rule may ask for, in chars (a 4096-bit RSA PEM in JSON is about 3,300). */
    public static final int MAX_WINDOW_CHARS = 16_384;
    /** Window used when a rule does not set {@code max_length}. */
    public static final int DEFAULT_WINDOW_CHARS = 256;
    /** Shortest anchor: the first stage samples every second byte and looks up 2-byte grams at two offsets. */
    public static final int MIN_ANCHOR_BYTES = 3;
    static final String SECRET_GROUP = "secret";

    private final RuleDefinition definition;
    private final Pattern pattern;
    private final int windowChars;
    private final Precheck precheck;

    private CredentialRule(RuleDefinition definition, Pattern pattern, int windowChars) {
        this.definition = definition;
        this.pattern = pattern;
        this.windowChars = windowChars;
        this.precheck = Precheck.compile(definition.precheck());
    }

    /** Compiles a definition, or throws {@link InvalidRuleException} naming the rule and its file. */
    public static CredentialRule compile(RuleDefinition d) {
        List<String> problems = RulesCheck.structuralProblems(d);
        if (!problems.isEmpty()) {
            throw new InvalidRuleException("rule " + d.id() + " (" + d.source() + "): " + String.join("; ", problems));
        }
        Pattern p;
        try {
            p = Pattern.compile(d.pattern());
        } catch (PatternSyntaxException e) {
            throw new InvalidRuleException("rule " + d.id() + " (" + d.source() + "): pattern does not compile", e);
        }
        return new CredentialRule(d, p, windowChars(d));
    }

    /**
     * Compiles a definition that already passed {@link RulesCheck#structuralProblems} (the built-in pack, checked
     * when the build wrote it): the regex-safety analysis is most of a cold start's rule loading.
     */
    static CredentialRule compileChecked(RuleDefinition d) {
        return new CredentialRule(d, Pattern.compile(d.pattern()), windowChars(d));
    }

    static int windowChars(RuleDefinition d) {
        return d.maxLength() == null ? DEFAULT_WINDOW_CHARS : d.maxLength();
    }

    public String id() {
        return definition.id();
    }

    public String name() {
        return definition.name();
    }

    public RuleDefinition definition() {
        return definition;
    }

    public List<String> anchors() {
        return definition.anchors();
    }

    public boolean generic() {
        return definition.generic();
    }

    Pattern pattern() {
        return pattern;
    }

    /** The check run before the regex at an anchor, or null. */
    Precheck precheck() {
        return precheck;
    }

    /** Most chars a match may span from its anchor. */
    int windowChars() {
        return windowChars;
    }

    boolean validates(CharSequence secret) {
        return SecretValidators.passes(definition.validation(), secret);
    }

    @Override
    public String toString() {
        return "CredentialRule[" + id() + "]";
    }
}
