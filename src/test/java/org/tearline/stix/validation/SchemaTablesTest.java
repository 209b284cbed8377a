package org.tearline.stix.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.tearline.stix.StixTypes;

/**
 * Each type's property table in the validator's registry ({@link TypeRegistry}, read through
 * {@link Shape#properties()}, {@link Shape#required()} and {@link ValueCheck#dataType()}) against
 * the OASIS STIX 2.1 JSON schemas in {@code ../shared/stix-schemas} (relative to the project
 * directory): every SDO, SRO, SCO and meta object, their predefined extensions and the
 * object-valued types inside them. A difference fails the test unless {@link #PROSE} gives the
 * rule of the specification (STIX 2.1 OS) that Tearline follows instead of the schema. The
 * bundle has no table in the registry ({@link StixValidator#validateBundle} checks its three
 * properties in code); {@link GeneratedObjectsTest} holds it to the schema by behaviour.
 */
class SchemaTablesTest {

    /**
     * Where the schemas and the specification's prose disagree, and the prose decides. Keyed by
     * the difference as {@link #differences()} words it; the value is the prose's rule.
     */
    static final Map<String, String> PROSE = new TreeMap<>();

    static {
        // Section 7.2.3: a granular marking has marking_ref or lang, exactly one; the schema
        // requires marking_ref and so refuses a language granular marking the prose defines.
        PROSE.put(
                "*.granular_markings[].marking_ref: required in the schema, optional in " + "Tearline",
                "7.2.3: marking_ref and lang are each optional, exactly one present");
        // Section 3.2's table marks these common properties "Not Applicable" to SCOs without
        // a MUST NOT (defanged, on the other side, has one); the schemas leave them out of the
        // SCO core and so accept any value as a custom property. Tearline holds them to their
        // common types where present (CommonShapes.sco).
        for (String p : new String[] {
            "created_by_ref", "created", "modified", "revoked", "labels", "confidence", "lang", "external_references"
        }) {
            PROSE.put(
                    "SCO." + p + ": in Tearline, not in the schema",
                    "3.2: not applicable to SCOs, held to its common type where present");
        }
        // Section 7.2.1 lists modified, revoked, labels, confidence and lang as not applicable
        // to a marking definition, again without a MUST NOT; held to their common types.
        for (String p : new String[] {"modified", "revoked", "labels", "confidence", "lang"}) {
            PROSE.put(
                    "marking-definition." + p + ": in Tearline, not in the schema",
                    "7.2.1: not applicable to marking definitions, held to its common type");
        }
        // Section 7.3.1: an extension definition's created_by_ref is required; the schema
        // inherits it as optional from core.json.
        PROSE.put(
                "extension-definition.created_by_ref: optional in the schema, required in " + "Tearline",
                "7.3.1: created_by_ref (required)");
        // Section 6.16.2 (unix-account-ext): gid is an integer; the schema says number.
        PROSE.put(
                "user-account.extensions.unix-account-ext.gid: float in the schema, integer " + "in Tearline",
                "6.16.2: gid (optional) integer");
    }

    @Test
    void theSchemasAreThere() {
        assertThat(Files.isDirectory(OasisSchemas.DIR.resolve("sdos")))
                .as("OASIS schemas in %s", OasisSchemas.DIR)
                .isTrue();
    }

    @Test
    void everyTypesPropertiesRequiredAndTypesMatchTheSchemasOrTheProseSaysWhy() {
        List<String> found = differences();
        List<String> unexplained = new ArrayList<>();
        Set<String> used = new TreeSet<>();
        for (String d : found) {
            String key = exception(d);
            if (key == null) {
                unexplained.add(d);
            } else {
                used.add(key);
            }
        }
        assertThat(unexplained)
                .as("differences with the OASIS schemas that no rule of the " + "specification explains")
                .isEmpty();
        assertThat(used).as("written exceptions that still occur").isEqualTo(PROSE.keySet());
    }

    /**
     * The written exception that covers {@code difference}: for the type itself, for its
     * category (SDO, SRO, SCO) or for every type ("*"); null if none.
     */
    static String exception(String difference) {
        int dot = difference.indexOf('.');
        String type = difference.substring(0, dot);
        String rest = difference.substring(dot);
        String category = StixTypes.SDO.contains(type)
                ? "SDO"
                : StixTypes.SRO.contains(type) ? "SRO" : StixTypes.SCO.contains(type) ? "SCO" : type;
        for (String key : new String[] {difference, category + rest, "*" + rest}) {
            if (PROSE.containsKey(key)) {
                return key;
            }
        }
        return null;
    }

    static List<String> differences() {
        List<String> out = new ArrayList<>();
        for (String type : OasisSchemas.types()) {
            if (type.equals("bundle")) {
                continue;
            }
            ObjectType spec = TypeRegistry.get(type);
            assertThat(spec).as("registry entry for %s", type).isNotNull();
            compare(type, spec.shape(), OasisSchemas.table(type), out);
            Map<String, OasisSchemas.Declared> ext = OasisSchemas.extensions(type);
            for (String key :
                    new TreeSet<>(union(ext.keySet(), spec.extensions().keySet()))) {
                String path = type + ".extensions." + key;
                if (!ext.containsKey(key)) {
                    out.add(path + ": extension in Tearline, not in the schema");
                } else if (!spec.extensions().containsKey(key)) {
                    out.add(path + ": extension in the schema, not in Tearline");
                } else {
                    OasisSchemas.Declared d = ext.get(key);
                    compare(path, spec.extensions().get(key), OasisSchemas.table(d.node(), d.file()), out);
                }
            }
        }
        return out;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new TreeSet<>(a);
        u.addAll(b);
        return u;
    }

    private static boolean allowed(ValueCheck c) {
        String n = c.dataType().name();
        return !n.equals("not-applicable") && !n.equals("reserved");
    }

    static void compare(String path, Shape shape, OasisSchemas.Table table, List<String> out) {
        Map<String, ValueCheck> mine = shape.properties();
        for (String p : union(mine.keySet(), table.properties().keySet())) {
            String at = path + "." + p;
            ValueCheck c = mine.get(p);
            OasisSchemas.Declared d = table.properties().get(p);
            boolean inMine = c != null && allowed(c);
            if (d == null) {
                if (inMine) {
                    out.add(at + ": in Tearline, not in the schema");
                }
                continue;
            }
            if (!inMine) {
                out.add(at + ": in the schema, "
                        + (c == null ? "not in Tearline" : c.dataType().name() + " in Tearline"));
                continue;
            }
            boolean schemaRequires = table.required().contains(p);
            boolean iRequire = shape.required().contains(p);
            if (schemaRequires != iRequire) {
                out.add(at + ": " + (schemaRequires ? "required" : "optional")
                        + " in the schema, " + (iRequire ? "required" : "optional")
                        + " in Tearline");
            }
            if (!p.equals("type") && !p.equals("spec_version") && !p.equals("extensions")) {
                compareType(at, c.dataType(), OasisSchemas.typeOf(d.node(), d.file()), out);
            }
        }
    }

    /** The validator's names for what the schemas call a dictionary. */
    private static final Set<String> DICTIONARIES = Set.of("dictionary", "observable-objects", "language-contents");

    /** The JSON kind of a validator type, for where the schema says only "string". */
    private static String json(DataType t) {
        switch (t.name()) {
            case "identifier":
            case "hex":
            case "binary":
            case "timestamp":
            case "enum":
                return "string";
            default:
                return t.name();
        }
    }

    /**
     * A bound the schema states must be Tearline's too. The full STIX integer range (section
     * 2.10) is Tearline's bound where the schema states none.
     */
    private static void compareBound(String at, String which, Number mine, Double theirs, List<String> out) {
        double full = Checks.MAX_INTEGER;
        Double m = mine == null || Math.abs(mine.doubleValue()) >= full ? null : mine.doubleValue();
        if (!java.util.Objects.equals(m, theirs)) {
            out.add(at + ": " + which + " " + theirs + " in the schema, " + m + " in Tearline");
        }
    }

    static void compareType(String at, DataType mine, OasisSchemas.SchemaType theirs, List<String> out) {
        String m = mine.name();
        String t = theirs.name();
        if (m.equals(t)) {
            if (m.equals("list")) {
                compareType(at + "[]", mine.item(), theirs.item(), out);
            } else if (m.equals("enum") && !mine.values().equals(theirs.values())) {
                out.add(at + ": enumeration " + theirs.values() + " in the schema, " + new TreeSet<>(mine.values())
                        + " in Tearline");
            } else if (m.equals("object") && mine.shape() != null && theirs.table() != null) {
                compare(at, mine.shape(), theirs.table(), out);
            } else if (m.equals("integer") || m.equals("float")) {
                compareBound(at, "minimum", mine.min(), theirs.min(), out);
                compareBound(at, "maximum", mine.max(), theirs.max(), out);
            }
            return;
        }
        if (t.equals("dictionary") && DICTIONARIES.contains(m)) {
            return;
        }
        // The schemas type many references, hex and timestamps as plain strings; the finer type
        // is the prose's and is no disagreement.
        if (t.equals("string") && json(mine).equals("string")) {
            return;
        }
        out.add(at + ": " + theirs + " in the schema, " + mine + " in Tearline");
    }
}
