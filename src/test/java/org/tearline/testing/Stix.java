package org.tearline.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.UUID;
import org.tearline.stix.StixJson;

/** Builds small valid STIX objects and envelopes for tests. */
public final class Stix {

    private Stix() {}

    /** A fresh id of a type. */
    public static String id(String type) {
        return type + "--" + UUID.randomUUID();
    }

    /** A valid indicator with the given id and modified timestamp. */
    public static ObjectNode indicator(String id, String modified) {
        ObjectNode o = StixJson.mapper().createObjectNode();
        o.put("type", "indicator");
        o.put("spec_version", "2.1");
        o.put("id", id);
        o.put("created", "2020-01-01T00:00:00.000Z");
        o.put("modified", modified);
        o.put("name", "test indicator");
        o.put("pattern", "[ipv4-addr:value = '198.51.100.7']");
        o.put("pattern_type", "stix");
        o.put("valid_from", "2020-01-01T00:00:00Z");
        return o;
    }

    /** A valid malware object. */
    public static ObjectNode malware(String id, String modified) {
        ObjectNode o = StixJson.mapper().createObjectNode();
        o.put("type", "malware");
        o.put("spec_version", "2.1");
        o.put("id", id);
        o.put("created", "2020-01-01T00:00:00.000Z");
        o.put("modified", modified);
        o.put("name", "test malware");
        o.put("is_family", false);
        return o;
    }

    /** A valid tool object. */
    public static ObjectNode tool(String id, String modified) {
        ObjectNode o = StixJson.mapper().createObjectNode();
        o.put("type", "tool");
        o.put("spec_version", "2.1");
        o.put("id", id);
        o.put("created", "2020-01-01T00:00:00.000Z");
        o.put("modified", modified);
        o.put("name", "test tool");
        return o;
    }

    /** A valid object of {@code type} (indicator, malware or tool). */
    public static ObjectNode object(String type, String id, String modified) {
        return switch (type) {
            case "indicator" -> indicator(id, modified);
            case "malware" -> malware(id, modified);
            case "tool" -> tool(id, modified);
            default -> throw new IllegalArgumentException(type);
        };
    }

    /** A TAXII envelope holding the objects. */
    public static String envelope(com.fasterxml.jackson.databind.JsonNode... objects) {
        return envelope(List.of(objects));
    }

    /** A TAXII envelope holding the objects. */
    public static String envelope(List<? extends com.fasterxml.jackson.databind.JsonNode> objects) {
        ObjectNode env = StixJson.mapper().createObjectNode();
        ArrayNode list = env.putArray("objects");
        objects.forEach(list::add);
        return env.toString();
    }
}
