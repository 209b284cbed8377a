package org.tearline.release;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tearline.stix.StixJson;
import org.tearline.stix.Tlp;

/**
 * The markings Tearline knows by name: the TLP levels (each standing for its TLP 1.0 instance
 * and its TLP 2.0 definition) and Tearline's own {@code source-protected} and
 * {@code method-protected}, with fixed ids. Their definitions are published with every release
 * view, so a released object's marking references always resolve.
 */
public final class Markings {

    /** Tearline's marking for material that reveals, or could reveal, a source. */
    public static final String SOURCE_PROTECTED_ID = "marking-definition--7e6b5f0a-3c1d-4a8e-9b2f-5d4c3a2b1e0f";
    /** Tearline's marking for material that reveals, or could reveal, a method. */
    public static final String METHOD_PROTECTED_ID = "marking-definition--c2d9e7a1-6f4b-4c3e-8a5d-1b0f9e8d7c6a";

    private static final String TEARLINE_CREATED = "2026-11-01T00:00:00.000Z";

    private static final Map<String, Set<String>> BY_NAME = byName();
    private static final Map<String, ObjectNode> DEFINITIONS = definitions();

    private Markings() {}

    private static Map<String, Set<String>> byName() {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        for (Tlp t : Tlp.values()) {
            List<String> ids = new ArrayList<>();
            t.tlp1Id().ifPresent(ids::add);
            ids.add(t.tlp2Id());
            m.put("tlp:" + t.label(), Set.copyOf(ids));
        }
        m.put("tlp:white", m.get("tlp:clear"));
        m.put("source-protected", Set.of(SOURCE_PROTECTED_ID));
        m.put("method-protected", Set.of(METHOD_PROTECTED_ID));
        return Collections.unmodifiableMap(m);
    }

    /** The names a policy may use, in a stable order. */
    public static Set<String> names() {
        return BY_NAME.keySet();
    }

    /** The marking-definition ids a name stands for. */
    public static Optional<Set<String>> idsOf(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The name of a known marking id, for explanations; the id itself otherwise. */
    public static String nameOf(String markingId) {
        if (markingId.equals(SOURCE_PROTECTED_ID)) {
            return "source-protected";
        }
        if (markingId.equals(METHOD_PROTECTED_ID)) {
            return "method-protected";
        }
        return Tlp.ofMarkingId(markingId).map(t -> "tlp:" + t.label()).orElse(markingId);
    }

    /** True for the markings Tearline defines to protect sources and methods. */
    public static boolean isProtection(String markingId) {
        return SOURCE_PROTECTED_ID.equals(markingId) || METHOD_PROTECTED_ID.equals(markingId);
    }

    /** True when the id is one of the built-in markings: no copy of its definition made. */
    public static boolean isBuiltIn(String markingId) {
        return DEFINITIONS.containsKey(markingId);
    }

    /** The definition of a built-in marking, if the id is one. */
    public static Optional<ObjectNode> definition(String markingId) {
        ObjectNode d = DEFINITIONS.get(markingId);
        return d == null ? Optional.empty() : Optional.of(d.deepCopy());
    }

    /** Every built-in definition: TLP 1.0, TLP 2.0, then Tearline's own. */
    public static List<ObjectNode> definitions(boolean tearlineOnly) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode d : DEFINITIONS.values()) {
            String id = d.get("id").asText();
            if (!tearlineOnly || isProtection(id)) {
                out.add(d.deepCopy());
            }
        }
        return out;
    }

    private static Map<String, ObjectNode> definitions() {
        Map<String, ObjectNode> m = new LinkedHashMap<>();
        for (Tlp t : Tlp.values()) {
            if (t.tlp1Id().isPresent()) {
                ObjectNode d = base(t.tlp1Id().get(), Tlp.TLP1_CREATED);
                d.put("definition_type", "tlp");
                d.put("name", t.tlp1Name().orElseThrow());
                d.putObject("definition").put("tlp", t.tlp1Value().orElseThrow());
                m.put(t.tlp1Id().get(), d);
            }
        }
        for (Tlp t : Tlp.values()) {
            ObjectNode d = base(t.tlp2Id(), Tlp.TLP2_CREATED);
            d.put("name", t.tlp2Name());
            ObjectNode ext = d.putObject("extensions").putObject(Tlp.TLP2_EXTENSION_ID);
            ext.put("extension_type", "property-extension");
            ext.put("tlp_2_0", t.label());
            m.put(t.tlp2Id(), d);
        }
        m.put(
                SOURCE_PROTECTED_ID,
                statement(
                        SOURCE_PROTECTED_ID,
                        "Tearline: source-protected",
                        "Source-protected: this material reveals, or could reveal, a source of the"
                                + " intelligence. It is released to an audience only as that"
                                + " audience's Tearline release policy allows."));
        m.put(
                METHOD_PROTECTED_ID,
                statement(
                        METHOD_PROTECTED_ID,
                        "Tearline: method-protected",
                        "Method-protected: this material reveals, or could reveal, how the"
                                + " intelligence was obtained. It is released to an audience only as"
                                + " that audience's Tearline release policy allows."));
        return Collections.unmodifiableMap(m);
    }

    private static ObjectNode base(String id, String created) {
        ObjectNode d = StixJson.mapper().createObjectNode();
        d.put("type", "marking-definition");
        d.put("spec_version", "2.1");
        d.put("id", id);
        d.put("created", created);
        return d;
    }

    private static ObjectNode statement(String id, String name, String text) {
        ObjectNode d = base(id, TEARLINE_CREATED);
        d.put("name", name);
        d.put("definition_type", "statement");
        d.putObject("definition").put("statement", text);
        return d;
    }
}
