package io.dumpguard.core.error;

/** The input asks for more than a named limit allows. Says which limit and how to raise it. */
public class LimitExceededException extends InputRefusedException {
    public LimitExceededException(String limit, long value, long max, String howToRaise) {
        super(limit + " exceeded: " + value + " > " + max + (howToRaise == null ? "" : " (" + howToRaise + ")"));
    }
}
