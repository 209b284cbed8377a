package org.tearline.stix.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.tearline.stix.Tlp;

/**
 * Marking definition rules (section 7.2): a definition (definition_type + definition) or an
 * extension; statement and TLP definitions of the right shape; TLP 1.0 only as the four
 * predefined instances of section 7.2.1.4, exactly; TLP 2.0 only through the OASIS TLP 2.0
 * extension with the published ids and names; no marking of a definition by itself.
 */
final class MarkingDefinitions {

    /** The properties of a predefined TLP 1.0 instance, and nothing else. */
    private static final Set<String> TLP1_PROPERTIES =
            Set.of("type", "spec_version", "id", "created", "definition_type", "name", "definition");

    /** The definition property: an object whose shape depends on definition_type. */
    static final ValueCheck DEFINITION_TYPE_CHECK = Checks.typed(DataType.simple("object"), (v, path, r) -> {
        if (!v.isObject()) {
            Checks.wrongType(v, "an object (the marking definition)", path, r);
        } else {
            Checks.ANY.check(v, path, r);
        }
    });

    static final ObjectRule RULE = MarkingDefinitions::check;

    private MarkingDefinitions() {}

    private static void check(ObjectNode node, String path, Report r) {
        String id = node.path("id").asText("");
        JsonNode extensions = node.get("extensions");
        boolean hasExtensions = extensions != null && extensions.isObject();
        JsonNode definitionType = node.get("definition_type");
        JsonNode definition = node.get("definition");
        if (!hasExtensions) {
            if (definitionType == null) {
                r.add(
                        "definition_type",
                        Rules.REQUIRED_PROPERTY,
                        "a marking definition " + "without extensions requires 'definition_type' and 'definition'");
            }
            if (definition == null) {
                r.add(
                        "definition",
                        Rules.REQUIRED_PROPERTY,
                        "a marking definition " + "without extensions requires 'definition' and 'definition_type'");
            }
        } else if ((definitionType == null) != (definition == null)) {
            String missing = definitionType == null ? "definition_type" : "definition";
            r.add(
                    missing,
                    Rules.DEPENDENT_PROPERTY,
                    "'definition' and 'definition_type' " + "go together; '" + missing + "' is missing");
        }
        String dt = definitionType != null && definitionType.isTextual() ? definitionType.textValue() : null;
        if (definition != null && definition.isObject() && dt != null) {
            if (dt.equals("statement")) {
                JsonNode s = definition.get("statement");
                if (s == null) {
                    r.add(
                            "definition.statement",
                            Rules.REQUIRED_PROPERTY,
                            "a statement marking requires 'statement' (section 7.2.1.3)");
                } else if (!s.isTextual()) {
                    Checks.wrongType(s, "a string", "definition.statement", r);
                }
            } else if (dt.equals("tlp")) {
                tlp1(node, definition, id, r);
            }
        }
        Optional<Tlp> byId = Tlp.ofMarkingId(id);
        if (byId.isPresent() && byId.get().tlp1Id().map(id::equals).orElse(false) && !"tlp".equals(dt)) {
            r.add(
                    "id",
                    Rules.TLP_DEFINITION,
                    "id " + id + " is reserved for the predefined "
                            + byId.get().tlp1Name().orElse("TLP") + " marking (section 7.2.1.4)");
        }
        tlp2(node, extensions, id, r);
        circular(node, id, r);
    }

    /** Section 7.2.1.4: only the four predefined instances, exactly as published. */
    private static void tlp1(ObjectNode node, JsonNode definition, String id, Report r) {
        JsonNode level = definition.get("tlp");
        if (level == null || !level.isTextual()) {
            r.add(
                    "definition.tlp",
                    Rules.TLP_DEFINITION,
                    "a TLP marking requires 'tlp' with white, green, amber or red");
            return;
        }
        Optional<Tlp> t = Tlp.ofLabel(level.textValue())
                .filter(x -> x.tlp1Value().map(level.textValue()::equals).orElse(false));
        if (t.isEmpty()) {
            r.add(
                    "definition.tlp",
                    Rules.TLP_DEFINITION,
                    "TLP 1.0 level " + Quote.text(level.textValue()) + " is not white, green, amber or red");
            return;
        }
        Tlp tlp = t.get();
        String expectedId = tlp.tlp1Id().orElseThrow();
        if (!expectedId.equals(id)) {
            r.add(
                    "id",
                    Rules.TLP_DEFINITION,
                    "TLP:" + level.textValue().toUpperCase(Locale.ROOT) + " must be the predefined marking "
                            + expectedId
                            + ", not " + Quote.text(id) + " (section 7.2.1.4: no other TLP instances)");
        }
        if (!Tlp.TLP1_CREATED.equals(node.path("created").asText(null))) {
            r.add(
                    "created",
                    Rules.TLP_DEFINITION,
                    "the predefined TLP markings were created " + Tlp.TLP1_CREATED + ", not "
                            + Quote.value(node.get("created")));
        }
        String name = tlp.tlp1Name().orElseThrow();
        if (!name.equals(node.path("name").asText(null))) {
            r.add(
                    "name",
                    Rules.TLP_DEFINITION,
                    "the predefined marking is named " + name + ", not " + Quote.value(node.get("name")));
        }
        if (definition.size() != 1) {
            r.add("definition", Rules.TLP_DEFINITION, "a TLP definition holds only 'tlp'");
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String p = names.next();
            if (!TLP1_PROPERTIES.contains(p)) {
                r.add(
                        p,
                        Rules.TLP_DEFINITION,
                        "the predefined TLP markings have no property '" + p
                                + "'; TLP 1.0 markings must match section 7.2.1.4 exactly");
            }
        }
    }

    /** The TLP 2.0 extension: a known level, the published id and name for it. */
    private static void tlp2(ObjectNode node, JsonNode extensions, String id, Report r) {
        JsonNode ext = extensions != null && extensions.isObject() ? extensions.get(Tlp.TLP2_EXTENSION_ID) : null;
        Optional<Tlp> byId = Tlp.ofMarkingId(id).filter(t -> t.tlp2Id().equals(id));
        if (ext == null) {
            if (byId.isPresent()) {
                r.add(
                        "extensions",
                        Rules.TLP_DEFINITION,
                        "id " + id + " is the published "
                                + byId.get().tlp2Name() + " marking, which uses the TLP 2.0 extension "
                                + Tlp.TLP2_EXTENSION_ID);
            }
            return;
        }
        String p = "extensions." + Tlp.TLP2_EXTENSION_ID + ".tlp_2_0";
        JsonNode level = ext.get("tlp_2_0");
        if (level == null || !level.isTextual()) {
            r.add(
                    p,
                    Rules.TLP_DEFINITION,
                    "the TLP 2.0 extension requires 'tlp_2_0' with " + "clear, green, amber, amber+strict or red");
            return;
        }
        Optional<Tlp> t = Tlp.ofLabel(level.textValue()).filter(x -> x.label().equals(level.textValue()));
        if (t.isEmpty()) {
            r.add(
                    p,
                    Rules.TLP_DEFINITION,
                    "TLP 2.0 level " + Quote.text(level.textValue())
                            + " is not clear, green, amber, amber+strict or red");
            return;
        }
        Tlp tlp = t.get();
        if (!tlp.tlp2Id().equals(id)) {
            r.add(
                    "id",
                    Rules.TLP_DEFINITION,
                    tlp.tlp2Name() + " is the published marking " + tlp.tlp2Id() + ", not " + Quote.text(id));
        }
        JsonNode name = node.get("name");
        if (name != null && !tlp.tlp2Name().equals(name.asText())) {
            r.add(
                    "name",
                    Rules.TLP_DEFINITION,
                    "the published TLP 2.0 marking is named " + tlp.tlp2Name() + ", not " + Quote.value(name));
        }
    }

    /** Sections 3.2: a marking definition must not mark itself. */
    private static void circular(ObjectNode node, String id, Report r) {
        JsonNode refs = node.get("object_marking_refs");
        if (refs != null && refs.isArray()) {
            for (int i = 0; i < refs.size(); i++) {
                if (id.equals(refs.get(i).asText())) {
                    r.add(
                            Paths.index("object_marking_refs", i),
                            Rules.CIRCULAR_MARKING,
                            "a marking definition must not reference itself");
                }
            }
        }
        JsonNode gms = node.get("granular_markings");
        if (gms != null && gms.isArray()) {
            for (int i = 0; i < gms.size(); i++) {
                if (id.equals(gms.get(i).path("marking_ref").asText())) {
                    r.add(
                            Paths.index("granular_markings", i) + ".marking_ref",
                            Rules.CIRCULAR_MARKING,
                            "a marking definition must not reference itself");
                }
            }
        }
    }
}
