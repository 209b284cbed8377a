package org.tearline.stix.pattern;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed STIX pattern (STIX 2.1 section 9): the text as written and its syntax tree.
 *
 * <p>Parsing takes time linear in the length of the text and refuses brackets and parentheses
 * nested deeper than {@link #MAX_NESTING}. Limiting the length of the text is the caller's
 * business.
 *
 * <p>Two patterns are equal when their syntax trees are, whatever their spacing or quoting.
 */
public final class StixPattern {

    /**
     * How deep brackets and parentheses may nest, counted together. Real patterns rarely go past
     * three or four; the cap keeps hostile input from exhausting the stack.
     */
    public static final int MAX_NESTING = 64;

    private final String text;
    private final ObservationExpression expression;
    private final List<ObjectPath> objectPaths;

    private StixPattern(String text, ObservationExpression expression) {
        this.text = text;
        this.expression = expression;
        List<ObjectPath> paths = new ArrayList<>();
        collectPaths(expression, paths);
        this.objectPaths = List.copyOf(paths);
    }

    /**
     * Parses a pattern.
     *
     * @throws InvalidPatternException when the text is not a pattern of the STIX grammar; its
     *     message says what was expected, what was found and where, quoting at most a few dozen
     *     characters of the text
     */
    public static StixPattern parse(String text) {
        if (text == null || text.chars().allMatch(c -> Lexer.isWhitespace((char) c))) {
            throw new InvalidPatternException("pattern is empty", 0);
        }
        return new StixPattern(text, Parser.parse(text));
    }

    /** The pattern as written. */
    public String text() {
        return text;
    }

    /** The syntax tree: the observation expression the whole pattern is. */
    public ObservationExpression expression() {
        return expression;
    }

    /**
     * Every object path the pattern compares or tests with {@code EXISTS}, in the order written,
     * repeats included.
     */
    public List<ObjectPath> objectPaths() {
        return objectPaths;
    }

    /**
     * The pattern as canonical text: single spaces around operators, names quoted only where
     * needed and parentheses only where the structure needs them. Parsing it gives an equal
     * pattern.
     */
    public String render() {
        return expression.render();
    }

    /** Equal when the syntax trees are equal. */
    @Override
    public boolean equals(Object other) {
        return other instanceof StixPattern pattern && expression.equals(pattern.expression);
    }

    @Override
    public int hashCode() {
        return expression.hashCode();
    }

    /** The canonical text, as {@link #render()}. */
    @Override
    public String toString() {
        return render();
    }

    private static void collectPaths(ObservationExpression expression, List<ObjectPath> paths) {
        if (expression instanceof ObservationExpression.Observation observation) {
            collectPaths(observation.comparison(), paths);
        } else if (expression instanceof ObservationExpression.Composite composite) {
            composite.operands().forEach(operand -> collectPaths(operand, paths));
        } else {
            collectPaths(((ObservationExpression.Qualified) expression).expression(), paths);
        }
    }

    private static void collectPaths(ComparisonExpression expression, List<ObjectPath> paths) {
        if (expression instanceof ComparisonExpression.Comparison comparison) {
            paths.add(comparison.path());
        } else if (expression instanceof ComparisonExpression.Exists exists) {
            paths.add(exists.path());
        } else {
            ((ComparisonExpression.Composite) expression).operands().forEach(operand -> collectPaths(operand, paths));
        }
    }
}
