package io.dumpguard.core.error;

/**
 * The input cannot be processed safely: it is malformed, exceeds a limit, or cannot be verified. Always means
 * verdict {@code refused}, exit code 3 and no output. Messages carry offsets and structure names, never secret bytes.
 */
public class InputRefusedException extends Exception {
    public InputRefusedException(String message) {
        super(message);
    }

    public InputRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
