package io.dumpguard.detect.credentials;

import java.util.regex.Pattern;

/**
 * One char class of a rule's pre-check, as a table for Latin-1 (every char ASCII and UTF-16 text of ASCII holds)
 * and the compiled class for the rare char beyond it, so membership is exactly what the regex would decide.
 */
final class CharClass {
    private final Pattern pattern;
    private final boolean[] latin1 = new boolean[256];

    private CharClass(Pattern pattern) {
        this.pattern = pattern;
        for (int c = 0; c < 256; c++) {
            latin1[c] = pattern.matcher(String.valueOf((char) c)).matches();
        }
    }

    /** Compiles {@code regex}, which must be one char class or escape ({@code [...]}, {@code \s}). */
    static CharClass of(String regex) {
        return new CharClass(Pattern.compile(regex));
    }

    /**
     * Whether {@code regex} compiles and matches single chars only: a class {@code [...]}, a two-char escape like
     * {@code \s}, or one literal char that is not a regex operator.
     */
    static boolean isSingleCharClass(String regex) {
        try {
            Pattern p = Pattern.compile(regex);
            boolean shape = regex.startsWith("[") && regex.endsWith("]")
                    || regex.startsWith("\\") && regex.length() == 2
                    || regex.length() == 1 && ".^$|?*+()[]{}\\".indexOf(regex.charAt(0)) < 0;
            return shape && !p.matcher("").matches();
        } catch (java.util.regex.PatternSyntaxException e) {
            return false;
        }
    }

    boolean has(char c) {
        return c < 256 ? latin1[c] : pattern.matcher(String.valueOf(c)).matches();
    }

    /** Membership of each Latin-1 char (a copy). */
    boolean[] latin1() {
        return latin1.clone();
    }

    /** Whether some Latin-1 char is in both classes. */
    boolean overlapsLatin1(CharClass other) {
        for (int c = 0; c < 256; c++) {
            if (latin1[c] && other.latin1[c]) {
                return true;
            }
        }
        return false;
    }
}
