package org.tearline.stix.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Factories for the common multi-property rules of the specification. */
final class Constraints {

    private Constraints() {}

    /** At least one of the properties must be present. */
    static ObjectRule atLeastOneOf(String... properties) {
        return (node, path, r) -> {
            for (String p : properties) {
                if (node.has(p)) {
                    return;
                }
            }
            r.add(path, Rules.AT_LEAST_ONE_OF, "at least one of " + list(properties) + " must be present");
        };
    }

    /** The two properties must not both be present. */
    static ObjectRule mutuallyExclusive(String a, String b) {
        return (node, path, r) -> {
            if (node.has(a) && node.has(b)) {
                r.add(
                        Paths.child(path, b),
                        Rules.MUTUALLY_EXCLUSIVE,
                        "'" + a + "' and '" + b + "' must not both be present");
            }
        };
    }

    /** If {@code property} is present, {@code needed} must be too. */
    static ObjectRule requires(String property, String needed) {
        return (node, path, r) -> {
            if (node.has(property) && !node.has(needed)) {
                r.add(
                        Paths.child(path, needed),
                        Rules.DEPENDENT_PROPERTY,
                        "'" + property + "' is present, so '" + needed + "' must be present too");
            }
        };
    }

    /**
     * When both timestamps are present and valid, {@code later} must not be before
     * {@code earlier} (or, if {@code strictly}, must be after it).
     */
    static ObjectRule order(String earlier, String later, boolean strictly) {
        return (node, path, r) -> {
            Optional<Instant> a = Checks.instant(node, earlier);
            Optional<Instant> b = Checks.instant(node, later);
            if (a.isEmpty() || b.isEmpty()) {
                return;
            }
            int c = b.get().compareTo(a.get());
            if (c < 0 || (strictly && c == 0)) {
                String relation = c == 0 ? "equal to" : "earlier than";
                r.add(
                        Paths.child(path, later),
                        Rules.TIMESTAMP_ORDER,
                        later + " "
                                + node.get(later).textValue() + " is " + relation + " " + earlier + " "
                                + node.get(earlier).textValue() + "; it must be "
                                + (strictly ? "later" : "later than or equal"));
            }
        };
    }

    /** The object must have at least one property besides {@code except}. */
    static ObjectRule atLeastOneProperty(String what, String... except) {
        return (node, path, r) -> {
            var it = node.fieldNames();
            while (it.hasNext()) {
                String f = it.next();
                if (Arrays.stream(except).noneMatch(f::equals)) {
                    return;
                }
            }
            r.add(
                    path,
                    Rules.AT_LEAST_ONE_OF,
                    what + " must contain at least one property"
                            + (except.length == 0 ? "" : " besides " + list(except)));
        };
    }

    /** The _enc property must not be present without the property it describes (3.1). */
    static ObjectRule encoding(String property) {
        return requires(property + "_enc", property);
    }

    static boolean isTrue(JsonNode node, String property) {
        JsonNode v = node.get(property);
        return v != null && v.isBoolean() && v.booleanValue();
    }

    static boolean isFalse(JsonNode node, String property) {
        JsonNode v = node.get(property);
        return v != null && v.isBoolean() && !v.booleanValue();
    }

    private static String list(String... names) {
        return Arrays.stream(names).map(n -> "'" + n + "'").collect(Collectors.joining(", "));
    }
}
