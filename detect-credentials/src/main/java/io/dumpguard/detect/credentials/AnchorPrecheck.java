package io.dumpguard.detect.credentials;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A rule's cheap, exact pre-check of the chars around an anchor, run before its regex: a condition every match of
 * the regex at that anchor satisfies, so a position that fails it cannot match and the regex is not started. Most
 * anchors in text are words ("token", "basic", "key-value") that fail on the next char; skipping the regex there
 * saves its set-up, which costs more than the first stage's work per byte. {@code rules check} proves each example
 * passes it, and a property test proves it never changes what the pack finds.
 *
 * <p>Chars after the anchor: up to {@code maxSkip} chars of class {@code skip}, then at least {@code minRun} chars of
 * class {@code next}, all inside the rule's window. {@code skip} and {@code next} must not share a char, so skipping
 * greedily finds the same place the regex does.
 *
 * @param notPrecededBy class (Java regex syntax, one char) the char before the anchor must not be in, or null; for
 *                      rules whose pattern starts with the same negative lookbehind
 * @param skip          class of the chars between anchor and body (spaces, quotes, a label's rest), or null
 * @param maxSkip       most chars skipped
 * @param next          class of the body's first chars, or null for no check after the anchor
 * @param minRun        fewest consecutive {@code next} chars (default 1)
 */
public record AnchorPrecheck(@JsonProperty("not_preceded_by") String notPrecededBy,
                             @JsonProperty("skip") String skip,
                             @JsonProperty("max_skip") Integer maxSkip,
                             @JsonProperty("next") String next,
                             @JsonProperty("min_run") Integer minRun) {
    public AnchorPrecheck {
        maxSkip = maxSkip == null ? 0 : maxSkip;
        minRun = minRun == null ? 1 : minRun;
    }
}
