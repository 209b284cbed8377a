package org.tearline.stix.pattern;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A recursive-descent parser for the STIX 2.1 patterning language (section 9), one token of
 * lookahead. The grammar it implements, loosest binding first:
 *
 * <pre>
 * pattern      = followedBy END
 * followedBy   = orObs ("FOLLOWEDBY" orObs)*
 * orObs        = andObs ("OR" andObs)*
 * andObs       = qualified ("AND" qualified)*
 * qualified    = primaryObs qualifier*
 * primaryObs   = "[" orComp "]" | "(" followedBy ")"
 * qualifier    = "WITHIN" number "SECONDS" | "REPEATS" integer "TIMES"
 *              | "START" timestamp "STOP" timestamp
 * orComp       = andComp ("OR" andComp)*
 * andComp      = primaryComp ("AND" primaryComp)*
 * primaryComp  = "(" orComp ")" | "EXISTS" path | path ["NOT"] operator constant
 * path         = word ":" name ("." name | "[" (integer | "*") "]")*
 * </pre>
 *
 * <p>Runs of one operator are collected in loops rather than by recursion, so only brackets and
 * parentheses deepen the call stack, and those are capped at {@link StixPattern#MAX_NESTING}.
 *
 * <p>Past 500 lines because a recursive-descent parser reads as its grammar, one method per
 * rule, and is checked against it as one piece.
 */
final class Parser {

    private final String text;
    private final Lexer lexer;
    private Token current;
    private Token previous;
    private int depth;

    private Parser(String text) {
        this.text = text;
        this.lexer = new Lexer(text);
    }

    static ObservationExpression parse(String text) {
        Parser parser = new Parser(text);
        parser.advance();
        ObservationExpression expression = parser.followedBy();
        if (parser.current.kind() != Token.Kind.END) {
            throw parser.afterObservation();
        }
        return expression;
    }

    // ---- observation expressions ----

    private ObservationExpression followedBy() {
        return run(
                Keyword.FOLLOWEDBY,
                this::orObservations,
                operands -> new ObservationExpression.Composite(ObservationOperator.FOLLOWEDBY, operands));
    }

    private ObservationExpression orObservations() {
        return run(
                Keyword.OR,
                this::andObservations,
                operands -> new ObservationExpression.Composite(ObservationOperator.OR, operands));
    }

    private ObservationExpression andObservations() {
        return run(
                Keyword.AND,
                this::qualified,
                operands -> new ObservationExpression.Composite(ObservationOperator.AND, operands));
    }

    /**
     * Parses {@code operand (keyword operand)*} into one node, or just the operand when the
     * keyword does not follow it.
     */
    private <T> T run(Keyword keyword, Supplier<T> operand, Function<List<T>, T> combine) {
        T first = operand.get();
        if (!current.is(keyword)) {
            return first;
        }
        List<T> operands = new ArrayList<>(List.of(first));
        while (current.is(keyword)) {
            advance();
            operands.add(operand.get());
        }
        return combine.apply(operands);
    }

    private ObservationExpression qualified() {
        ObservationExpression expression = primaryObservation();
        List<Qualifier> qualifiers = new ArrayList<>();
        while (current.is(Keyword.WITHIN) || current.is(Keyword.REPEATS) || current.is(Keyword.START)) {
            for (Qualifier seen : qualifiers) {
                if (current.is(Keyword.of(seen.keyword()))) {
                    // STIX 2.1 section 9.5.1. Parentheses make a new observation expression, so
                    // "([a] WITHIN 5 SECONDS) WITHIN 10 SECONDS" remains possible.
                    throw new InvalidPatternException(
                            "found a second " + seen.keyword()
                                    + " qualifier at position " + current.start()
                                    + ": an observation expression has at most one qualifier of each kind"
                                    + " (STIX 2.1 section 9.5.1); parenthesise it to qualify it again",
                            current.start());
                }
            }
            qualifiers.add(qualifier());
        }
        return qualifiers.isEmpty() ? expression : new ObservationExpression.Qualified(expression, qualifiers);
    }

    private ObservationExpression primaryObservation() {
        if (current.kind() == Token.Kind.LEFT_BRACKET) {
            enter();
            ComparisonExpression comparison = orComparisons();
            if (current.kind() != Token.Kind.RIGHT_BRACKET) {
                throw afterComparison("']'");
            }
            leave();
            return new ObservationExpression.Observation(comparison);
        }
        if (current.kind() == Token.Kind.LEFT_PAREN) {
            enter();
            ObservationExpression expression = followedBy();
            if (current.kind() != Token.Kind.RIGHT_PAREN) {
                throw afterObservation();
            }
            leave();
            return expression;
        }
        throw expected("an observation expression ('[' or '(')", current, "");
    }

    private Qualifier qualifier() {
        Token keyword = current;
        advance();
        if (keyword.is(Keyword.WITHIN)) {
            Token number = current;
            Constant.NumberConstant seconds;
            if (number.kind() == Token.Kind.INTEGER) {
                seconds = integer(number);
            } else if (number.kind() == Token.Kind.FLOAT) {
                seconds = floating(number);
            } else {
                throw expected("a positive number of seconds", current, "");
            }
            if (!seconds.isPositive()) {
                throw expected("a positive number of seconds", number, " (STIX 2.1 section 9.5.1)");
            }
            advance();
            expectKeyword(Keyword.SECONDS);
            return new Qualifier.Within(seconds);
        }
        if (keyword.is(Keyword.REPEATS)) {
            Token number = current;
            if (number.kind() != Token.Kind.INTEGER) {
                throw expected("a positive integer", current, "");
            }
            long times = integer(number).value();
            if (times < 1) {
                throw expected("a positive integer", number, " (STIX 2.1 section 9.5.1)");
            }
            advance();
            expectKeyword(Keyword.TIMES);
            return new Qualifier.Repeats(times);
        }
        Constant.TimestampConstant start = timestampOperand();
        expectKeyword(Keyword.STOP);
        return new Qualifier.StartStop(start, timestampOperand());
    }

    private Constant.TimestampConstant timestampOperand() {
        if (current.kind() != Token.Kind.TIMESTAMP) {
            throw expected("a timestamp (t'...')", current, "");
        }
        Constant.TimestampConstant timestamp = new Constant.TimestampConstant(current.value());
        advance();
        return timestamp;
    }

    private void expectKeyword(Keyword keyword) {
        if (!current.is(keyword)) {
            throw expected(keyword.text(), current, caseHint(current));
        }
        advance();
    }

    // ---- comparison expressions ----

    private ComparisonExpression orComparisons() {
        return run(
                Keyword.OR,
                this::andComparisons,
                operands -> new ComparisonExpression.Composite(BooleanOperator.OR, operands));
    }

    private ComparisonExpression andComparisons() {
        return run(
                Keyword.AND,
                this::primaryComparison,
                operands -> new ComparisonExpression.Composite(BooleanOperator.AND, operands));
    }

    private ComparisonExpression primaryComparison() {
        if (current.kind() == Token.Kind.LEFT_PAREN) {
            enter();
            ComparisonExpression expression = orComparisons();
            if (current.kind() != Token.Kind.RIGHT_PAREN) {
                throw afterComparison("')'");
            }
            leave();
            return expression;
        }
        if (current.is(Keyword.EXISTS)) {
            advance();
            return new ComparisonExpression.Exists(objectPath());
        }
        if (current.kind() != Token.Kind.WORD || Keyword.isReserved(current.value())) {
            String hint = "";
            if (current.kind() == Token.Kind.RIGHT_BRACKET && previous.kind() == Token.Kind.LEFT_BRACKET) {
                hint = " (an observation expression cannot be empty)";
            } else if (current.is(Keyword.NOT)) {
                hint = " (NOT goes between the object path and the operator)";
            }
            throw expected("a comparison (an object path, EXISTS or '(')", current, hint);
        }
        int pathStart = current.start();
        ObjectPath path = objectPath();
        boolean negated = current.is(Keyword.NOT);
        if (negated) {
            advance();
        }
        ComparisonOperator operator = operator(current);
        if (operator == null) {
            throw expected("a comparison operator", pathStart, current, caseHint(current));
        }
        advance();
        return new ComparisonExpression.Comparison(path, negated, operator, constantFor(operator));
    }

    private static ComparisonOperator operator(Token token) {
        switch (token.kind()) {
            case EQUAL:
                return ComparisonOperator.EQUAL;
            case NOT_EQUAL:
                return ComparisonOperator.NOT_EQUAL;
            case LESS:
                return ComparisonOperator.LESS_THAN;
            case LESS_EQUAL:
                return ComparisonOperator.LESS_THAN_OR_EQUAL;
            case GREATER:
                return ComparisonOperator.GREATER_THAN;
            case GREATER_EQUAL:
                return ComparisonOperator.GREATER_THAN_OR_EQUAL;
            case WORD:
                Keyword keyword = Keyword.of(token.value());
                if (keyword == null) {
                    return null;
                }
                switch (keyword) {
                    case IN:
                        return ComparisonOperator.IN;
                    case LIKE:
                        return ComparisonOperator.LIKE;
                    case MATCHES:
                        return ComparisonOperator.MATCHES;
                    case ISSUBSET:
                        return ComparisonOperator.ISSUBSET;
                    case ISSUPERSET:
                        return ComparisonOperator.ISSUPERSET;
                    default:
                        return null;
                }
            default:
                return null;
        }
    }

    // ---- object paths ----

    private ObjectPath objectPath() {
        Token type = current;
        if (type.kind() != Token.Kind.WORD || Keyword.isReserved(type.value())) {
            throw expected("an object path", current, "");
        }
        advance();
        if (current.kind() != Token.Kind.COLON) {
            throw expected("':' and a property name", current, "");
        }
        advance();
        List<PathStep> steps = new ArrayList<>();
        steps.add(new PathStep.Property(propertyName()));
        while (true) {
            if (current.kind() == Token.Kind.DOT) {
                advance();
                steps.add(new PathStep.Property(propertyName()));
            } else if (current.kind() == Token.Kind.LEFT_BRACKET) {
                advance();
                steps.add(listIndex());
                if (current.kind() != Token.Kind.RIGHT_BRACKET) {
                    throw expected("']'", current, "");
                }
                advance();
            } else {
                return new ObjectPath(type.value(), steps);
            }
        }
    }

    private String propertyName() {
        Token name = current;
        String hint = "";
        if (name.kind() == Token.Kind.STRING) {
            if (!name.value().isEmpty()) {
                advance();
                return name.value();
            }
            hint = " (a name cannot be empty)";
        } else if (name.kind() == Token.Kind.WORD) {
            if (name.value().indexOf('-') < 0 && !Keyword.isReserved(name.value())) {
                advance();
                return name.value();
            }
            hint = name.value().indexOf('-') >= 0
                    ? " (a name containing '-' must be quoted in apostrophes: STIX 2.1 section 9.7)"
                    : " (a keyword used as a name must be quoted in apostrophes)";
        } else if (name.kind() == Token.Kind.INVALID && name.value().equals("\"")) {
            hint = " (names are quoted with apostrophes, not double quotes)";
        }
        throw expected("a property name", name, hint);
    }

    private PathStep listIndex() {
        Token index = current;
        if (index.kind() == Token.Kind.STAR) {
            advance();
            return new PathStep.AnyIndex();
        }
        String what = "a list index (an integer from 0, or '*')";
        if (index.kind() != Token.Kind.INTEGER) {
            throw expected(what, index, "");
        }
        long value = integer(index).value();
        if (value < 0) {
            throw expected(what, index, " (STIX 2.1 section 9.7.2)");
        }
        advance();
        return new PathStep.Index(value);
    }

    // ---- constants ----

    private Constant constantFor(ComparisonOperator operator) {
        if (operator != ComparisonOperator.IN) {
            Token token = current;
            Constant constant = constantAfterOperator(operator.expectation());
            if (!operator.accepts(constant)) {
                throw new InvalidPatternException(
                        "expected " + operator.expectation()
                                + " after " + Snippet.quote(operator.symbol()) + " at position "
                                + token.start() + ", found the " + constant.typeName() + " "
                                + Snippet.quote(text.substring(token.start(), token.end())),
                        token.start());
            }
            return constant;
        }
        if (current.kind() != Token.Kind.LEFT_PAREN) {
            throw expected("a parenthesised set of constants", current, "");
        }
        advance();
        List<Constant> elements = new ArrayList<>();
        while (true) {
            Token token = current;
            String hint = elements.isEmpty() && token.kind() == Token.Kind.RIGHT_PAREN
                    ? " (a set needs at least one constant)"
                    : "";
            Constant element = constant("a constant", hint);
            if (!elements.isEmpty()
                    && !element.typeName().equals(elements.get(0).typeName())) {
                throw new InvalidPatternException(
                        "expected another " + elements.get(0).typeName()
                                + " constant after ',' at position " + token.start() + ", found the "
                                + element.typeName() + " "
                                + Snippet.quote(text.substring(token.start(), token.end()))
                                + " (the constants of a set share one type: STIX 2.1 section 9.6.1)",
                        token.start());
            }
            elements.add(element);
            if (current.kind() != Token.Kind.COMMA) {
                break;
            }
            advance();
        }
        if (current.kind() != Token.Kind.RIGHT_PAREN) {
            throw expected("',' or ')'", current, "");
        }
        advance();
        return new Constant.SetConstant(elements);
    }

    /** A constant, with hints for operators of other languages that were taken for '=' or '<'. */
    private Constant constantAfterOperator(String expectation) {
        String hint = "";
        if (previous.kind() == Token.Kind.EQUAL && current.kind() == Token.Kind.EQUAL) {
            hint = " (the equality operator is '=', not '==')";
        } else if (previous.kind() == Token.Kind.LESS && current.kind() == Token.Kind.GREATER) {
            hint = " (the inequality operator is '!=', not '<>')";
        }
        return constant(expectation, hint);
    }

    /** A constant that is not a set; otherwise an error saying what was expected. */
    private Constant constant(String expectation, String hint) {
        Token token = current;
        Constant constant;
        switch (token.kind()) {
            case STRING:
                constant = new Constant.StringConstant(token.value());
                break;
            case INTEGER:
                constant = integer(token);
                break;
            case FLOAT:
                constant = floating(token);
                break;
            case HEX:
                constant = new Constant.HexConstant(token.value());
                break;
            case BINARY:
                constant = new Constant.BinaryConstant(token.value());
                break;
            case TIMESTAMP:
                constant = new Constant.TimestampConstant(token.value());
                break;
            default:
                if (token.is(Keyword.TRUE) || token.is(Keyword.FALSE)) {
                    constant = new Constant.BooleanConstant(token.is(Keyword.TRUE));
                    break;
                }
                throw expected(expectation, token, hint.isEmpty() ? caseHint(token) : hint);
        }
        advance();
        return constant;
    }

    private static Constant.IntegerConstant integer(Token token) {
        String digits = token.value();
        // More than 16 digits cannot be within 2^53 - 1; checking first keeps parsing cheap.
        int length = digits.startsWith("-") ? digits.length() - 1 : digits.length();
        long value = length <= 16 ? Long.parseLong(digits) : Long.MAX_VALUE;
        if (value > Constant.MAX_INTEGER || value < -Constant.MAX_INTEGER) {
            throw new InvalidPatternException(
                    "integer " + Snippet.quote(digits) + " at position "
                            + token.start() + " is out of range: STIX integers lie within ±(2^53 - 1)"
                            + " (STIX 2.1 section 2.10)",
                    token.start());
        }
        return new Constant.IntegerConstant(value);
    }

    private static Constant.FloatConstant floating(Token token) {
        double value = Double.parseDouble(token.value());
        if (!Double.isFinite(value)) {
            throw new InvalidPatternException(
                    "float " + Snippet.quote(token.value())
                            + " at position " + token.start() + " is out of the double-precision range"
                            + " (STIX 2.1 section 2.6)",
                    token.start());
        }
        return new Constant.FloatConstant(value);
    }

    // ---- helpers ----

    private void advance() {
        previous = current;
        current = lexer.next();
    }

    /** Consumes an opening bracket or parenthesis, refusing to nest deeper than allowed. */
    private void enter() {
        if (++depth > StixPattern.MAX_NESTING) {
            throw new InvalidPatternException(
                    "brackets and parentheses nest more than " + StixPattern.MAX_NESTING + " deep at position "
                            + current.start(),
                    current.start());
        }
        advance();
    }

    /** Consumes a closing bracket or parenthesis. */
    private void leave() {
        depth--;
        advance();
    }

    private InvalidPatternException afterObservation() {
        String closer = depth > 0 ? "')'" : "end of pattern";
        String hint = caseHint(current);
        if (depth == 0 && current.kind() == Token.Kind.RIGHT_PAREN) {
            hint = " (it closes no '(')";
        } else if (depth == 0 && current.kind() == Token.Kind.RIGHT_BRACKET) {
            hint = " (it closes no '[')";
        }
        return expected("AND, OR, FOLLOWEDBY, a qualifier (WITHIN, REPEATS, START) or " + closer, current, hint);
    }

    private InvalidPatternException afterComparison(String closer) {
        return expected("AND, OR or " + closer, current, caseHint(current));
    }

    /** A hint for a word that is a keyword in the wrong case, which the grammar does not allow. */
    private static String caseHint(Token token) {
        if (token.kind() != Token.Kind.WORD || Keyword.isReserved(token.value())) {
            return "";
        }
        Keyword keyword = Keyword.ignoringCase(token.value());
        return keyword == null ? "" : " (keywords are case-sensitive: write " + keyword.text() + ")";
    }

    private InvalidPatternException expected(String what, Token found, String hint) {
        return expected(what, previous == null ? found.start() : previous.start(), found, hint);
    }

    /**
     * "expected X after 'context' at position N, found 'Y'": the context is the text from
     * {@code contextStart} to the end of the last token read.
     */
    private InvalidPatternException expected(String what, int contextStart, Token found, String hint) {
        StringBuilder message = new StringBuilder("expected ").append(what);
        if (previous != null) {
            message.append(" after ").append(Snippet.quoteTail(text.substring(contextStart, previous.end())));
        }
        message.append(" at position ").append(found.start()).append(", found ");
        if (found.kind() == Token.Kind.END) {
            message.append("end of pattern");
        } else {
            message.append(Snippet.quote(text.substring(found.start(), found.end())));
        }
        return new InvalidPatternException(message.append(hint).toString(), found.start());
    }
}
