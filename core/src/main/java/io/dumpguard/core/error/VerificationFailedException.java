package io.dumpguard.core.error;

/** The sanitized output did not re-parse identically or still holds findings; no output is written. */
public class VerificationFailedException extends InputRefusedException {
    public VerificationFailedException(String message) {
        super(message);
    }
}
