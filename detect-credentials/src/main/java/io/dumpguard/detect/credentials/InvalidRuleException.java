package io.dumpguard.detect.credentials;

/** A rule file cannot be read or one of its rules is unusable. The message names the file and the rule id. */
public class InvalidRuleException extends RuntimeException {
    public InvalidRuleException(String message) {
        super(message);
    }

    public InvalidRuleException(String message, Throwable cause) {
        super(message, cause);
    }
}
