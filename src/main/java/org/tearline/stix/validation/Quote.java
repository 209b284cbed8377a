package org.tearline.stix.validation;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Renders user values for messages: quoted, control characters escaped, cut after
 * {@link #MAX} characters so that a huge or hostile value is never echoed whole.
 */
final class Quote {

    static final int MAX = 80;

    private Quote() {}

    /** A string value in single quotes, shortened and escaped. */
    static String text(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX) + 8).append('\'');
        int n = Math.min(s.length(), MAX);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\'') {
                b.append("\\'");
            } else if (c == '\\') {
                b.append("\\\\");
            } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
                b.append(String.format("\\u%04x", (int) c));
            } else if (Character.isSurrogate(c)
                    && (i + 1 >= n || !Character.isSurrogatePair(c, s.charAt(i + 1)))
                    && !(i > 0 && Character.isSurrogatePair(s.charAt(i - 1), c))) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append('\'');
        if (s.length() > MAX) {
            b.append("... (").append(s.length()).append(" characters)");
        }
        return b.toString();
    }

    /** Any JSON value: strings quoted as above, numbers and booleans as written, others named. */
    static String value(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "nothing";
        }
        if (v.isTextual()) {
            return text(v.textValue());
        }
        if (v.isNumber() || v.isBoolean()) {
            String s = v.asText();
            return s.length() > MAX ? s.substring(0, MAX) + "..." : s;
        }
        return kind(v);
    }

    /** The JSON kind of a value, for "expected X, found Y" messages. */
    static String kind(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "nothing";
        }
        if (v.isNull()) {
            return "null";
        }
        if (v.isTextual()) {
            return "a string";
        }
        if (v.isBoolean()) {
            return "a boolean";
        }
        if (v.isIntegralNumber()) {
            return "an integer";
        }
        if (v.isNumber()) {
            return "a number";
        }
        if (v.isArray()) {
            return "a list";
        }
        return "an object";
    }
}
