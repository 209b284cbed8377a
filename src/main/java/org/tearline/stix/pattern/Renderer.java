package org.tearline.stix.pattern;

import java.math.BigDecimal;
import java.util.List;

/**
 * Prints syntax trees as canonical pattern text: single spaces around operators, names quoted only
 * where the grammar requires it, and parentheses only where the tree's shape needs them, so that
 * parsing the output gives back an equal tree.
 */
final class Renderer {

    private Renderer() {}

    static String observation(ObservationExpression expression) {
        StringBuilder out = new StringBuilder();
        observation(expression, out);
        return out.toString();
    }

    static String comparison(ComparisonExpression expression) {
        StringBuilder out = new StringBuilder();
        comparison(expression, out);
        return out.toString();
    }

    static String path(ObjectPath path) {
        StringBuilder out = new StringBuilder();
        path(path, out);
        return out.toString();
    }

    static String constant(Constant constant) {
        StringBuilder out = new StringBuilder();
        constant(constant, out);
        return out.toString();
    }

    static String qualifier(Qualifier qualifier) {
        StringBuilder out = new StringBuilder();
        qualifier(qualifier, out);
        return out.toString();
    }

    private static void observation(ObservationExpression expression, StringBuilder out) {
        if (expression instanceof ObservationExpression.Observation observation) {
            out.append('[');
            comparison(observation.comparison(), out);
            out.append(']');
        } else if (expression instanceof ObservationExpression.Composite composite) {
            List<ObservationExpression> operands = composite.operands();
            for (int i = 0; i < operands.size(); i++) {
                if (i > 0) {
                    out.append(' ').append(composite.operator().keyword()).append(' ');
                }
                ObservationExpression operand = operands.get(i);
                // A nested composite exists only because parentheses grouped it: one binding as
                // loosely as its parent, or more loosely, must be grouped again.
                boolean group = operand instanceof ObservationExpression.Composite inner
                        && inner.operator().compareTo(composite.operator()) >= 0;
                grouped(operand, group, out);
            }
        } else {
            ObservationExpression.Qualified qualified = (ObservationExpression.Qualified) expression;
            ObservationExpression inner = qualified.expression();
            grouped(inner, !(inner instanceof ObservationExpression.Observation), out);
            for (Qualifier qualifier : qualified.qualifiers()) {
                out.append(' ');
                qualifier(qualifier, out);
            }
        }
    }

    private static void grouped(ObservationExpression expression, boolean group, StringBuilder out) {
        if (group) {
            out.append('(');
        }
        observation(expression, out);
        if (group) {
            out.append(')');
        }
    }

    private static void qualifier(Qualifier qualifier, StringBuilder out) {
        if (qualifier instanceof Qualifier.Within within) {
            out.append("WITHIN ");
            constant(within.seconds(), out);
            out.append(" SECONDS");
        } else if (qualifier instanceof Qualifier.Repeats repeats) {
            out.append("REPEATS ").append(repeats.times()).append(" TIMES");
        } else {
            Qualifier.StartStop startStop = (Qualifier.StartStop) qualifier;
            out.append("START ");
            constant(startStop.start(), out);
            out.append(" STOP ");
            constant(startStop.stop(), out);
        }
    }

    private static void comparison(ComparisonExpression expression, StringBuilder out) {
        if (expression instanceof ComparisonExpression.Comparison comparison) {
            path(comparison.path(), out);
            out.append(comparison.negated() ? " NOT " : " ")
                    .append(comparison.operator().symbol())
                    .append(' ');
            constant(comparison.constant(), out);
        } else if (expression instanceof ComparisonExpression.Exists exists) {
            out.append("EXISTS ");
            path(exists.path(), out);
        } else {
            ComparisonExpression.Composite composite = (ComparisonExpression.Composite) expression;
            List<ComparisonExpression> operands = composite.operands();
            for (int i = 0; i < operands.size(); i++) {
                if (i > 0) {
                    out.append(' ').append(composite.operator().keyword()).append(' ');
                }
                ComparisonExpression operand = operands.get(i);
                boolean group = operand instanceof ComparisonExpression.Composite inner
                        && inner.operator().compareTo(composite.operator()) >= 0;
                if (group) {
                    out.append('(');
                }
                comparison(operand, out);
                if (group) {
                    out.append(')');
                }
            }
        }
    }

    static String step(PathStep step) {
        StringBuilder out = new StringBuilder();
        step(step, out);
        return out.toString();
    }

    private static void path(ObjectPath path, StringBuilder out) {
        out.append(path.objectType()).append(':');
        boolean first = true;
        for (PathStep step : path.steps()) {
            if (step instanceof PathStep.Property && !first) {
                out.append('.');
            }
            step(step, out);
            first = false;
        }
    }

    private static void step(PathStep step, StringBuilder out) {
        if (step instanceof PathStep.Property property) {
            name(property.name(), out);
        } else if (step instanceof PathStep.Index index) {
            out.append('[').append(index.index()).append(']');
        } else {
            out.append("[*]");
        }
    }

    private static void name(String name, StringBuilder out) {
        if (Lexer.isIdentifier(name, false) && !Keyword.isReserved(name)) {
            out.append(name);
        } else {
            string(name, out);
        }
    }

    private static void constant(Constant constant, StringBuilder out) {
        if (constant instanceof Constant.StringConstant string) {
            string(string.value(), out);
        } else if (constant instanceof Constant.IntegerConstant integer) {
            out.append(integer.value());
        } else if (constant instanceof Constant.FloatConstant number) {
            // The grammar has no exponent, and a float needs its point to stay a float.
            String plain = new BigDecimal(Double.toString(number.value())).toPlainString();
            out.append(plain);
            if (plain.indexOf('.') < 0) {
                out.append(".0");
            }
        } else if (constant instanceof Constant.BooleanConstant bool) {
            out.append(bool.value());
        } else if (constant instanceof Constant.HexConstant hex) {
            out.append("h'").append(hex.hex()).append('\'');
        } else if (constant instanceof Constant.BinaryConstant binary) {
            out.append("b'").append(binary.base64()).append('\'');
        } else if (constant instanceof Constant.TimestampConstant timestamp) {
            out.append("t'").append(timestamp.timestamp()).append('\'');
        } else {
            List<Constant> elements = ((Constant.SetConstant) constant).elements();
            out.append('(');
            for (int i = 0; i < elements.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                constant(elements.get(i), out);
            }
            out.append(')');
        }
    }

    private static void string(String value, StringBuilder out) {
        out.append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\'' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('\'');
    }
}
