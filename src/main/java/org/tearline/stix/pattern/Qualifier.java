package org.tearline.stix.pattern;

import java.util.Objects;

/**
 * A qualifier restricting the observations an observation expression may match (STIX 2.1
 * section 9.5.1). An observation expression has at most one qualifier of each kind.
 */
public sealed interface Qualifier {

    /** The keyword that starts this qualifier; qualifiers with the same keyword are one kind. */
    String keyword();

    /** This qualifier as pattern text. */
    default String render() {
        return Renderer.qualifier(this);
    }

    /**
     * {@code WITHIN <seconds> SECONDS}: all matched observations fall within the time window.
     *
     * @param seconds a positive integer or float
     */
    record Within(Constant.NumberConstant seconds) implements Qualifier {

        /** Checks that the window is positive. */
        public Within {
            Objects.requireNonNull(seconds, "seconds");
            if (!seconds.isPositive()) {
                throw new IllegalArgumentException("WITHIN needs a positive number of seconds");
            }
        }

        @Override
        public String keyword() {
            return Keyword.WITHIN.text();
        }
    }

    /**
     * {@code REPEATS <times> TIMES}: the expression matches at least that many different
     * observations.
     *
     * @param times a positive integer, at most {@link Constant#MAX_INTEGER}
     */
    record Repeats(long times) implements Qualifier {

        /** Checks that the count is positive. */
        public Repeats {
            if (times < 1 || times > Constant.MAX_INTEGER) {
                throw new IllegalArgumentException("REPEATS needs a positive integer");
            }
        }

        @Override
        public String keyword() {
            return Keyword.REPEATS.text();
        }
    }

    /**
     * {@code START t'...' STOP t'...'}: matched observations are at or after {@code start} and
     * before {@code stop}.
     *
     * @param start the inclusive start
     * @param stop the exclusive stop
     */
    record StartStop(Constant.TimestampConstant start, Constant.TimestampConstant stop) implements Qualifier {

        /** Checks for nulls. */
        public StartStop {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(stop, "stop");
        }

        @Override
        public String keyword() {
            return Keyword.START.text();
        }
    }
}
