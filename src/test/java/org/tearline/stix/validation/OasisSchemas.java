package org.tearline.stix.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.tearline.stix.StixTypes;

/**
 * The OASIS STIX 2.1 JSON schemas in {@code ../shared/stix-schemas/schemas} (relative to the
 * project directory; CI has {@code ../shared} beside the clone), read two ways: as a JSON Schema
 * validator (networknt json-schema-validator, its {@code $id} URLs mapped to the local files so
 * nothing is fetched), and as property tables (each type's properties, which are required, and
 * each property's type) to compare with the validator's own registry.
 */
final class OasisSchemas {

    /** Where the schemas are, from the project directory. */
    static final Path DIR =
            Path.of("../shared/stix-schemas/schemas").toAbsolutePath().normalize();

    private static final String BASE =
            "http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/";

    private static final SchemaRegistry REGISTRY =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b.schemas(OasisSchemas::local));

    /** The text of a schema by its $id URL, from the local copy; null for any other URL. */
    private static String local(String iri) {
        if (!iri.startsWith(BASE)) {
            return null;
        }
        try {
            return Files.readString(DIR.resolve(iri.substring(BASE.length())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();
    private static final Map<Path, JsonNode> FILES = new ConcurrentHashMap<>();

    private OasisSchemas() {}

    /** Every type the schemas define a file for: SDOs, SROs, SCOs, the meta objects, bundle. */
    static List<String> types() {
        List<String> all = new ArrayList<>();
        all.addAll(new TreeSet<>(StixTypes.SDO));
        all.addAll(new TreeSet<>(StixTypes.SRO));
        all.addAll(new TreeSet<>(StixTypes.SCO));
        all.addAll(new TreeSet<>(StixTypes.META));
        all.add("bundle");
        return all;
    }

    /** The schema file of {@code type}, relative to {@link #DIR}. */
    static String file(String type) {
        String dir = StixTypes.SDO.contains(type)
                ? "sdos"
                : StixTypes.SRO.contains(type) ? "sros" : StixTypes.SCO.contains(type) ? "observables" : "common";
        return dir + "/" + type + ".json";
    }

    /** The schemas' complaints about {@code object}, judged by the schema of {@code type}. */
    static List<String> complaints(String type, JsonNode object) {
        Schema schema = SCHEMAS.computeIfAbsent(type, t -> REGISTRY.getSchema(SchemaLocation.of(BASE + file(t))));
        List<String> out = new ArrayList<>();
        for (Error e : schema.validate(object)) {
            out.add(e.getInstanceLocation() + " " + e.getMessage());
        }
        return out;
    }

    /** True if the schema of {@code type} accepts {@code object}. */
    static boolean accept(String type, JsonNode object) {
        return complaints(type, object).isEmpty();
    }

    // ---- the schemas read as property tables ----

    /** One property as a schema declares it: its node and the file it is in. */
    record Declared(JsonNode node, Path file) {}

    /** A schema's table: properties (in order) and required ones. */
    record Table(Map<String, Declared> properties, Set<String> required) {}

    /** The property table of a top-level type, with everything it inherits through allOf. */
    static Table table(String type) {
        Path f = DIR.resolve(file(type));
        return table(read(f), f);
    }

    /** The property table of a schema node (an object type), following $ref and allOf. */
    static Table table(JsonNode node, Path file) {
        Map<String, Declared> props = new LinkedHashMap<>();
        Set<String> required = new LinkedHashSet<>();
        collect(node, file, props, required);
        return new Table(props, required);
    }

    private static void collect(JsonNode node, Path file, Map<String, Declared> props, Set<String> required) {
        if (node.has("$ref")) {
            Declared d = resolve(node.get("$ref").asText(), file);
            collect(d.node(), d.file(), props, required);
        }
        for (JsonNode part : node.path("allOf")) {
            collect(part, file, props, required);
        }
        Iterator<Map.Entry<String, JsonNode>> it =
                node.path("properties").properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            Declared old = props.get(e.getKey());
            // A type file repeats core's "id" with only a pattern; the typed declaration wins.
            if (old == null || typed(e.getValue())) {
                props.put(e.getKey(), new Declared(e.getValue(), file));
            }
        }
        for (JsonNode r : node.path("required")) {
            required.add(r.asText());
        }
        // Alternatives (oneOf, anyOf) declare properties too; one is required only if every
        // alternative requires it.
        for (String alternatives : new String[] {"oneOf", "anyOf"}) {
            Set<String> always = null;
            for (JsonNode branch : node.path(alternatives)) {
                Map<String, Declared> p = new LinkedHashMap<>();
                Set<String> r = new LinkedHashSet<>();
                collect(branch, file, p, r);
                p.forEach((k, v) -> {
                    if (!props.containsKey(k) || !typed(props.get(k).node()) && typed(v.node())) {
                        props.put(k, v);
                    }
                });
                if (always == null) {
                    always = r;
                } else {
                    always.retainAll(r);
                }
            }
            if (always != null) {
                required.addAll(always);
            }
        }
    }

    private static boolean typed(JsonNode n) {
        return n.has("type") || n.has("$ref") || n.has("allOf");
    }

    /** Resolves a $ref, relative to the file it is written in. */
    static Declared resolve(String ref, Path file) {
        int hash = ref.indexOf('#');
        String path = hash < 0 ? ref : ref.substring(0, hash);
        String pointer = hash < 0 ? "" : ref.substring(hash + 1);
        Path target = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
        JsonNode n = read(target);
        return new Declared(pointer.isEmpty() ? n : n.at(pointer), target);
    }

    static JsonNode read(Path f) {
        return FILES.computeIfAbsent(f, p -> {
            try {
                return Json.MAPPER.readTree(Files.readString(p));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * A schema property's type in the validator's {@link DataType} names: string, boolean,
     * integer, float, timestamp, identifier, hex, binary, hashes, enum, list, dictionary,
     * object, extensions.
     */
    record SchemaType(String name, SchemaType item, Set<String> values, Table table, Double min, Double max) {

        SchemaType(String name, SchemaType item, Set<String> values, Table table) {
            this(name, item, values, table, null, null);
        }

        @Override
        public String toString() {
            return item != null ? name + " of " + item : name;
        }
    }

    static SchemaType typeOf(JsonNode n, Path file) {
        if (n.has("$ref")) {
            String ref = n.get("$ref").asText();
            String name = ref.contains("#")
                    ? ref.substring(ref.lastIndexOf('/') + 1)
                    : Path.of(ref).getFileName().toString();
            switch (name) {
                case "identifier.json":
                    return simple("identifier");
                case "timestamp.json":
                    return simple("timestamp");
                case "hashes-type.json":
                    return simple("hashes");
                case "hex.json":
                    return simple("hex");
                case "binary.json":
                    return simple("binary");
                case "url-regex.json":
                    return simple("string");
                case "dictionary.json":
                    return simple("dictionary");
                default:
                    break;
            }
            if (name.endsWith("-extensions-dictionary")) {
                return simple("extensions");
            }
            Declared d = resolve(ref, file);
            return typeOf(d.node(), d.file());
        }
        if (!n.has("type") && n.has("allOf")) {
            for (JsonNode part : n.get("allOf")) {
                if (part.has("$ref") || part.has("type")) {
                    return typeOf(part, file);
                }
            }
        }
        String t = n.path("type").asText("");
        if (n.has("enum") && t.equals("string")) {
            Set<String> values = new TreeSet<>();
            n.get("enum").forEach(v -> values.add(v.asText()));
            return new SchemaType("enum", null, values, null);
        }
        Double min = n.has("minimum") ? n.get("minimum").asDouble() : null;
        Double max = n.has("maximum") ? n.get("maximum").asDouble() : null;
        switch (t) {
            case "string":
            case "boolean":
                return simple(t);
            case "integer":
                return new SchemaType(t, null, Set.of(), null, min, max);
            case "number":
                return new SchemaType("float", null, Set.of(), null, min, max);
            case "array":
                return new SchemaType("list", typeOf(n.path("items"), file), Set.of(), null);
            default:
                break;
        }
        if (n.has("properties") || t.equals("object") && n.has("allOf")) {
            return new SchemaType("object", null, Set.of(), table(n, file));
        }
        if (t.equals("object")) {
            return simple("dictionary");
        }
        return simple("untyped");
    }

    private static SchemaType simple(String name) {
        return new SchemaType(name, null, Set.of(), null);
    }

    /** The predefined extensions a type's schema declares, by key. */
    static Map<String, Declared> extensions(String type) {
        Map<String, Declared> out = new LinkedHashMap<>();
        Table t = table(type);
        Declared ext = t.properties().get("extensions");
        if (ext == null || !ext.node().has("$ref")) {
            return out;
        }
        Declared dict = resolve(ext.node().get("$ref").asText(), ext.file());
        Iterator<Map.Entry<String, JsonNode>> it =
                dict.node().path("patternProperties").properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey().replace("^", "").replace("$", "");
            out.put(key, new Declared(e.getValue(), dict.file()));
        }
        return out;
    }
}
