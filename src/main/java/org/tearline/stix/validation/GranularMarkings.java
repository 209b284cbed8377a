package org.tearline.stix.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Granular marking selectors (section 7.2.3): dot-separated components, each a property name or
 * dictionary key, or a list index {@code [n]}; every selector must resolve to content actually
 * present in the marked object.
 */
final class GranularMarkings {

    /** Checks every selector of every granular marking of the object. */
    static final ObjectRule SELECTORS = GranularMarkings::check;

    private GranularMarkings() {}

    private static void check(ObjectNode object, String path, Report r) {
        JsonNode markings = object.get("granular_markings");
        if (markings == null || !markings.isArray()) {
            return;
        }
        for (int i = 0; i < markings.size(); i++) {
            JsonNode selectors = markings.get(i).get("selectors");
            if (selectors == null || !selectors.isArray()) {
                continue;
            }
            for (int j = 0; j < selectors.size() && !r.full(); j++) {
                JsonNode s = selectors.get(j);
                if (!s.isTextual()) {
                    continue;
                }
                String problem = resolve(object, s.textValue());
                if (problem != null) {
                    r.add(
                            Paths.index(
                                    Paths.child(Paths.index(Paths.child(path, "granular_markings"), i), "selectors"),
                                    j),
                            Rules.GRANULAR_SELECTOR,
                            "selector " + Quote.text(s.textValue()) + " " + problem);
                }
            }
        }
    }

    /** Null when the selector resolves, else what is wrong with it. */
    static String resolve(JsonNode root, String selector) {
        if (selector.isEmpty()) {
            return "is empty";
        }
        JsonNode current = root;
        int start = 0;
        int n = selector.length();
        while (start <= n) {
            int dot = selector.indexOf('.', start);
            int end = dot < 0 ? n : dot;
            String c = selector.substring(start, end);
            if (c.isEmpty()) {
                return "has an empty component";
            }
            if (c.charAt(0) == '[') {
                if (c.length() < 3
                        || c.charAt(c.length() - 1) != ']'
                        || !digits(c, 1, c.length() - 1)
                        || c.length() > 12) {
                    return "has a malformed list index " + Quote.text(c);
                }
                if (!current.isArray()) {
                    return "indexes " + Quote.text(c) + " into something that is not a list";
                }
                long index = Long.parseLong(c.substring(1, c.length() - 1));
                if (index >= current.size()) {
                    return "refers to list item " + index + " but the list has " + current.size() + " items";
                }
                current = current.get((int) index);
            } else {
                if (!current.isObject()) {
                    return "looks up " + Quote.text(c) + " in something that is not an object";
                }
                JsonNode next = current.get(c);
                if (next == null) {
                    return "refers to " + Quote.text(c) + ", which is not present";
                }
                current = next;
            }
            if (dot < 0) {
                return null;
            }
            start = dot + 1;
        }
        return "has an empty component";
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return to > from;
    }
}
