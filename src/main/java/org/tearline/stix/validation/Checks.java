package org.tearline.stix.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.tearline.stix.StixTimestamp;
import org.tearline.stix.vocab.CharacterSets;
import org.tearline.stix.vocab.LanguageTags;
import org.tearline.stix.vocab.Vocabularies;

/**
 * The STIX 2.1 data types of section 2 as {@link ValueCheck}s, plus the checks for content the
 * spec does not declare (custom properties). Every check here is stateless and shared.
 */
final class Checks {

    /** Largest magnitude of a STIX integer (section 2.10): 2^53 - 1. */
    static final long MAX_INTEGER = (1L << 53) - 1;

    private static final Set<String> RESERVED = Set.of("severity", "username", "phone_number", "action");

    private Checks() {}

    /** Section 2.15. */
    static final ValueCheck STRING = typed(DataType.simple("string"), (v, path, r) -> {
        if (!v.isTextual()) {
            wrongType(v, "a string", path, r);
        }
    });

    /** Section 2.2. */
    static final ValueCheck BOOLEAN = typed(DataType.simple("boolean"), (v, path, r) -> {
        if (!v.isBoolean()) {
            wrongType(v, "a boolean (true or false)", path, r);
        }
    });

    /** Section 2.10, the full 54-bit signed range. */
    static final ValueCheck INTEGER = integer(-MAX_INTEGER, MAX_INTEGER);

    /** An integer that "MUST NOT be negative". */
    static final ValueCheck NON_NEGATIVE = integer(0, MAX_INTEGER);

    /** Section 2.6: any finite JSON number. */
    static final ValueCheck FLOAT = number(null, null);

    /** Section 2.16. */
    static final ValueCheck TIMESTAMP = timestamp(false);

    /** created and modified: a timestamp with at least millisecond precision (section 3.2). */
    static final ValueCheck TIMESTAMP_MILLIS = timestamp(true);

    /** A timestamp that "MUST be precise to the second": no fractional seconds. */
    static final ValueCheck TIMESTAMP_SECONDS = typed(DataType.formatted("timestamp", "seconds"), (v, path, r) -> {
        TIMESTAMP.check(v, path, r);
        if (v.isTextual()
                && v.textValue().indexOf('.') >= 0
                && StixTimestamp.parse(v.textValue()).isPresent()) {
            r.add(
                    path,
                    Rules.TIMESTAMP_PRECISION,
                    Quote.text(v.textValue()) + " must be precise to the second, without fractional seconds");
        }
    });

    /** Section 2.8. */
    static final ValueCheck HEX = typed(DataType.simple("hex"), (v, path, r) -> {
        if (!v.isTextual()) {
            wrongType(v, "a hex string", path, r);
        } else if (!Formats.hex(v.textValue())) {
            r.add(
                    path,
                    Rules.VALUE_FORMAT,
                    Quote.text(v.textValue()) + " is not hex: an even number of the characters 0-9 and a-f");
        }
    });

    /** Section 2.1: base64 in the JSON serialization. */
    static final ValueCheck BINARY =
            typed(DataType.simple("binary"), format("base64", Formats::base64, "base64 (RFC 4648)"));

    /** Section 2.7. */
    static final ValueCheck HASHES = typed(DataType.simple("hashes"), Checks::hashes);

    /** RFC 5646 language tags. */
    static final ValueCheck LANGUAGE =
            format("language", LanguageTags::isValid, "an RFC 5646 language tag with a registered primary language");

    /** _enc properties: IANA character set names (section 3.9.1). */
    static final ValueCheck CHARSET =
            format("charset", CharacterSets::isRegistered, "the name of a character set in the IANA registry");

    /** Properties holding a URL (RFC 3986). */
    static final ValueCheck URL = format("url", Formats::url, "a URL (RFC 3986) with a scheme");

    /** Any value STIX can carry: lists and dictionaries must not be empty (2.3, 2.12). */
    static final ValueCheck ANY = typed(DataType.simple("any"), Checks::any);

    static ValueCheck integer(long min, long max) {
        return typed(DataType.number("integer", min, max), (v, path, r) -> {
            if (!v.isNumber()) {
                wrongType(v, "an integer", path, r);
                return;
            }
            BigInteger i = integralValue(v);
            if (i == null) {
                r.add(path, Rules.VALUE_TYPE, Quote.value(v) + " is not a whole number");
            } else if (i.compareTo(BigInteger.valueOf(min)) < 0 || i.compareTo(BigInteger.valueOf(max)) > 0) {
                r.add(path, Rules.NUMBER_RANGE, Quote.value(v) + " is outside the range " + min + " to " + max);
            }
        });
    }

    static ValueCheck number(Double min, Double max) {
        return typed(DataType.number("float", min, max), (v, path, r) -> {
            if (!v.isNumber()) {
                wrongType(v, "a number", path, r);
                return;
            }
            double d = v.doubleValue();
            if (Double.isInfinite(d) || Double.isNaN(d)) {
                r.add(path, Rules.NUMBER_RANGE, Quote.value(v) + " is not a finite number");
            } else if ((min != null && d < min) || (max != null && d > max)) {
                r.add(path, Rules.NUMBER_RANGE, Quote.value(v) + " is outside the range " + min + " to " + max);
            }
        });
    }

    private static BigInteger integralValue(JsonNode v) {
        if (v.isIntegralNumber()) {
            return v.bigIntegerValue();
        }
        BigDecimal d = v.decimalValue();
        // JSON does not tell 5 from 5.0; a number with no fractional part is a whole number.
        if (d.signum() == 0 || d.stripTrailingZeros().scale() <= 0) {
            return d.toBigInteger();
        }
        return null;
    }

    private static ValueCheck timestamp(boolean millis) {
        return typed(DataType.formatted("timestamp", millis ? "millis" : null), (v, path, r) -> {
            if (!v.isTextual()) {
                wrongType(v, "a timestamp string", path, r);
                return;
            }
            String s = v.textValue();
            if (StixTimestamp.parse(s).isEmpty()) {
                r.add(
                        path,
                        Rules.TIMESTAMP_FORMAT,
                        Quote.text(s) + " is not a valid STIX timestamp (YYYY-MM-DDTHH:mm:ss[.s+]Z, UTC)");
            } else if (millis && fractionDigits(s) < 3) {
                r.add(
                        path,
                        Rules.TIMESTAMP_PRECISION,
                        Quote.text(s) + " must have at least millisecond precision (3 fractional digits)");
            }
        });
    }

    private static int fractionDigits(String ts) {
        int dot = ts.indexOf('.');
        return dot < 0 ? 0 : ts.length() - dot - 2;
    }

    /**
     * A string that must satisfy {@code test}; {@code name} is the form's short name in the
     * registry's view, {@code what} describes it in messages.
     */
    static ValueCheck format(String name, Predicate<String> test, String what) {
        return typed(DataType.formatted("string", name), (v, path, r) -> {
            if (!v.isTextual()) {
                wrongType(v, "a string", path, r);
            } else if (!test.test(v.textValue())) {
                r.add(path, Rules.VALUE_FORMAT, Quote.text(v.textValue()) + " is not " + what);
            }
        });
    }

    /** A value from a closed enumeration (section 2.4). */
    static ValueCheck enumeration(String vocabulary, Set<String> values) {
        return typed(DataType.enumeration(vocabulary, values), (v, path, r) -> {
            if (!v.isTextual()) {
                wrongType(v, "a string from " + vocabulary, path, r);
            } else if (!values.contains(v.textValue())) {
                r.add(
                        path,
                        Rules.UNKNOWN_VOCABULARY_VALUE,
                        Quote.text(v.textValue()) + " is not a value of " + vocabulary + " " + new TreeSet<>(values));
            }
        });
    }

    /** A list (section 2.12): never empty, every item checked with {@code item}. */
    static ValueCheck list(ValueCheck item) {
        return typed(DataType.of("list", item.dataType()), (v, path, r) -> {
            if (!v.isArray()) {
                wrongType(v, "a list", path, r);
                return;
            }
            if (v.isEmpty()) {
                r.add(
                        path,
                        Rules.EMPTY_LIST,
                        "the list is empty; STIX lists must have at " + "least one value (omit the property instead)");
                return;
            }
            for (int i = 0; i < v.size() && !r.full(); i++) {
                item.check(v.get(i), Paths.index(path, i), r);
            }
        });
    }

    /** An object-valued type described by {@code shape}. */
    static ValueCheck object(Shape shape) {
        return typed(DataType.object(shape), (v, path, r) -> {
            if (!v.isObject()) {
                wrongType(v, "an object (" + shape.name() + ")", path, r);
            } else {
                shape.validate((ObjectNode) v, path, r);
            }
        });
    }

    /**
     * A dictionary (section 2.3): non-empty, keys of the allowed characters, each value checked
     * with {@code value}.
     */
    static ValueCheck dictionary(ValueCheck value) {
        return typed(DataType.of("dictionary", value.dataType()), (v, path, r) -> {
            if (!v.isObject()) {
                wrongType(v, "a dictionary", path, r);
                return;
            }
            if (v.isEmpty()) {
                r.add(
                        path,
                        Rules.EMPTY_DICTIONARY,
                        "the dictionary is empty; STIX "
                                + "dictionaries must have at least one entry (omit the property instead)");
                return;
            }
            Iterator<Map.Entry<String, JsonNode>> it = v.properties().iterator();
            while (it.hasNext() && !r.full()) {
                Map.Entry<String, JsonNode> e = it.next();
                String k = e.getKey();
                if (!Formats.dictionaryKey(k)) {
                    r.add(
                            Paths.key(path, k),
                            Rules.DICTIONARY_KEY,
                            "dictionary key " + Quote.text(k) + " must be 1 to 250 ASCII letters, digits, '-' or '_'");
                }
                value.check(e.getValue(), Paths.key(path, k), r);
            }
        });
    }

    /** An identifier (section 2.9) whose type {@code allowed} accepts. */
    static ValueCheck ref(RefTypes allowed) {
        return typed(DataType.identifier(allowed), (v, path, r) -> {
            if (!v.isTextual()) {
                wrongType(v, "an identifier string", path, r);
                return;
            }
            String s = v.textValue();
            Optional<Ids.Id> id = Ids.parse(s);
            if (id.isEmpty() || !id.get().rfc4122()) {
                r.add(
                        path,
                        Rules.IDENTIFIER_FORMAT,
                        Quote.text(s) + " is not an identifier of the form type--UUID (RFC 4122)");
            } else if (!allowed.accepts(id.get().type())) {
                r.add(
                        path,
                        Rules.REFERENCE_TYPE,
                        Quote.text(s) + " must refer to " + allowed.description() + ", not "
                                + Quote.text(id.get().type()));
            }
        });
    }

    /** A list of identifiers, each of a type {@code allowed} accepts. */
    static ValueCheck refs(RefTypes allowed) {
        return list(ref(allowed));
    }

    /** A property that does not apply to this kind of object. */
    static ValueCheck notApplicable(String why) {
        return typed(
                DataType.simple("not-applicable"),
                (v, path, r) -> r.add(
                        path, Rules.PROPERTY_NOT_APPLICABLE, "property '" + path + "' is not allowed here: " + why));
    }

    /** A property the specification reserves (section 3.8 and RESERVED rows). */
    static final ValueCheck RESERVED_NAME = typed(
            DataType.simple("reserved"),
            (v, path, r) -> r.add(
                    path,
                    Rules.RESERVED_PROPERTY,
                    "property name '" + path + "' is reserved by STIX 2.1 and must not be used"));

    /** True for the names section 3.8 reserves on every object. */
    static boolean isReserved(String name) {
        return RESERVED.contains(name);
    }

    private static void hashes(JsonNode v, String path, Report r) {
        if (!v.isObject()) {
            wrongType(v, "a hashes dictionary", path, r);
            return;
        }
        if (v.isEmpty()) {
            r.add(path, Rules.EMPTY_DICTIONARY, "hashes must have at least one entry");
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> it = v.properties().iterator();
        while (it.hasNext() && !r.full()) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            String p = Paths.key(path, k);
            if (!Formats.hashKey(k)) {
                r.add(
                        p,
                        Rules.DICTIONARY_KEY,
                        "hash algorithm name " + Quote.text(k) + " must be 3 to 250 ASCII letters, digits, '-' or '_'");
            }
            JsonNode h = e.getValue();
            if (!h.isTextual()) {
                wrongType(h, "a hash string", p, r);
                continue;
            }
            if (Vocabularies.HASH_ALGORITHM.contains(k)) {
                String problem = Formats.hashProblem(k, h.textValue());
                if (problem != null) {
                    r.add(p, Rules.HASH_FORMAT, k + " value " + Quote.text(h.textValue()) + " is not " + problem);
                }
            }
        }
    }

    /**
     * A property the spec does not define: its name must follow sections 3.1 and 11.1, it must
     * not be reserved, and its value must not be an empty list or dictionary (sections 2.3,
     * 2.12) or null. What is inside the value is the custom producer's business: the spec
     * defines neither its types nor its nesting, so it is not checked further.
     */
    static void customProperty(String name, JsonNode value, String parent, Report r) {
        String path = Paths.key(parent, name);
        if (isReserved(name)) {
            RESERVED_NAME.check(value, path, r);
            return;
        }
        if (!Formats.propertyName(name)) {
            r.add(
                    path,
                    Rules.CUSTOM_PROPERTY_NAME,
                    "property name " + Quote.text(name)
                            + " must start with a-z, contain only a-z, 0-9 and '_', and be 3 to 250"
                            + " characters long");
        }
        if (value.isArray() && value.isEmpty()) {
            r.add(
                    path,
                    Rules.EMPTY_LIST,
                    "the list is empty; STIX lists must have at least one " + "value (omit the property instead)");
        } else if (value.isObject() && value.isEmpty()) {
            r.add(
                    path,
                    Rules.EMPTY_DICTIONARY,
                    "the dictionary is empty; STIX dictionaries must "
                            + "have at least one entry (omit the property instead)");
        } else if (value.isNull()) {
            r.add(path, Rules.VALUE_TYPE, "null is not a STIX value; omit the property instead");
        }
    }

    private static void any(JsonNode v, String path, Report r) {
        if (v.isArray()) {
            if (v.isEmpty()) {
                r.add(path, Rules.EMPTY_LIST, "the list is empty; STIX lists must have at " + "least one value");
                return;
            }
            for (int i = 0; i < v.size() && !r.full(); i++) {
                any(v.get(i), Paths.index(path, i), r);
            }
        } else if (v.isObject()) {
            if (v.isEmpty()) {
                r.add(
                        path,
                        Rules.EMPTY_DICTIONARY,
                        "the dictionary is empty; STIX " + "dictionaries must have at least one entry");
                return;
            }
            Iterator<Map.Entry<String, JsonNode>> it = v.properties().iterator();
            while (it.hasNext() && !r.full()) {
                Map.Entry<String, JsonNode> e = it.next();
                any(e.getValue(), Paths.key(path, e.getKey()), r);
            }
        } else if (v.isNull()) {
            r.add(path, Rules.VALUE_TYPE, "null is not a STIX value; omit the property instead");
        }
    }

    /**
     * {@code check}, declaring the STIX data type it holds values to so that the registry can be
     * read as the specification's property tables (see {@link DataType}).
     */
    static ValueCheck typed(DataType type, ValueCheck check) {
        return new ValueCheck() {
            @Override
            public void check(JsonNode value, String path, Report report) {
                check.check(value, path, report);
            }

            @Override
            public DataType dataType() {
                return type;
            }
        };
    }

    /** Records a wrong JSON type. */
    static void wrongType(JsonNode v, String expected, String path, Report r) {
        r.add(path, Rules.VALUE_TYPE, "expected " + expected + ", found " + Quote.kind(v));
    }

    /** Parses a timestamp property if present and valid, for ordering rules. */
    static Optional<Instant> instant(ObjectNode node, String property) {
        JsonNode v = node.get(property);
        return v != null && v.isTextual() ? StixTimestamp.parse(v.textValue()) : Optional.empty();
    }
}
