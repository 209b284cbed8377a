package org.tearline.stix.pattern;

import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.tearline.stix.StixTimestamp;

/**
 * A constant on the right-hand side of a comparison (STIX 2.1 section 9.2). The canonical
 * constructors enforce the rules of that section, so every constant that exists is one a pattern
 * may contain.
 */
public sealed interface Constant {

    /**
     * The largest magnitude of an integer constant: STIX integers are signed 54-bit values
     * (STIX 2.1 section 2.10).
     */
    long MAX_INTEGER = (1L << 53) - 1;

    /** The name of this constant's data type as the specification spells it, e.g. {@code hex}. */
    String typeName();

    /** This constant as pattern text. */
    default String render() {
        return Renderer.constant(this);
    }

    /** A number: the kinds of constant a {@code WITHIN} qualifier accepts. */
    sealed interface NumberConstant extends Constant {

        /** True when the number is greater than zero. */
        boolean isPositive();
    }

    /**
     * A signed integer.
     *
     * @param value between {@code -MAX_INTEGER} and {@code MAX_INTEGER}
     */
    record IntegerConstant(long value) implements NumberConstant {

        /** Checks the range. */
        public IntegerConstant {
            if (value > MAX_INTEGER || value < -MAX_INTEGER) {
                throw new IllegalArgumentException("integer constant out of the STIX range");
            }
        }

        @Override
        public boolean isPositive() {
            return value > 0;
        }

        @Override
        public String typeName() {
            return "integer";
        }
    }

    /**
     * A floating-point number.
     *
     * @param value any finite double; negative zero is kept as zero so that it prints back to the
     *     same constant
     */
    record FloatConstant(double value) implements NumberConstant {

        /** Checks that the value is finite. */
        public FloatConstant {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("float constant must be finite");
            }
            if (value == 0.0) {
                value = 0.0;
            }
        }

        @Override
        public boolean isPositive() {
            return value > 0;
        }

        @Override
        public String typeName() {
            return "float";
        }
    }

    /**
     * A string.
     *
     * @param value the decoded string, escapes resolved
     */
    record StringConstant(String value) implements Constant {

        /** Checks for null. */
        public StringConstant {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String typeName() {
            return "string";
        }
    }

    /**
     * {@code true} or {@code false}.
     *
     * @param value the truth value
     */
    record BooleanConstant(boolean value) implements Constant {

        @Override
        public String typeName() {
            return "boolean";
        }
    }

    /**
     * Octets written as hexadecimal, {@code h'ffd8'}.
     *
     * @param hex an even number of lowercase hexadecimal digits, possibly none
     */
    record HexConstant(String hex) implements Constant {

        /** Checks the digits. */
        public HexConstant {
            Objects.requireNonNull(hex, "hex");
            if (!Lexer.isLowercaseHex(hex) || hex.length() % 2 != 0) {
                throw new IllegalArgumentException("hex constant needs an even number of digits 0-9 a-f");
            }
        }

        /** The octets. */
        public byte[] bytes() {
            return HexFormat.of().parseHex(hex);
        }

        @Override
        public String typeName() {
            return "hex";
        }
    }

    /**
     * Octets written in base64, {@code b'ABI='}.
     *
     * @param base64 padded base64 (RFC 4648, standard alphabet) of at least one octet, without the
     *     line feeds the pattern text may have had
     */
    record BinaryConstant(String base64) implements Constant {

        /** Checks the encoding. */
        public BinaryConstant {
            Objects.requireNonNull(base64, "base64");
            String problem = Lexer.base64Problem(base64);
            if (problem != null) {
                throw new IllegalArgumentException("binary constant: " + problem);
            }
        }

        /** The octets. */
        public byte[] bytes() {
            return Base64.getDecoder().decode(base64);
        }

        @Override
        public String typeName() {
            return "binary";
        }
    }

    /**
     * A timestamp, {@code t'2016-06-01T00:00:00Z'}.
     *
     * @param timestamp a STIX timestamp as written (UTC, {@code Z}, any fractional digits)
     */
    record TimestampConstant(String timestamp) implements Constant {

        /** Checks the timestamp. */
        public TimestampConstant {
            if (!StixTimestamp.isValid(timestamp)) {
                throw new IllegalArgumentException("not a STIX timestamp");
            }
        }

        /** The instant the timestamp denotes. */
        public Instant instant() {
            return StixTimestamp.parse(timestamp).orElseThrow();
        }

        @Override
        public String typeName() {
            return "timestamp";
        }
    }

    /**
     * The parenthesised set an {@code IN} comparison tests against.
     *
     * @param elements one or more constants, none of them a set, all of one data type (STIX 2.1
     *     section 9.6.1)
     */
    record SetConstant(List<Constant> elements) implements Constant {

        /** Checks that the set is non-empty, flat and homogeneous. */
        public SetConstant {
            elements = List.copyOf(elements);
            if (elements.isEmpty()) {
                throw new IllegalArgumentException("a set needs at least one constant");
            }
            String type = elements.get(0).typeName();
            for (Constant element : elements) {
                if (element instanceof SetConstant) {
                    throw new IllegalArgumentException("sets cannot be nested");
                }
                if (!element.typeName().equals(type)) {
                    throw new IllegalArgumentException("set constants must share one data type");
                }
            }
        }

        @Override
        public String typeName() {
            return "set";
        }
    }
}
