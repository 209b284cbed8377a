package org.tearline.stix;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class StixTimestampTest {

    @Test
    void parsesAnyFractionalPrecision() {
        assertThat(StixTimestamp.parse("2016-04-06T20:03:48Z")).contains(Instant.parse("2016-04-06T20:03:48Z"));
        assertThat(StixTimestamp.parse("2016-04-06T20:03:48.1Z")).contains(Instant.parse("2016-04-06T20:03:48.100Z"));
        assertThat(StixTimestamp.parse("2016-04-06T20:03:48.123456789123Z"))
                .contains(Instant.parse("2016-04-06T20:03:48.123456789Z"));
    }

    @Test
    void refusesZonesOtherThanZuluAndImpossibleDates() {
        assertThat(StixTimestamp.parse("2016-04-06T20:03:48+01:00")).isEmpty();
        assertThat(StixTimestamp.parse("2016-04-06 20:03:48Z")).isEmpty();
        assertThat(StixTimestamp.parse("2016-02-30T20:03:48Z")).isEmpty();
        assertThat(StixTimestamp.parse("2016-04-06T24:00:00Z")).isEmpty();
        assertThat(StixTimestamp.parse("2016-04-06T20:03:60Z")).isEmpty();
        assertThat(StixTimestamp.parse("2016-04-06T20:03:48.Z")).isEmpty();
        assertThat(StixTimestamp.parse("16-04-06T20:03:48Z")).isEmpty();
    }

    @Test
    void keysAreFixedWidthAndZeroPadded() {
        assertThat(StixTimestamp.key(Instant.parse("0005-01-02T03:04:05.000000067Z")))
                .isEqualTo("0005-01-02T03:04:05.000000067Z");
        assertThat(StixTimestamp.key(Instant.parse("2026-11-23T22:59:59.5Z")))
                .isEqualTo("2026-11-23T22:59:59.500000000Z");
    }

    @Test
    void digestWithoutAMemberIsTheDigestOfTheObjectWithoutIt() throws Exception {
        var mapper = StixJson.mapper();
        var object = (com.fasterxml.jackson.databind.node.ObjectNode)
                mapper.readTree("{\"type\":\"x\",\"modified\":\"2026-01-01T00:00:00Z\",\"a\":{\"modified\":1}}");
        var without = object.deepCopy();
        without.remove("modified");
        assertThat(Canonical.sha256Without(object, "modified"))
                .isEqualTo(Canonical.sha256(without))
                .isNotEqualTo(Canonical.sha256(object));
        assertThat(object.has("modified")).as("the object is left as it was").isTrue();
    }

    @Test
    void formatsWithMillisecondsAtLeast() {
        assertThat(StixTimestamp.format(Instant.parse("2016-04-06T20:03:48Z"))).isEqualTo("2016-04-06T20:03:48.000Z");
        assertThat(StixTimestamp.format(Instant.parse("2016-04-06T20:03:48.123450Z")))
                .isEqualTo("2016-04-06T20:03:48.12345Z");
        assertThat(StixTimestamp.formatMicros(Instant.parse("2016-04-06T20:03:48.1Z")))
                .isEqualTo("2016-04-06T20:03:48.100000Z");
    }

    @Property
    void keyTextOrderIsTimeOrder(
            @ForAll @LongRange(min = 0, max = 253_402_300_799L) long a,
            @ForAll @LongRange(min = 0, max = 999_999_999) long na,
            @ForAll @LongRange(min = 0, max = 253_402_300_799L) long b) {
        Instant x = Instant.ofEpochSecond(a, na);
        Instant y = Instant.ofEpochSecond(b);
        assertThat(Integer.signum(StixTimestamp.key(x).compareTo(StixTimestamp.key(y))))
                .isEqualTo(Integer.signum(x.compareTo(y)));
        assertThat(StixTimestamp.parse(StixTimestamp.key(x))).contains(x);
        assertThat(StixTimestamp.parse(StixTimestamp.format(x))).contains(x);
    }

    @Property
    void microsRoundTrip(@ForAll @LongRange(min = -1_000_000_000_000L, max = 1_000_000_000_000_000L) long micros) {
        assertThat(StixTimestamp.toMicros(StixTimestamp.fromMicros(micros))).isEqualTo(micros);
    }
}
