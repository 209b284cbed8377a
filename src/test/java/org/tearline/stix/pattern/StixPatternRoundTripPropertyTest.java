package org.tearline.stix.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class StixPatternRoundTripPropertyTest {

    @Property(tries = 500)
    void generatedTreesPrintToTextThatParsesBackToThem(@ForAll("observations") ObservationExpression tree) {
        StixPattern parsed = StixPattern.parse(tree.render());

        assertThat(parsed.expression()).isEqualTo(tree);
        assertThat(parsed.render()).isEqualTo(tree.render());
    }

    @Property(tries = 500)
    void anySpacingQuotingAndRedundantParenthesesParseToTheSameTree(
            @ForAll("observations") ObservationExpression tree, @ForAll long seed) {
        String text = PatternTrees.noisy(tree, seed);

        assertThat(StixPattern.parse(text).expression()).as(text).isEqualTo(tree);
    }

    @Property(tries = 300)
    void objectPathsAreThoseOfEveryComparisonInTextOrder(@ForAll("observations") ObservationExpression tree) {
        List<ObjectPath> expected = new ArrayList<>();
        pathsOf(tree, expected);

        assertThat(StixPattern.parse(tree.render()).objectPaths()).isEqualTo(expected);
    }

    /**
     * Whatever the text, parsing either succeeds or fails with an InvalidPatternException whose
     * position lies within the text and whose message quotes no long stretch of it.
     */
    @Property(tries = 2000)
    void arbitraryTextFailsOnlyWithAPositionedBoundedMessage(@ForAll("hostileText") String text) {
        Throwable thrown = catchThrowable(() -> StixPattern.parse(text));

        if (thrown != null) {
            assertThat(thrown).isInstanceOf(InvalidPatternException.class);
            assertThat(((InvalidPatternException) thrown).position()).isBetween(0, text.length());
            assertThat(thrown.getMessage()).hasSizeLessThan(400);
            assertQuotesNoMoreThan60Characters(thrown.getMessage(), text);
        }
    }

    @Property(tries = 1000)
    void damagedPatternsFailCleanly(
            @ForAll("observations") ObservationExpression tree,
            @ForAll @IntRange(min = 0, max = 10_000) int at,
            @ForAll("damage") String damage) {
        String text = tree.render();
        int cut = at % (text.length() + 1);
        String damaged = text.substring(0, cut)
                + damage
                + text.substring(Math.min(text.length(), cut + (damage.isEmpty() ? 1 : 0)));
        Throwable thrown = catchThrowable(() -> StixPattern.parse(damaged));

        if (thrown != null) {
            assertThat(thrown).isInstanceOf(InvalidPatternException.class);
            assertThat(((InvalidPatternException) thrown).position()).isBetween(0, damaged.length());
            assertQuotesNoMoreThan60Characters(thrown.getMessage(), damaged);
        }
    }

    /** An oracle for {@link StixPattern#objectPaths()}, written independently of it. */
    private static void pathsOf(ObservationExpression tree, List<ObjectPath> out) {
        if (tree instanceof ObservationExpression.Observation observation) {
            pathsOf(observation.comparison(), out);
        } else if (tree instanceof ObservationExpression.Qualified qualified) {
            pathsOf(qualified.expression(), out);
        } else {
            for (ObservationExpression operand : ((ObservationExpression.Composite) tree).operands()) {
                pathsOf(operand, out);
            }
        }
    }

    private static void pathsOf(ComparisonExpression tree, List<ObjectPath> out) {
        if (tree instanceof ComparisonExpression.Composite composite) {
            for (ComparisonExpression operand : composite.operands()) {
                pathsOf(operand, out);
            }
        } else {
            out.add(
                    tree instanceof ComparisonExpression.Exists exists
                            ? exists.path()
                            : ((ComparisonExpression.Comparison) tree).path());
        }
    }

    private static void assertQuotesNoMoreThan60Characters(String message, String text) {
        for (int i = 0; i + 61 <= text.length(); i++) {
            assertThat(message).doesNotContain(text.substring(i, i + 61));
        }
    }

    @Provide
    Arbitrary<ObservationExpression> observations() {
        return PatternTrees.observations(3);
    }

    @Provide
    Arbitrary<String> damage() {
        return Arbitraries.of(
                "",
                "[",
                "]",
                "(",
                ")",
                "'",
                "\\",
                ",",
                ".",
                ":",
                "-",
                " AND ",
                "NOT",
                "=",
                "h'",
                "t'",
                "b'",
                "*",
                "\"",
                "WITHIN 0 SECONDS");
    }

    @Provide
    Arbitrary<String> hostileText() {
        return Arbitraries.oneOf(
                Arbitraries.strings()
                        .withChars("[]()':.,*=!<>-+ abtxhAND0123456789\\\"\n")
                        .ofMaxLength(120),
                Arbitraries.strings().all().ofMaxLength(200),
                Arbitraries.strings()
                        .withChars("ab'")
                        .ofMinLength(61)
                        .ofMaxLength(300)
                        .map(s -> "[a:b = " + s + "]"));
    }
}
