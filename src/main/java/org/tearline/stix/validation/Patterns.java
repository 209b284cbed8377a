package org.tearline.stix.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tearline.stix.StixId;
import org.tearline.stix.pattern.InvalidPatternException;
import org.tearline.stix.pattern.ObjectPath;
import org.tearline.stix.pattern.StixPattern;

/**
 * Indicator patterns: a pattern whose pattern_type is {@code stix} must parse (section 9), and
 * every object path in it must name a valid object type and start with a valid property name
 * (section 9.7 refers to the STIX objects and properties, whose names follow section 3.1). The
 * parser checks the grammar only; these naming rules are checked here.
 */
final class Patterns {

    static final ObjectRule RULE = Patterns::check;

    private Patterns() {}

    private static void check(ObjectNode node, String path, Report r) {
        JsonNode patternType = node.get("pattern_type");
        JsonNode pattern = node.get("pattern");
        if (patternType == null
                || !patternType.isTextual()
                || !patternType.textValue().equals("stix")
                || pattern == null
                || !pattern.isTextual()) {
            return;
        }
        StixPattern parsed;
        try {
            // The agreed parser API reports errors by exception; invalid patterns are rare
            // enough that this is not a hot path.
            parsed = StixPattern.parse(pattern.textValue());
        } catch (InvalidPatternException e) {
            String msg = e.getMessage() == null ? "syntax error" : e.getMessage();
            if (msg.length() > 200) {
                msg = msg.substring(0, 200) + "...";
            }
            r.add(
                    Paths.child(path, "pattern"),
                    Rules.PATTERN_SYNTAX,
                    "pattern is not valid " + "STIX patterning at character " + e.position() + ": " + msg);
            return;
        }
        for (ObjectPath p : parsed.objectPaths()) {
            if (r.full()) {
                return;
            }
            String type = p.objectType();
            if (!StixId.isValidTypeName(type) || type.charAt(0) < 'a' || type.charAt(0) > 'z') {
                r.add(
                        Paths.child(path, "pattern"),
                        Rules.PATTERN_OBJECT_PATH,
                        "object type "
                                + Quote.text(type) + " in the pattern is not a valid STIX type name "
                                + "(3 to 250 characters of a-z, 0-9 and '-', starting with a letter)");
            }
            String property = p.property();
            if (!property.equals("id") && !Formats.propertyName(property)) {
                r.add(
                        Paths.child(path, "pattern"),
                        Rules.PATTERN_OBJECT_PATH,
                        "property "
                                + Quote.text(property) + " of " + Quote.text(type) + " in the pattern is "
                                + "not a valid property name (3 to 250 characters of a-z, 0-9 and '_', "
                                + "starting with a letter)");
            }
        }
    }
}
