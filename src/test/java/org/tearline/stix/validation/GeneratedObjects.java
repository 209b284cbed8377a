package org.tearline.stix.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tearline.stix.StixTypes;

/**
 * STIX objects generated from the validator's own registry, for every type of the
 * specification: the minimal valid object (required properties, plus the fewest a rule over
 * several properties demands) and the maximal one (every optional property with a valid value,
 * leaving out only what a rule makes exclusive). Values come from each property's declared
 * {@link DataType}; nothing here is a hand-written copy of a property table.
 */
public final class GeneratedObjects {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** A fixed UUIDv4, so SCOs without ID contributing properties are valid too. */
    static final String UUID = "6d5fd5a7-8b1a-4f0e-9d3c-2a7b1c9e4f10";

    static final String TLP_GREEN = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da";
    static final String EARLY = "2020-01-01T00:00:00.000Z";
    static final String LATE = "2020-06-01T00:00:00.000Z";

    /** Ends of a time range, which rules require to be later than (or equal to) the start. */
    private static final Set<String> LATE_PROPERTIES = Set.of(
            "modified",
            "last_seen",
            "last_observed",
            "valid_until",
            "stop_time",
            "end",
            "analysis_ended",
            "validity_not_after",
            "private_key_usage_period_not_after",
            "account_expires",
            "account_last_login");

    /**
     * Properties a rule over several properties leaves out of the maximal object, with the rule:
     * the other side of a mutual exclusion is in it.
     */
    private static final Map<String, Set<String>> EXCLUSIVE = Map.of(
            // 4.14: objects is deprecated and exclusive with object_refs.
            "observed-data", Set.of("objects"),
            // 6.1: payload_bin and url are mutually exclusive.
            "artifact", Set.of("payload_bin"),
            // 6.6: body only when is_multipart is false; the maximal one is multipart.
            "email-message", Set.of("body"),
            // 6.12: end must not be present while is_active is true; is_active is false.
            "network-traffic", Set.of(),
            // 3.2: defanged is for SCOs only; reserved names are not properties.
            "*", Set.of());

    private GeneratedObjects() {}

    /** Every type of the specification, in the order the schemas' folders list them. */
    public static List<String> types() {
        List<String> all = new ArrayList<>();
        all.addAll(new TreeSet<>(StixTypes.SDO));
        all.addAll(new TreeSet<>(StixTypes.SRO));
        all.addAll(new TreeSet<>(StixTypes.SCO));
        all.addAll(new TreeSet<>(StixTypes.META));
        return all;
    }

    static ObjectType spec(String type) {
        return TypeRegistry.get(type);
    }

    /** The required properties of {@code type}, and those its rules demand. */
    public static ObjectNode minimal(String type) {
        Shape shape = spec(type).shape();
        ObjectNode o = F.objectNode();
        for (String p : shape.required()) {
            o.set(p, value(type, p, shape.properties().get(p).dataType(), false));
        }
        for (String p : demanded(type)) {
            o.set(p, value(type, p, shape.properties().get(p).dataType(), false));
        }
        return o;
    }

    /** What a rule over several properties demands of the minimal object (the prose's rule). */
    static List<String> demanded(String type) {
        switch (type) {
            case "location":
                return List.of("region"); // 4.10: region, country, or latitude and longitude
            case "malware-analysis":
                return List.of("result"); // 4.12: result or analysis_sco_refs
            case "observed-data":
                return List.of("object_refs"); // 4.14: objects or object_refs
            case "artifact":
                return List.of("payload_bin"); // 6.1: payload_bin or url
            case "file":
                return List.of("name"); // 6.7: hashes or name
            case "network-traffic":
                return List.of("src_ref"); // 6.12: src_ref or dst_ref
            case "process":
                return List.of("pid"); // 6.13: at least one property besides type
            case "user-account":
                return List.of("user_id"); // 6.16: likewise
            case "windows-registry-key":
                return List.of("key"); // 6.17: likewise
            case "x509-certificate":
                return List.of("serial_number"); // 6.18: likewise
            case "marking-definition":
                // 7.2.1: without extensions, definition_type and definition are required.
                return List.of("definition_type", "definition");
            default:
                return List.of();
        }
    }

    /** Every property the type may have, each with a valid value. */
    public static ObjectNode maximal(String type) {
        ObjectType spec = spec(type);
        Shape shape = spec.shape();
        Set<String> leaveOut = EXCLUSIVE.getOrDefault(type, Set.of());
        ObjectNode o = F.objectNode();
        for (Map.Entry<String, ValueCheck> e : shape.properties().entrySet()) {
            String p = e.getKey();
            DataType t = e.getValue().dataType();
            if (leaveOut.contains(p)
                    || t.name().equals("not-applicable")
                    || t.name().equals("reserved")
                    || p.equals("granular_markings")) {
                continue;
            }
            o.set(p, value(type, p, t, true));
        }
        // 7.2.3: every selector must resolve; the marking covers a property that is there.
        ObjectNode gm = F.objectNode();
        gm.put("marking_ref", TLP_GREEN);
        gm.set("selectors", F.arrayNode().add(o.has("name") ? "name" : "type"));
        o.set("granular_markings", F.arrayNode().add(gm));
        return o;
    }

    /** A valid value of {@code t} for property {@code p} of {@code type}. */
    static JsonNode value(String type, String p, DataType t, boolean maximal) {
        JsonNode special = special(type, p, maximal);
        if (special != null) {
            return special;
        }
        switch (t.name()) {
            case "string":
                return F.textNode(t.format() == null ? "text of " + p : sample(t.format()));
            case "boolean":
                return F.booleanNode(true);
            case "integer": {
                long min = t.min() == null ? 0 : t.min().longValue();
                long max = t.max() == null ? Long.MAX_VALUE : t.max().longValue();
                return F.numberNode(Math.max(min, Math.min(1, max)));
            }
            case "float":
                return F.numberNode(1.5);
            case "timestamp":
                if ("seconds".equals(t.format())) {
                    return F.textNode("2020-01-01T00:00:00Z");
                }
                return F.textNode(LATE_PROPERTIES.contains(p) ? LATE : EARLY);
            case "hex":
                return F.textNode("00ff");
            case "binary":
                return F.textNode("aGVsbG8=");
            case "hashes": {
                ObjectNode h = F.objectNode();
                h.put("SHA-256", "a".repeat(64));
                return h;
            }
            case "identifier":
                return F.textNode(refTo(t.refs()) + "--" + UUID);
            case "enum":
                return F.textNode(new TreeSet<>(t.values()).first());
            case "list":
                return F.arrayNode().add(value(type, p, t.item(), maximal));
            case "dictionary": {
                ObjectNode d = F.objectNode();
                d.set(dictionaryKey(p), t.item() == null ? F.textNode("v") : value(type, p + "[]", t.item(), maximal));
                return d;
            }
            case "object":
                return t.shape() == null ? F.objectNode().put("statement", "text") : object(type, t.shape(), maximal);
            case "integer-or-string":
                return F.numberNode(1);
            case "any":
                return F.textNode("v");
            case "observable-objects": {
                ObjectNode d = F.objectNode();
                d.set("0", F.objectNode().put("type", "ipv4-addr").put("value", "198.51.100.1"));
                return d;
            }
            case "language-contents": {
                ObjectNode d = F.objectNode();
                d.set("de", F.objectNode().put("name", "Übersetzung"));
                return d;
            }
            case "extensions":
                return extensions(type);
            default:
                throw new IllegalStateException(type + "." + p + " has type " + t);
        }
    }

    /** Values a property's type alone does not make valid (the prose's own rules). */
    private static JsonNode special(String type, String p, boolean maximal) {
        switch (p) {
            case "type":
                return F.textNode(type);
            case "id":
                return F.textNode(type + "--" + UUID);
            case "spec_version":
                return F.textNode("2.1");
            case "created_by_ref":
                return F.textNode("identity--" + UUID);
            case "object_marking_refs":
                return F.arrayNode().add(TLP_GREEN);
            default:
                break;
        }
        switch (type + "." + p) {
            case "indicator.pattern":
                return F.textNode("[ipv4-addr:value = '198.51.100.1']");
            case "indicator.pattern_type":
                return F.textNode("stix");
            case "malware.is_family":
                return F.booleanNode(maximal);
            case "email-message.is_multipart":
                return F.booleanNode(maximal);
            case "network-traffic.is_active":
                return F.booleanNode(false);
            case "marking-definition.definition_type":
                return F.textNode("statement");
            case "extension-definition.extension_types":
                return F.arrayNode().add("toplevel-property-extension");
            case "extension-definition.extension_properties":
                return F.arrayNode().add("x_rank");
            case "windows-registry-key.key":
                return F.textNode("HKEY_LOCAL_MACHINE\\System\\Foo");
            case "language-content.object_ref":
                return F.textNode("indicator--" + UUID);
            default:
                return null;
        }
    }

    /**
     * A key of the kind the prose names for the dictionary: an EXIF tag name (6.7.5), a
     * STARTUP_INFO member (6.13.2), a socket option (6.12.4); any other key elsewhere.
     */
    private static String dictionaryKey(String p) {
        switch (p) {
            case "exif_tags":
                return "XResolution";
            case "startup_info":
                return "lpDesktop";
            case "options":
                return "SO_ACCEPTCONN";
            default:
                return "key_one";
        }
    }

    private static String sample(String format) {
        switch (format) {
            case "url":
                return "https://example.com/a";
            case "language":
                return "en";
            case "charset":
                return "UTF-8";
            case "domain-name":
                return "example.com";
            case "email-address":
                return "jdoe@example.com";
            case "ipv4":
                return "198.51.100.1";
            case "ipv6":
                return "2001:db8::1";
            case "mac":
                return "00:00:5e:00:53:00";
            case "cpe":
                return "cpe:2.3:a:example:product:1.0:*:*:*:*:*:*:*";
            case "relationship-type":
                return "related-to";
            case "base64":
                return "aGVsbG8=";
            default:
                throw new IllegalStateException("no sample for format " + format);
        }
    }

    /** A type the reference may point at: a spec type if one is accepted. */
    private static String refTo(RefTypes refs) {
        for (String t : List.of(
                "identity",
                "indicator",
                "file",
                "ipv4-addr",
                "software",
                "artifact",
                "directory",
                "email-addr",
                "user-account",
                "network-traffic",
                "process",
                "autonomous-system",
                "mac-addr",
                "observed-data",
                "location",
                "marking-definition",
                "relationship")) {
            if (refs.accepts(t)) {
                return t;
            }
        }
        throw new IllegalStateException("no type for " + refs.description());
    }

    /** Every property of an object-valued type (minimal: the required ones and one more). */
    private static ObjectNode object(String type, Shape shape, boolean maximal) {
        ObjectNode o = F.objectNode();
        for (Map.Entry<String, ValueCheck> e : shape.properties().entrySet()) {
            String p = e.getKey();
            // 7.2.3: marking_ref and lang are exclusive; 6.6.2: body and body_raw_ref too.
            if (p.equals("lang") && shape.declares("marking_ref")
                    || p.equals("body_raw_ref") && shape.declares("body")) {
                continue;
            }
            o.set(p, value(shape.name(), p, e.getValue().dataType(), maximal));
        }
        return o;
    }

    /** Each predefined extension of the type in full, or an extension-definition's. */
    private static ObjectNode extensions(String type) {
        ObjectNode ext = F.objectNode();
        Map<String, Shape> predefined = spec(type).extensions();
        if (!predefined.isEmpty()) {
            for (String key : new TreeSet<>(predefined.keySet())) {
                ext.set(key, object(key, predefined.get(key), true));
            }
            return ext;
        }
        ObjectNode d = F.objectNode();
        d.put("extension_type", "property-extension");
        d.put("x_rank", "high");
        ext.set("extension-definition--" + UUID, d);
        return ext;
    }

    /** A JSON value of the wrong type for {@code t}. */
    static JsonNode wrongType(DataType t) {
        switch (t.name()) {
            case "boolean":
            case "list":
            case "object":
            case "dictionary":
            case "hashes":
            case "extensions":
            case "observable-objects":
            case "language-contents":
            case "integer":
            case "float":
                return F.textNode("not a " + t.name());
            case "integer-or-string":
            case "any":
                return F.booleanNode(true);
            default:
                return F.numberNode(12345);
        }
    }

    /** An array holding {@code items}. */
    static ArrayNode array(JsonNode... items) {
        ArrayNode a = F.arrayNode();
        for (JsonNode i : items) {
            a.add(i);
        }
        return a;
    }
}
