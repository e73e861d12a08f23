package io.dumpguard.detect.credentials;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Text a rule must match. In YAML either a plain string or {@code {text: ..., secret: ...}}; when {@code secret} is
 * given the rule's {@code secret} capture must equal it exactly (so the label is proven kept out of the redaction).
 *
 * @param text   the example text (synthetic: built to look real, never a live credential)
 * @param secret the part the {@code secret} group must capture, or null to only require a match
 */
public record RuleExample(@JsonProperty("text") String text, @JsonProperty("secret") String secret) {
    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public RuleExample {
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static RuleExample of(String text) {
        return new RuleExample(text, null);
    }
}
