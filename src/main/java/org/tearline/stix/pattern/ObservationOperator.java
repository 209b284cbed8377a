package org.tearline.stix.pattern;

/**
 * The operators joining observation expressions (STIX 2.1 section 9.5.2), from the tightest
 * binding to the loosest (section 9.5.3): {@code AND}, then {@code OR}, then {@code FOLLOWEDBY}.
 * All associate left to right.
 */
public enum ObservationOperator {
    // Declared from the tightest binding to the loosest: the printer compares ordinals to decide
    // where parentheses are needed.
    /** Both observation expressions match, on different observations. */
    AND,
    /** Either observation expression matches. */
    OR,
    /** Both match, the right one no earlier than the left one. */
    FOLLOWEDBY;

    /** The operator as written in a pattern. */
    public String keyword() {
        return name();
    }
}
