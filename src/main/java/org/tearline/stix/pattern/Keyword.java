package org.tearline.stix.pattern;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The reserved words of the pattern language. They are case-sensitive: the specification writes
 * the operators and qualifiers in upper case and the booleans in lower case (STIX 2.1 sections 9.2
 * to 9.6), and {@code and} is an ordinary identifier, not the operator.
 */
enum Keyword {
    AND,
    OR,
    NOT,
    FOLLOWEDBY,
    LIKE,
    MATCHES,
    ISSUBSET,
    ISSUPERSET,
    EXISTS,
    IN,
    START,
    STOP,
    SECONDS,
    WITHIN,
    REPEATS,
    TIMES,
    TRUE("true"),
    FALSE("false");

    private static final Map<String, Keyword> BY_TEXT =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(k -> k.text, Function.identity()));

    private final String text;

    Keyword() {
        this.text = name();
    }

    Keyword(String text) {
        this.text = text;
    }

    /** The keyword as it must be written. */
    String text() {
        return text;
    }

    /** The keyword spelled exactly as {@code word}, or null. */
    static Keyword of(String word) {
        return BY_TEXT.get(word);
    }

    /** True when the word is a keyword and so cannot be an unquoted name. */
    static boolean isReserved(String word) {
        return BY_TEXT.containsKey(word);
    }

    /** The keyword the word would be in upper or lower case, for hints about case; or null. */
    static Keyword ignoringCase(String word) {
        for (Keyword keyword : values()) {
            if (keyword.text.equalsIgnoreCase(word)) {
                return keyword;
            }
        }
        return null;
    }
}
