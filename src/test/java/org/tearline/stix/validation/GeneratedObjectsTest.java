package org.tearline.stix.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * For every type of the specification and the bundle: the minimal and maximal valid objects
 * ({@link GeneratedObjects}) are accepted, and one invalid object per required property
 * (removed), per property (a value of the wrong JSON type) and per closed enumeration (a value
 * outside it) is refused with a violation naming that property. The same objects go through
 * the OASIS STIX 2.1 JSON schemas in {@code ../shared/stix-schemas} (relative to the project
 * directory); where the schemas judge an object otherwise, {@link #SCHEMA_DISAGREES} says which
 * rule of the specification (STIX 2.1 OS) Tearline follows, or the test fails.
 */
class GeneratedObjectsTest {

    private final StixValidator validator = new StixValidator();

    /** One generated object and whether it is valid; {@code property} is what it breaks. */
    record Case(String type, String name, ObjectNode object, boolean valid, String property) {}

    /**
     * Where the schemas judge a generated object otherwise than Tearline. Keyed by the case as
     * "type.case name" (type may be SCO, SDO or "*" for a whole category or every type).
     */
    static final Map<String, String> SCHEMA_DISAGREES = new TreeMap<>();

    static {
        // 6.6.2: "The corresponding value for each dictionary key MUST always be a list of type
        // string to support when a header field is repeated": a header seen once is a list of
        // one. The schema wants a string or a list of at least two.
        SCHEMA_DISAGREES.put(
                "email-message.maximal /additional_header_fields/key_one",
                "6.6.2: additional_header_fields values are always lists of strings");
        // 6.1.2: artifact mime_type names an IANA media type; the schema holds it to the form
        // type/subtype with a registered top-level type. The conformance suite (case 345,
        // mime_type "bla/blabla") has the OASIS validator treat that form as a best practice,
        // valid at MUST level, and Tearline takes any string as it does.
        SCHEMA_DISAGREES.put(
                "artifact.maximal /mime_type",
                "6.1.2: mime_type a string; the IANA form is not MUST-level (conformance 345)");
        // 6.12.4: socket option keys "SHOULD be a case-preserved version of the option name,
        // e.g., SO_ACCEPTCONN"; the schema allows only keys of the form SO_*, IP_*, ...
        SCHEMA_DISAGREES.put(
                "network-traffic.socket option not named SO_* " + "/extensions/socket-ext/options",
                "6.12.4: option names SHOULD be the system's; any dictionary key is valid");
        // 7.2.3: a granular marking has marking_ref or lang; the schema requires marking_ref.
        SCHEMA_DISAGREES.put(
                "identity.language granular marking /granular_markings/0", "7.2.3: lang instead of marking_ref");
        // 7.3.1: an extension definition's created_by_ref is required; the schema does not
        // require it.
        SCHEMA_DISAGREES.put("extension-definition.without created_by_ref", "7.3.1: created_by_ref (required)");
        // 3.2: these common properties are "Not Applicable" to SCOs; the SCO schema does not
        // declare them, so it takes any value as a custom property. Tearline holds them to their
        // common types where present, as SchemaTablesTest records.
        for (String p : new String[] {
            "created_by_ref", "created", "modified", "revoked", "labels", "confidence", "lang", "external_references"
        }) {
            SCHEMA_DISAGREES.put(
                    "SCO.wrong type of " + p, "3.2: a common property keeps its common type where present");
        }
        // 7.2.1: likewise for the common properties not applicable to a marking definition.
        for (String p : new String[] {"modified", "revoked", "labels", "confidence", "lang"}) {
            SCHEMA_DISAGREES.put(
                    "marking-definition.wrong type of " + p,
                    "7.2.1: a common property keeps its common type where present");
        }
    }

    static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (String type : GeneratedObjects.types()) {
            Shape shape = GeneratedObjects.spec(type).shape();
            ObjectNode min = GeneratedObjects.minimal(type);
            ObjectNode max = GeneratedObjects.maximal(type);
            out.add(new Case(type, "minimal", min, true, null));
            out.add(new Case(type, "maximal", max, true, null));
            for (String p : shape.required()) {
                ObjectNode o = min.deepCopy();
                o.remove(p);
                out.add(new Case(type, "without " + p, o, false, p));
            }
            for (Map.Entry<String, ValueCheck> e : shape.properties().entrySet()) {
                String p = e.getKey();
                DataType t = e.getValue().dataType();
                if (!max.has(p) || t.name().equals("any")) {
                    continue;
                }
                ObjectNode o = max.deepCopy();
                o.set(p, GeneratedObjects.wrongType(t));
                out.add(new Case(type, "wrong type of " + p, o, false, p));
                DataType closed = t.name().equals("list") ? t.item() : t;
                if (closed.name().equals("enum")) {
                    ObjectNode x = max.deepCopy();
                    JsonNode outside = Json.MAPPER.getNodeFactory().textNode("not-in-the-enum");
                    x.set(p, t == closed ? outside : GeneratedObjects.array(outside));
                    out.add(new Case(type, "value outside the enumeration of " + p, x, false, p));
                }
            }
        }
        out.addAll(bundleCases());
        out.addAll(proseCases());
        return out;
    }

    /**
     * Objects the generator's values do not reach, on the points where the schemas say more
     * than the prose: each valid by the prose, the rule beside it in {@link #SCHEMA_DISAGREES}.
     */
    static List<Case> proseCases() {
        List<Case> out = new ArrayList<>();
        ObjectNode socket = GeneratedObjects.maximal("network-traffic");
        ((ObjectNode) socket.get("extensions").get("socket-ext").get("options"))
                .removeAll()
                .put("x_buffer_size", 4096);
        out.add(new Case("network-traffic", "socket option not named SO_*", socket, true, null));
        ObjectNode lang = GeneratedObjects.minimal("identity");
        ObjectNode gm = lang.objectNode();
        gm.put("lang", "en");
        gm.set("selectors", GeneratedObjects.array(lang.textNode("name")));
        lang.set("granular_markings", GeneratedObjects.array(gm));
        out.add(new Case("identity", "language granular marking", lang, true, null));
        return out;
    }

    /** Section 8: a bundle has type and id, and optionally objects. */
    static List<Case> bundleCases() {
        List<Case> out = new ArrayList<>();
        ObjectNode min = Json.MAPPER.createObjectNode();
        min.put("type", "bundle");
        min.put("id", "bundle--" + GeneratedObjects.UUID);
        ObjectNode max = min.deepCopy();
        max.set(
                "objects",
                GeneratedObjects.array(GeneratedObjects.maximal("indicator"), GeneratedObjects.minimal("ipv4-addr")));
        out.add(new Case("bundle", "minimal", min, true, null));
        out.add(new Case("bundle", "maximal", max, true, null));
        for (String p : new String[] {"type", "id"}) {
            ObjectNode o = min.deepCopy();
            o.remove(p);
            out.add(new Case("bundle", "without " + p, o, false, p));
        }
        for (String p : new String[] {"id", "objects"}) {
            ObjectNode o = max.deepCopy();
            o.put(p, 12345);
            out.add(new Case("bundle", "wrong type of " + p, o, false, p));
        }
        return out;
    }

    private List<Violation> validate(Case c) {
        return c.type().equals("bundle") ? validator.validateBundle(c.object()) : validator.validate(c.object());
    }

    @Test
    void theValidatorAcceptsExactlyTheValidGeneratedObjectsAndNamesThePropertyInEachRefusal() {
        List<String> wrong = new ArrayList<>();
        List<Case> all = cases();
        for (Case c : all) {
            List<Violation> v = validate(c);
            if (c.valid() && !v.isEmpty()) {
                wrong.add(c.type() + " " + c.name() + " refused: " + v);
            } else if (!c.valid() && v.isEmpty()) {
                wrong.add(c.type() + " " + c.name() + " accepted: " + c.object());
            } else if (!c.valid() && v.stream().noneMatch(x -> names(x, c.property()))) {
                wrong.add(c.type() + " " + c.name() + " refused without naming " + c.property() + ": " + v);
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(all).hasSizeGreaterThan(1000);
    }

    private static boolean names(Violation v, String property) {
        String p = v.property();
        return p.equals(property)
                || p.startsWith(property + ".")
                || p.startsWith(property + "[")
                || p.startsWith(property + "'");
    }

    @Test
    void theOasisSchemasJudgeTheGeneratedObjectsAsTearlineDoesOrTheProseSaysWhyNot() {
        List<String> unexplained = new ArrayList<>();
        Set<String> used = new TreeSet<>();
        for (Case c : cases()) {
            boolean schema = OasisSchemas.accept(c.type(), c.object());
            if (schema == c.valid()) {
                continue;
            }
            List<String> where = new ArrayList<>();
            if (!schema) {
                for (String complaint : OasisSchemas.complaints(c.type(), c.object())) {
                    where.add(complaint.substring(0, complaint.indexOf(' ')));
                }
            }
            String key =
                    exception(c.type() + "." + c.name() + (where.isEmpty() ? "" : " " + new TreeSet<>(where).first()));
            if (key == null) {
                unexplained.add(c.type() + "." + c.name() + " " + where + " (schemas "
                        + (schema ? "accept" : "refuse") + "): "
                        + (schema ? "" : OasisSchemas.complaints(c.type(), c.object())));
            } else {
                used.add(key);
            }
        }
        assertThat(unexplained)
                .as("cases where the schemas judge otherwise, with no rule " + "written")
                .isEmpty();
        assertThat(used).as("written disagreements that still occur").isEqualTo(SCHEMA_DISAGREES.keySet());
    }

    static String exception(String key) {
        int dot = key.indexOf('.');
        String type = key.substring(0, dot);
        String rest = key.substring(dot);
        String category = org.tearline.stix.StixTypes.SDO.contains(type)
                ? "SDO"
                : org.tearline.stix.StixTypes.SRO.contains(type)
                        ? "SRO"
                        : org.tearline.stix.StixTypes.SCO.contains(type) ? "SCO" : type;
        for (String k : new String[] {key, category + rest, "*" + rest}) {
            if (SCHEMA_DISAGREES.containsKey(k)) {
                return k;
            }
        }
        return null;
    }
}
