package org.tearline.stix.pattern;

/**
 * The comparison operators (STIX 2.1 section 9.6.1) and the constants each accepts. Any of them
 * may be preceded by {@code NOT}.
 */
public enum ComparisonOperator {
    /** {@code =}: any constant other than a set. */
    EQUAL("="),
    /** {@code !=}: any constant other than a set. */
    NOT_EQUAL("!="),
    /** {@code <}: an orderable constant (not a boolean, not a set). */
    LESS_THAN("<"),
    /** {@code <=}: an orderable constant. */
    LESS_THAN_OR_EQUAL("<="),
    /** {@code >}: an orderable constant. */
    GREATER_THAN(">"),
    /** {@code >=}: an orderable constant. */
    GREATER_THAN_OR_EQUAL(">="),
    /** {@code IN}: a parenthesised set of constants of one type. */
    IN("IN"),
    /** {@code LIKE}: a string with SQL-style {@code %} and {@code _} wildcards. */
    LIKE("LIKE"),
    /** {@code MATCHES}: a string holding a PCRE regular expression. */
    MATCHES("MATCHES"),
    /** {@code ISSUBSET}: a string holding an IP address or CIDR block. */
    ISSUBSET("ISSUBSET"),
    /** {@code ISSUPERSET}: a string holding an IP address or CIDR block. */
    ISSUPERSET("ISSUPERSET");

    private final String symbol;

    ComparisonOperator(String symbol) {
        this.symbol = symbol;
    }

    /** The operator as written in a pattern. */
    public String symbol() {
        return symbol;
    }

    /** True when this operator may compare an object path with the constant. */
    public boolean accepts(Constant constant) {
        switch (this) {
            case EQUAL:
            case NOT_EQUAL:
                return !(constant instanceof Constant.SetConstant);
            case LESS_THAN:
            case LESS_THAN_OR_EQUAL:
            case GREATER_THAN:
            case GREATER_THAN_OR_EQUAL:
                // Ordering a boolean means nothing; the OASIS grammar leaves booleans out too.
                return !(constant instanceof Constant.SetConstant) && !(constant instanceof Constant.BooleanConstant);
            case IN:
                return constant instanceof Constant.SetConstant;
            default:
                return constant instanceof Constant.StringConstant;
        }
    }

    /** What this operator needs on its right, for error messages. */
    String expectation() {
        switch (this) {
            case EQUAL:
            case NOT_EQUAL:
                return "a constant";
            case LESS_THAN:
            case LESS_THAN_OR_EQUAL:
            case GREATER_THAN:
            case GREATER_THAN_OR_EQUAL:
                return "a number, string, hex, binary or timestamp constant";
            case IN:
                return "a parenthesised set of constants";
            default:
                return "a string constant";
        }
    }
}
