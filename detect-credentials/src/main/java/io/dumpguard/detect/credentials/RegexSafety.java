package io.dumpguard.detect.credentials;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Lints a rule's regex source for the constructs that make backtracking super-linear or unbounded: unbounded
 * quantifiers ({@code *}, {@code +}, {@code {n,}}) and a quantifier on a group that itself contains a
 * variable-length quantifier ({@code (a{1,9}){1,9}}). With only bounded, un-nested quantifiers a match attempt
 * costs at most (pattern size x window) steps, and the window is bounded by the rule's {@code max_length}.
 *
 * <p>A small scanner, not a full parser: it knows escapes, {@code \Q..\E}, character classes (nested, Java style)
 * and groups, which is all that decides where a quantifier applies.
 */
final class RegexSafety {
    private RegexSafety() {
    }

    /** Problems found in {@code regex}; empty when it is safe. */
    static List<String> problems(String regex) {
        List<String> out = new ArrayList<>();
        // per open group: does it contain a variable-length quantifier?
        Deque<boolean[]> groups = new ArrayDeque<>();
        groups.push(new boolean[1]);
        boolean lastWasGroupClose = false;
        boolean closedGroupVariable = false;
        boolean canQuantify = false;
        int i = 0;
        int n = regex.length();
        while (i < n) {
            char c = regex.charAt(i);
            if (c == '\\') {
                if (i + 1 < n && regex.charAt(i + 1) == 'Q') {
                    int e = regex.indexOf("\\E", i + 2);
                    i = e < 0 ? n : e + 2;
                } else {
                    i += 2;
                }
                lastWasGroupClose = false;
                canQuantify = true;
                continue;
            }
            if (c == '[') {
                i = skipClass(regex, i);
                lastWasGroupClose = false;
                canQuantify = true;
                continue;
            }
            if (c == '(') {
                groups.push(new boolean[1]);
                i++;
                if (i < n && regex.charAt(i) == '?') {
                    // (?:  (?=  (?!  (?<=  (?<!  (?<name>  (?i)  (?i:
                    i++;
                    while (i < n && regex.charAt(i) != ':' && regex.charAt(i) != ')' && regex.charAt(i) != '('
                            && regex.charAt(i) != '=' && regex.charAt(i) != '!' && regex.charAt(i) != '>') {
                        i++;
                    }
                    if (i < n && regex.charAt(i) != ')' && regex.charAt(i) != '(') {
                        i++;
                    }
                }
                lastWasGroupClose = false;
                canQuantify = false;
                continue;
            }
            if (c == ')') {
                boolean[] g = groups.size() > 1 ? groups.pop() : new boolean[1];
                closedGroupVariable = g[0];
                if (g[0]) {
                    groups.peek()[0] = true;
                }
                lastWasGroupClose = true;
                canQuantify = true;
                i++;
                continue;
            }
            if (c == '*' || c == '+' || c == '?' || c == '{') {
                int end = i;
                boolean unbounded;
                boolean variable;
                if (c == '{') {
                    int close = regex.indexOf('}', i);
                    if (close < 0) {
                        out.add("unterminated quantifier at index " + i);
                        break;
                    }
                    String body = regex.substring(i + 1, close);
                    int comma = body.indexOf(',');
                    unbounded = comma >= 0 && comma == body.length() - 1;
                    variable = comma >= 0 && !(comma < body.length() - 1
                            && body.substring(0, comma).equals(body.substring(comma + 1)));
                    end = close;
                } else {
                    unbounded = c != '?';
                    variable = true;
                }
                if (canQuantify) {
                    if (unbounded) {
                        out.add("unbounded quantifier '" + regex.substring(i, end + 1) + "' at index " + i
                                + ": use {m,n}");
                    }
                    if (lastWasGroupClose && closedGroupVariable && isRepeating(regex, i, end)) {
                        out.add("quantifier at index " + i + " repeats a group that has a variable-length "
                                + "quantifier inside (nested quantifiers backtrack super-linearly)");
                    }
                    if (variable) {
                        groups.peek()[0] = true;
                    }
                }
                i = end + 1;
                // lazy '?' or possessive '+' modifier
                if (i < n && (regex.charAt(i) == '?' || regex.charAt(i) == '+')) {
                    i++;
                }
                lastWasGroupClose = false;
                canQuantify = false;
                continue;
            }
            lastWasGroupClose = false;
            canQuantify = c != '|' && c != '^';
            i++;
        }
        return out;
    }

    /** Whether the quantifier at {@code [from, to]} can apply its operand more than once ({@code ?} cannot). */
    private static boolean isRepeating(String regex, int from, int to) {
        char c = regex.charAt(from);
        if (c != '{') {
            return c != '?';
        }
        String body = regex.substring(from + 1, to);
        String max = body.substring(body.indexOf(',') + 1);
        try {
            return max.isEmpty() || Integer.parseInt(max.strip()) > 1;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** Index after the character class opening at {@code open} (Java classes nest: {@code [a-z&&[^b]]}). */
    private static int skipClass(String regex, int open) {
        int depth = 0;
        int i = open;
        int n = regex.length();
        while (i < n) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '[') {
                depth++;
                // a ']' right after '[' or '[^' is a literal
                if (i + 1 < n && regex.charAt(i + 1) == '^') {
                    i++;
                }
                if (i + 1 < n && regex.charAt(i + 1) == ']') {
                    i++;
                }
            } else if (c == ']') {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            }
            i++;
        }
        return n;
    }
}
