package org.tearline.stix.pattern;

/**
 * The operators joining comparison expressions inside one observation expression (STIX 2.1
 * section 9.6). {@code AND} binds tighter than {@code OR}; both associate left to right.
 */
public enum BooleanOperator {
    // Declared from the tightest binding to the loosest, as the printer expects.
    /** Both comparisons hold for the same object. */
    AND,
    /** Either comparison holds. */
    OR;

    /** The operator as written in a pattern. */
    public String keyword() {
        return name();
    }
}
