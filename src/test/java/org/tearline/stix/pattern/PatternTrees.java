package org.tearline.stix.pattern;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.tearline.stix.StixTimestamp;

/**
 * Random syntax trees drawn from the grammar, and a printer that writes a tree as any of the many
 * texts that parse back to it: random whitespace, redundant parentheses, optional quoting.
 */
final class PatternTrees {

    /** The whitespace STIX 2.1 section 9.1 allows, non-ASCII included. */
    private static final String WHITESPACE =
            " \t\n\r\u000b\u000c\u0085\u00a0\u1680\u2000\u2005\u200a\u2028\u2029\u202f\u205f\u3000";

    private static final List<String> KEYWORDS = List.of(
            "AND",
            "OR",
            "NOT",
            "FOLLOWEDBY",
            "LIKE",
            "MATCHES",
            "ISSUBSET",
            "ISSUPERSET",
            "EXISTS",
            "IN",
            "START",
            "STOP",
            "SECONDS",
            "WITHIN",
            "REPEATS",
            "TIMES",
            "true",
            "false");

    private PatternTrees() {}

    static Arbitrary<ObservationExpression> observations(int depth) {
        Arbitrary<ObservationExpression> bracketed = comparisons(2).map(ObservationExpression.Observation::new);
        if (depth == 0) {
            return bracketed;
        }
        Arbitrary<ObservationExpression> composite = Combinators.combine(
                        Arbitraries.of(ObservationOperator.class),
                        observations(depth - 1).list().ofMinSize(2).ofMaxSize(4))
                .as(ObservationExpression.Composite::new);
        Arbitrary<ObservationExpression> qualified =
                Combinators.combine(observations(depth - 1), qualifierLists()).as(ObservationExpression.Qualified::new);
        return Arbitraries.frequencyOf(Tuple.of(3, bracketed), Tuple.of(2, composite), Tuple.of(1, qualified));
    }

    static Arbitrary<ComparisonExpression> comparisons(int depth) {
        Arbitrary<ComparisonExpression> leaf = Arbitraries.frequencyOf(
                Tuple.of(6, comparison()), Tuple.of(1, paths().map(ComparisonExpression.Exists::new)));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<ComparisonExpression> composite = Combinators.combine(
                        Arbitraries.of(BooleanOperator.class),
                        comparisons(depth - 1).list().ofMinSize(2).ofMaxSize(4))
                .as(ComparisonExpression.Composite::new);
        return Arbitraries.frequencyOf(Tuple.of(3, leaf), Tuple.of(1, composite));
    }

    private static Arbitrary<ComparisonExpression> comparison() {
        return Combinators.combine(paths(), Arbitraries.of(true, false), Arbitraries.of(ComparisonOperator.class))
                .flatAs((path, negated, operator) -> constantFor(operator)
                        .map(constant -> new ComparisonExpression.Comparison(path, negated, operator, constant)));
    }

    private static Arbitrary<Constant> constantFor(ComparisonOperator operator) {
        switch (operator) {
            case EQUAL:
            case NOT_EQUAL:
                return Arbitraries.oneOf(
                        orderable(), Arbitraries.of(true, false).map(Constant.BooleanConstant::new));
            case LESS_THAN:
            case LESS_THAN_OR_EQUAL:
            case GREATER_THAN:
            case GREATER_THAN_OR_EQUAL:
                return orderable();
            case IN:
                return Arbitraries.oneOf(List.of(
                        sets(integers()),
                        sets(floats()),
                        sets(strings()),
                        sets(hexes()),
                        sets(binaries()),
                        sets(timestamps()),
                        sets(Arbitraries.of(true, false).map(Constant.BooleanConstant::new))));
            default:
                return strings();
        }
    }

    private static Arbitrary<Constant> sets(Arbitrary<Constant> elements) {
        return elements.list().ofMinSize(1).ofMaxSize(4).map(Constant.SetConstant::new);
    }

    private static Arbitrary<Constant> orderable() {
        return Arbitraries.oneOf(List.of(integers(), floats(), strings(), hexes(), binaries(), timestamps()));
    }

    private static Arbitrary<Constant> integers() {
        return Arbitraries.longs()
                .between(-Constant.MAX_INTEGER, Constant.MAX_INTEGER)
                .map(Constant.IntegerConstant::new);
    }

    private static Arbitrary<Constant> floats() {
        return Arbitraries.oneOf(
                        Arbitraries.doubles(),
                        Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite))
                .map(Constant.FloatConstant::new);
    }

    private static Arbitrary<Constant> strings() {
        return Arbitraries.oneOf(
                        Arbitraries.strings().all().ofMaxLength(12),
                        Arbitraries.strings().withChars("ab'\\%_ \n").ofMaxLength(8))
                .map(Constant.StringConstant::new);
    }

    private static Arbitrary<Constant> hexes() {
        return Arbitraries.bytes()
                .array(byte[].class)
                .ofMaxSize(6)
                .map(bytes -> new Constant.HexConstant(HexFormat.of().formatHex(bytes)));
    }

    private static Arbitrary<Constant> binaries() {
        return Arbitraries.bytes()
                .array(byte[].class)
                .ofMinSize(1)
                .ofMaxSize(7)
                .map(bytes -> new Constant.BinaryConstant(Base64.getEncoder().encodeToString(bytes)));
    }

    private static Arbitrary<Constant> timestamps() {
        return timestampConstants().map(Constant.class::cast);
    }

    private static Arbitrary<Constant.TimestampConstant> timestampConstants() {
        return Combinators.combine(
                        Arbitraries.longs().between(0, 253_402_300_799L),
                        Arbitraries.integers().between(0, 999_999_999),
                        Arbitraries.integers().between(0, 12))
                .as((seconds, nanos, digits) -> {
                    String key = StixTimestamp.key(Instant.ofEpochSecond(seconds, nanos));
                    String whole = key.substring(0, 19);
                    String fraction = key.substring(20, 29) + "000";
                    return new Constant.TimestampConstant(
                            digits == 0 ? whole + "Z" : whole + "." + fraction.substring(0, digits) + "Z");
                });
    }

    private static Arbitrary<List<Qualifier>> qualifierLists() {
        Arbitrary<Qualifier> within = Arbitraries.oneOf(
                Arbitraries.longs()
                        .between(1, Constant.MAX_INTEGER)
                        .map(n -> new Qualifier.Within(new Constant.IntegerConstant(n))),
                Arbitraries.longs()
                        .between(1, Double.doubleToLongBits(1e9))
                        .map(bits -> new Qualifier.Within(new Constant.FloatConstant(Double.longBitsToDouble(bits)))));
        Arbitrary<Qualifier> repeats =
                Arbitraries.longs().between(1, Constant.MAX_INTEGER).map(Qualifier.Repeats::new);
        Arbitrary<Qualifier> startStop =
                Combinators.combine(timestampConstants(), timestampConstants()).as(Qualifier.StartStop::new);
        return Combinators.combine(within.injectNull(0.5), repeats.injectNull(0.5), startStop.injectNull(0.5))
                .as((w, r, s) -> {
                    List<Qualifier> qualifiers = new ArrayList<>();
                    for (Qualifier q : new Qualifier[] {w, r, s}) {
                        if (q != null) {
                            qualifiers.add(q);
                        }
                    }
                    return qualifiers;
                })
                .filter(list -> !list.isEmpty())
                .flatMap(list -> Arbitraries.shuffle(list));
    }

    static Arbitrary<ObjectPath> paths() {
        Arbitrary<String> types = Arbitraries.oneOf(
                Arbitraries.of("file", "ipv4-addr", "windows-registry-key", "x-foo-bar", "network-traffic", "Odd_Type"),
                Arbitraries.strings()
                        .withCharRange('a', 'z')
                        .ofMinLength(1)
                        .ofMaxLength(6)
                        .filter(s -> !KEYWORDS.contains(s)));
        Arbitrary<PathStep> later = Arbitraries.frequencyOf(
                Tuple.of(4, names().map(PathStep.Property::new)),
                Tuple.of(1, Arbitraries.longs().between(0, Constant.MAX_INTEGER).map(PathStep.Index::new)),
                Tuple.of(1, Arbitraries.just(new PathStep.AnyIndex())));
        return Combinators.combine(types, names(), later.list().ofMaxSize(3)).as((type, first, rest) -> {
            List<PathStep> steps = new ArrayList<>();
            steps.add(new PathStep.Property(first));
            steps.addAll(rest);
            return new ObjectPath(type, steps);
        });
    }

    private static Arbitrary<String> names() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "name",
                        "hashes",
                        "SHA-256",
                        "windows-pebinary-ext",
                        "x_y",
                        "_p",
                        "a.b",
                        "it's",
                        "back\\slash",
                        "AND",
                        "true",
                        "sp ace"),
                Arbitraries.strings()
                        .withCharRange('a', 'z')
                        .withChars("_-.0")
                        .ofMinLength(1)
                        .ofMaxLength(8),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(5));
    }

    /** Writes the tree as one of the texts that parse back to it, chosen by the seed. */
    static String noisy(ObservationExpression expression, long seed) {
        Noisy printer = new Noisy(new Random(seed));
        printer.observation(expression);
        return printer.out.toString();
    }

    private static final class Noisy {
        private final Random random;
        private final StringBuilder out = new StringBuilder();

        Noisy(Random random) {
            this.random = random;
        }

        /**
         * Appends a token, with random whitespace before it; at least one whitespace character
         * where the two tokens would otherwise run together into one word.
         */
        private void token(String token) {
            boolean needsSpace = !out.isEmpty()
                    && isWordChar(out.charAt(out.length() - 1))
                    && (isWordChar(token.charAt(0)) || token.charAt(0) == '-');
            int spaces = random.nextInt(4) == 0 ? random.nextInt(3) : 0;
            if (needsSpace && spaces == 0) {
                spaces = 1;
            }
            for (int i = 0; i < spaces; i++) {
                out.append(WHITESPACE.charAt(random.nextInt(WHITESPACE.length())));
            }
            out.append(token);
        }

        private static boolean isWordChar(char c) {
            return Character.isLetterOrDigit(c) && c < 128 || c == '_';
        }

        void observation(ObservationExpression expression) {
            if (expression instanceof ObservationExpression.Observation observation) {
                boolean redundant = random.nextInt(5) == 0;
                if (redundant) {
                    token("(");
                }
                token("[");
                comparison(observation.comparison());
                token("]");
                if (redundant) {
                    token(")");
                }
            } else if (expression instanceof ObservationExpression.Composite composite) {
                for (int i = 0; i < composite.operands().size(); i++) {
                    if (i > 0) {
                        token(composite.operator().keyword());
                    }
                    ObservationExpression operand = composite.operands().get(i);
                    boolean group = operand instanceof ObservationExpression.Composite;
                    grouped(operand, group);
                }
            } else {
                ObservationExpression.Qualified qualified = (ObservationExpression.Qualified) expression;
                grouped(qualified.expression(), !(qualified.expression() instanceof ObservationExpression.Observation));
                for (Qualifier qualifier : qualified.qualifiers()) {
                    qualifier(qualifier);
                }
            }
        }

        private void grouped(ObservationExpression expression, boolean group) {
            if (group) {
                token("(");
            }
            observation(expression);
            if (group) {
                token(")");
            }
        }

        private void qualifier(Qualifier qualifier) {
            if (qualifier instanceof Qualifier.Within within) {
                token("WITHIN");
                constant(within.seconds());
                token("SECONDS");
            } else if (qualifier instanceof Qualifier.Repeats repeats) {
                token("REPEATS");
                token(Long.toString(repeats.times()));
                token("TIMES");
            } else {
                Qualifier.StartStop startStop = (Qualifier.StartStop) qualifier;
                token("START");
                constant(startStop.start());
                token("STOP");
                constant(startStop.stop());
            }
        }

        private void comparison(ComparisonExpression expression) {
            if (expression instanceof ComparisonExpression.Composite composite) {
                for (int i = 0; i < composite.operands().size(); i++) {
                    if (i > 0) {
                        token(composite.operator().keyword());
                    }
                    ComparisonExpression operand = composite.operands().get(i);
                    boolean group = operand instanceof ComparisonExpression.Composite;
                    if (group) {
                        token("(");
                    }
                    comparison(operand);
                    if (group) {
                        token(")");
                    }
                }
                return;
            }
            boolean redundant = random.nextInt(5) == 0;
            if (redundant) {
                token("(");
            }
            if (expression instanceof ComparisonExpression.Exists exists) {
                token("EXISTS");
                path(exists.path());
            } else {
                ComparisonExpression.Comparison comparison = (ComparisonExpression.Comparison) expression;
                path(comparison.path());
                if (comparison.negated()) {
                    token("NOT");
                }
                token(comparison.operator().symbol());
                constant(comparison.constant());
            }
            if (redundant) {
                token(")");
            }
        }

        private void path(ObjectPath path) {
            token(path.objectType());
            token(":");
            boolean first = true;
            for (PathStep step : path.steps()) {
                if (step instanceof PathStep.Property property) {
                    if (!first) {
                        token(".");
                    }
                    String plain = property.render();
                    // Quoting a plain name is always allowed.
                    token(
                            plain.startsWith("'") || random.nextBoolean()
                                    ? plain
                                    : new Constant.StringConstant(property.name()).render());
                } else if (step instanceof PathStep.Index index) {
                    token("[");
                    token(Long.toString(index.index()));
                    token("]");
                } else {
                    token("[");
                    token("*");
                    token("]");
                }
                first = false;
            }
        }

        private void constant(Constant constant) {
            if (constant instanceof Constant.SetConstant set) {
                token("(");
                for (int i = 0; i < set.elements().size(); i++) {
                    if (i > 0) {
                        token(",");
                    }
                    constant(set.elements().get(i));
                }
                token(")");
            } else if (constant instanceof Constant.FloatConstant) {
                String text = constant.render();
                if (random.nextBoolean()) {
                    text = text + "0".repeat(random.nextInt(3));
                }
                if (random.nextBoolean()) {
                    text = text.replaceFirst("^(-?)0\\.", "$1.");
                }
                token(text);
            } else if (constant instanceof Constant.BinaryConstant binary
                    && binary.base64().length() > 4) {
                String base64 = binary.base64();
                token("b'" + base64.substring(0, 4) + (random.nextBoolean() ? "\n" : "\r\n") + base64.substring(4)
                        + "'");
            } else {
                token(constant.render());
            }
        }
    }
}
