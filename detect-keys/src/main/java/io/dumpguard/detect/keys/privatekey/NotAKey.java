package io.dumpguard.detect.keys.privatekey;

/**
 * A candidate that resembled a key is not one. Thrown inside parsers and caught where the candidate was picked up;
 * it is the normal outcome for almost every anchor hit, so it carries no stack trace and no message with data.
 */
final class NotAKey extends Exception {
    static final NotAKey INSTANCE = new NotAKey();

    private NotAKey() {
        super("not a key", null, false, false);
    }

    static void require(boolean condition) throws NotAKey {
        if (!condition) {
            throw INSTANCE;
        }
    }
}
