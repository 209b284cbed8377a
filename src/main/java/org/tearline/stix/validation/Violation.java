package org.tearline.stix.validation;

/**
 * One rule of STIX 2.1 an object breaks.
 *
 * @param objectId the object's id as given (or "(no id)" when the object has none usable)
 * @param property the property path the rule is about, e.g. {@code pattern} or
 *                 {@code external_references[0].source_name}; empty for the object as a whole
 * @param rule     a short stable name of the rule, e.g. {@code required-property},
 *                 {@code timestamp-order}, {@code pattern-syntax}
 * @param message  a human-readable explanation that names the value and the limit
 */
public record Violation(String objectId, String property, String rule, String message) {

    /** One line naming the object, the property and the rule, for status resources and logs. */
    public String describe() {
        StringBuilder b = new StringBuilder(objectId);
        if (property != null && !property.isEmpty()) {
            b.append(": property '").append(property).append('\'');
        }
        b.append(": [").append(rule).append("] ").append(message);
        return b.toString();
    }
}
