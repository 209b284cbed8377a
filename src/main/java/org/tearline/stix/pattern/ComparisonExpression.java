package org.tearline.stix.pattern;

import java.util.List;
import java.util.Objects;

/**
 * What stands between the brackets of an observation expression (STIX 2.1 section 9.6): a
 * comparison, an {@code EXISTS} test, or several of them joined by one boolean operator.
 */
public sealed interface ComparisonExpression {

    /** This expression as pattern text, with only the parentheses its structure needs. */
    default String render() {
        return Renderer.comparison(this);
    }

    /**
     * {@code <object path> [NOT] <operator> <constant>}, e.g. {@code file:size NOT > 1024}.
     *
     * @param path the object path on the left
     * @param negated whether {@code NOT} precedes the operator
     * @param operator the operator
     * @param constant the constant on the right, of a kind the operator {@linkplain
     *     ComparisonOperator#accepts accepts}
     */
    record Comparison(ObjectPath path, boolean negated, ComparisonOperator operator, Constant constant)
            implements ComparisonExpression {

        /** Checks that the operator accepts the constant. */
        public Comparison {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(constant, "constant");
            if (!operator.accepts(constant)) {
                throw new IllegalArgumentException(operator.symbol() + " needs "
                        + operator.expectation() + ", not a constant of type "
                        + constant.typeName());
            }
        }
    }

    /**
     * {@code EXISTS <object path>}: the property is present.
     *
     * @param path the property that must exist
     */
    record Exists(ObjectPath path) implements ComparisonExpression {

        /** Checks for null. */
        public Exists {
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * Two or more expressions joined by one operator, {@code a AND b AND c}. The parser builds one
     * node for a run of the same operator and a nested node only where parentheses group.
     *
     * @param operator the operator joining the operands
     * @param operands two or more operands, in order
     */
    record Composite(BooleanOperator operator, List<ComparisonExpression> operands) implements ComparisonExpression {

        /** Checks that there are at least two operands. */
        public Composite {
            Objects.requireNonNull(operator, "operator");
            operands = List.copyOf(operands);
            if (operands.size() < 2) {
                throw new IllegalArgumentException("an operator joins at least two operands");
            }
        }
    }
}
