package org.tearline.release;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tearline.stix.StixId;
import org.tearline.stix.Tlp;

/**
 * Which references an object has, and which of them it cannot do without. Design rule 3: a
 * relationship or sighting whose endpoint is withheld is withheld; lists of references drop
 * withheld members (and an object whose required list is left empty is withheld); a creator
 * that is withheld becomes the producer's releasing identity; other references to withheld
 * objects are dropped. A custom extension's key is a reference to its definition too: the
 * original id must not stay behind as a key, nor the extension's properties without their
 * definition.
 */
final class RefRules {

    /** How a reference is treated when its target is not released. */
    enum Kind {
        /** The object cannot be released without it (relationship endpoints and the like). */
        ENDPOINT,
        /** {@code created_by_ref}: replaced by the releasing identity. */
        CREATOR,
        /** A marking reference: kept only when the marking's definition is published. */
        MARKING,
        /** A member of a list of references: dropped. */
        LIST_MEMBER,
        /** Any other single reference: the property is dropped. */
        SINGLE,
        /**
         * The key of a custom extension (an extension-definition id in {@code extensions}):
         * renamed to the definition's released id; without its definition the extension and
         * its properties are dropped.
         */
        EXTENSION,
        /**
         * The key of an extension that makes the object what it is (new-sdo, new-sco) or puts
         * its properties at the top level, where they cannot be told from the object's own:
         * without its definition the object is withheld.
         */
        REQUIRED_EXTENSION
    }

    /** Extension types without whose definition the object is not released. */
    private static final Set<String> REQUIRED_EXTENSION_TYPES =
            Set.of("new-sdo", "new-sco", "toplevel-property-extension");

    /** One reference in an object. */
    record Ref(List<Object> path, String target, Kind kind) {}

    private static final Map<String, Set<String>> REQUIRED_SINGLE = Map.of(
            "relationship", Set.of("source_ref", "target_ref"),
            "sighting", Set.of("sighting_of_ref"),
            "language-content", Set.of("object_ref"));

    private static final Map<String, Set<String>> REQUIRED_LIST = Map.of(
            "report", Set.of("object_refs"),
            "grouping", Set.of("object_refs"),
            "note", Set.of("object_refs"),
            "opinion", Set.of("object_refs"),
            "observed-data", Set.of("object_refs"));

    private static final Map<String, Set<String>> ONE_OF = Map.of("network-traffic", Set.of("src_ref", "dst_ref"));

    private RefRules() {}

    /** Every reference in an object, at any depth, with its kind. */
    static List<Ref> refs(JsonNode object) {
        List<Ref> out = new ArrayList<>();
        String type = object.path("type").asText();
        collect(object, new ArrayList<>(), type, out);
        return out;
    }

    private static void collect(JsonNode node, List<Object> path, String type, List<Ref> out) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = e.getKey();
                JsonNode v = e.getValue();
                List<Object> p = append(path, name);
                if (path.isEmpty() && name.equals("extensions") && v.isObject()) {
                    extensionKeys(v, p, out);
                }
                if (name.endsWith("_ref") && v.isTextual() && StixId.isValid(v.asText())) {
                    out.add(new Ref(p, v.asText(), kindOfSingle(type, path, name)));
                } else if (name.endsWith("_refs") && v.isArray()) {
                    Kind kind = path.isEmpty() && name.equals("object_marking_refs") ? Kind.MARKING : Kind.LIST_MEMBER;
                    for (int i = 0; i < v.size(); i++) {
                        if (v.get(i).isTextual() && StixId.isValid(v.get(i).asText())) {
                            out.add(new Ref(append(p, i), v.get(i).asText(), kind));
                        }
                    }
                } else if (v.isContainerNode()) {
                    collect(v, p, type, out);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (node.get(i).isContainerNode()) {
                    collect(node.get(i), append(path, i), type, out);
                }
            }
        }
    }

    private static void extensionKeys(JsonNode extensions, List<Object> path, List<Ref> out) {
        Iterator<Map.Entry<String, JsonNode>> it = extensions.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            // The TLP 2.0 extension is the STIX specification's own, on published marking
            // definitions only: no object of the producer's, nothing to release or withhold.
            if (key.startsWith("extension-definition--") && StixId.isValid(key) && !key.equals(Tlp.TLP2_EXTENSION_ID)) {
                String type = e.getValue().path("extension_type").asText("");
                out.add(new Ref(
                        append(path, key),
                        key,
                        REQUIRED_EXTENSION_TYPES.contains(type) ? Kind.REQUIRED_EXTENSION : Kind.EXTENSION));
            }
        }
    }

    /** True for the key of an extension (rather than a property holding an id). */
    static boolean isExtensionKey(Ref r) {
        return r.kind() == Kind.EXTENSION || r.kind() == Kind.REQUIRED_EXTENSION;
    }

    private static Kind kindOfSingle(String type, List<Object> parent, String name) {
        if (parent.isEmpty()) {
            if (name.equals("created_by_ref")) {
                return Kind.CREATOR;
            }
            if (REQUIRED_SINGLE.getOrDefault(type, Set.of()).contains(name)) {
                return Kind.ENDPOINT;
            }
        }
        if (name.equals("marking_ref") && !parent.isEmpty() && "granular_markings".equals(parent.get(0))) {
            return Kind.MARKING;
        }
        return Kind.SINGLE;
    }

    /**
     * What must be released for this object to be released: each entry is a set of targets of
     * which at least one must be released.
     */
    static List<Set<String>> requirements(String type, List<Ref> refs) {
        List<Set<String>> out = new ArrayList<>();
        Set<String> lists = REQUIRED_LIST.getOrDefault(type, Set.of());
        Set<String> oneOf = ONE_OF.getOrDefault(type, Set.of());
        Map<String, Set<String>> listTargets = new HashMap<>();
        Set<String> oneOfTargets = new HashSet<>();
        for (Ref r : refs) {
            Object top = r.path().get(0);
            if (r.kind() == Kind.ENDPOINT || r.kind() == Kind.REQUIRED_EXTENSION) {
                out.add(Set.of(r.target()));
            } else if (r.path().size() == 2 && lists.contains(top)) {
                listTargets.computeIfAbsent((String) top, k -> new HashSet<>()).add(r.target());
            } else if (r.path().size() == 1 && oneOf.contains(top)) {
                oneOfTargets.add(r.target());
            }
        }
        listTargets.values().forEach(t -> out.add(Set.copyOf(t)));
        if (!oneOfTargets.isEmpty()) {
            out.add(Set.copyOf(oneOfTargets));
        }
        return out;
    }

    private static List<Object> append(List<Object> path, Object step) {
        List<Object> p = new ArrayList<>(path.size() + 1);
        p.addAll(path);
        p.add(step);
        return p;
    }
}
