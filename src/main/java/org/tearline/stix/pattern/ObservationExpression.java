package org.tearline.stix.pattern;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An observation expression (STIX 2.1 section 9.5): a bracketed comparison expression, several
 * observation expressions joined by one observation operator, or an observation expression with
 * qualifiers. A whole pattern is one observation expression.
 */
public sealed interface ObservationExpression {

    /** This expression as pattern text, with only the parentheses its structure needs. */
    default String render() {
        return Renderer.observation(this);
    }

    /**
     * {@code [ <comparison expression> ]}: what one observation must contain.
     *
     * @param comparison the expression between the brackets
     */
    record Observation(ComparisonExpression comparison) implements ObservationExpression {

        /** Checks for null. */
        public Observation {
            Objects.requireNonNull(comparison, "comparison");
        }
    }

    /**
     * Two or more observation expressions joined by one operator, {@code [a] OR [b] OR [c]}. The
     * parser builds one node for a run of the same operator and a nested node only where
     * parentheses group.
     *
     * @param operator the operator joining the operands
     * @param operands two or more operands, in order
     */
    record Composite(ObservationOperator operator, List<ObservationExpression> operands)
            implements ObservationExpression {

        /** Checks that there are at least two operands. */
        public Composite {
            Objects.requireNonNull(operator, "operator");
            operands = List.copyOf(operands);
            if (operands.size() < 2) {
                throw new IllegalArgumentException("an operator joins at least two operands");
            }
        }
    }

    /**
     * An observation expression followed by qualifiers, {@code [a] REPEATS 5 TIMES WITHIN 60
     * SECONDS}. Qualifiers bind tighter than any observation operator: {@code [a] AND [b] WITHIN 5
     * SECONDS} qualifies only {@code [b]} (STIX 2.1 section 9.5.2).
     *
     * @param expression the qualified expression; a composite or qualified one was parenthesised
     * @param qualifiers one or more qualifiers in the order written, no two of the same kind
     */
    record Qualified(ObservationExpression expression, List<Qualifier> qualifiers) implements ObservationExpression {

        /** Checks that there is at least one qualifier and no kind is repeated. */
        public Qualified {
            Objects.requireNonNull(expression, "expression");
            qualifiers = List.copyOf(qualifiers);
            if (qualifiers.isEmpty()) {
                throw new IllegalArgumentException("at least one qualifier is needed");
            }
            Set<String> kinds = new HashSet<>();
            for (Qualifier qualifier : qualifiers) {
                if (!kinds.add(qualifier.keyword())) {
                    throw new IllegalArgumentException("more than one " + qualifier.keyword() + " qualifier");
                }
            }
        }
    }
}
