package org.tearline.stix;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * A STIX identifier, {@code type--UUID}. The type part follows the STIX 2.1 rules for type names
 * (lowercase ASCII letters, digits and hyphens, 3 to 250 characters); the UUID part must be an
 * RFC 4122 UUID (hex digits of either case, as RFC 4122 allows on input).
 */
public record StixId(String type, UUID uuid) {

    /** Parses an identifier, or returns empty when the text is not a well-formed STIX id. */
    public static Optional<StixId> parse(String text) {
        if (!isValid(text)) {
            return Optional.empty();
        }
        int sep = text.indexOf("--");
        return Optional.of(new StixId(text.substring(0, sep), UUID.fromString(text.substring(sep + 2))));
    }

    /** True when {@code text} is a well-formed identifier. */
    public static boolean isValid(String text) {
        // Hand-written rather than a regex: ids are checked many times per object posted.
        if (text == null || text.length() > 300) {
            return false;
        }
        // The type may itself contain single hyphens but never "--", so the first "--" splits.
        int sep = text.indexOf("--");
        return sep > 0 && isValidType(text, 0, sep) && isUuid(text, sep + 2);
    }

    /** True when {@code type} is a valid STIX object type name. */
    public static boolean isValidTypeName(String type) {
        return type != null && isValidType(type, 0, type.length());
    }

    /** Lowercase letters, digits and single hyphens, 3 to 250 characters, no hyphen at an end. */
    private static boolean isValidType(String s, int from, int to) {
        int length = to - from;
        if (length < 3 || length > 250 || s.charAt(from) == '-' || s.charAt(to - 1) == '-') {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && s.charAt(i - 1) != '-');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUuid(String s, int from) {
        if (s.length() - from != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(from + i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return false;
                }
            } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    /** The type part of an identifier, without parsing the UUID; empty when there is no "--". */
    public static Optional<String> typeOf(String id) {
        if (id == null) {
            return Optional.empty();
        }
        int sep = id.indexOf("--");
        return sep <= 0 ? Optional.empty() : Optional.of(id.substring(0, sep));
    }

    @Override
    public String toString() {
        return type + "--" + uuid.toString().toLowerCase(Locale.ROOT);
    }
}
