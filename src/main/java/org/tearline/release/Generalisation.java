package org.tearline.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.tearline.stix.StixTimestamp;

/**
 * How {@code generalise} rewrites a value: to a coarser time, a range, a stated phrase, or (for
 * location objects) a coarser place. A rule that does not fit the value (a phrase where STIX
 * needs a number, a time rule on a non-timestamp) yields nothing, and the value is redacted.
 */
public sealed interface Generalisation {

    /** The coarser value, or empty when the rule does not apply to this value. */
    Optional<JsonNode> apply(String property, JsonNode value);

    /** The rule as a policy file writes it, for explanations. */
    String describe();

    /** A timestamp truncated to its hour, day or month. */
    record ToTime(Unit unit) implements Generalisation {

        /** How far to truncate. */
        public enum Unit {
            HOUR,
            DAY,
            MONTH
        }

        @Override
        public Optional<JsonNode> apply(String property, JsonNode value) {
            if (!value.isTextual()) {
                return Optional.empty();
            }
            return StixTimestamp.parse(value.asText()).map(t -> {
                Instant cut = switch (unit) {
                    case HOUR -> t.truncatedTo(ChronoUnit.HOURS);
                    case DAY -> t.truncatedTo(ChronoUnit.DAYS);
                    case MONTH ->
                        ZonedDateTime.ofInstant(t, ZoneOffset.UTC)
                                .withDayOfMonth(1)
                                .truncatedTo(ChronoUnit.DAYS)
                                .toInstant();
                };
                return JsonNodeFactory.instance.textNode(StixTimestamp.format(cut));
            });
        }

        @Override
        public String describe() {
            return "timestamp to its " + unit.name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A number replaced by the range of width {@code step} that holds it. STIX properties whose
     * type is a number keep a number: the range's lower bound; custom properties get the range
     * as text, e.g. "30-39".
     */
    record ToRange(long step) implements Generalisation {

        public ToRange {
            if (step < 1) {
                throw new IllegalArgumentException("range step must be at least 1, was " + step);
            }
        }

        @Override
        public Optional<JsonNode> apply(String property, JsonNode value) {
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                return Optional.empty();
            }
            long low = Math.floorDiv(value.asLong(), step) * step;
            if (property.startsWith("x_")) {
                return Optional.of(JsonNodeFactory.instance.textNode(low + "-" + (low + step - 1)));
            }
            return Optional.of(JsonNodeFactory.instance.numberNode(low));
        }

        @Override
        public String describe() {
            return "number to a range of " + step;
        }
    }

    /** Any value replaced by a stated phrase. */
    record ToPhrase(String text) implements Generalisation {

        @Override
        public Optional<JsonNode> apply(String property, JsonNode value) {
            return Optional.of(JsonNodeFactory.instance.textNode(text));
        }

        @Override
        public String describe() {
            return "value to the phrase '" + text + "'";
        }
    }

    /**
     * A location object coarsened to its city, region or country: the properties at that level
     * and above are kept, finer ones (coordinates, street, postal code) dropped, and the name
     * replaced by the finest place kept.
     */
    record ToPlace(Level level) implements Generalisation {

        /** How coarse. */
        // Each level's list is a List.of, immutable; the checker cannot see that through the
        // List type.
        @SuppressWarnings("ImmutableEnumChecker")
        public enum Level {
            CITY(List.of("city", "administrative_area", "country", "region")),
            REGION(List.of("administrative_area", "country", "region")),
            COUNTRY(List.of("country", "region"));

            private final List<String> kept;

            Level(List<String> kept) {
                this.kept = kept;
            }

            /** The location properties kept at this level, finest first. */
            public List<String> kept() {
                return kept;
            }
        }

        @Override
        public Optional<JsonNode> apply(String property, JsonNode value) {
            return level.kept.contains(property) ? Optional.of(value) : Optional.empty();
        }

        @Override
        public String describe() {
            return "location to its " + level.name().toLowerCase(Locale.ROOT);
        }
    }
}
