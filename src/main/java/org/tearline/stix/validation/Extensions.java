package org.tearline.stix.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;
import org.tearline.stix.StixTypes;
import org.tearline.stix.vocab.Vocabularies;

/**
 * The {@code extensions} property (sections 3.2, 3.10, 7.3 and 11.3). Keys are extension
 * definition ids (the extension facility: {@code extension_type} is then required), the names
 * of the type's predefined extensions (checked against their own tables), or, on SCOs only,
 * deprecated custom extension names ending in {@code -ext}.
 */
final class Extensions {

    private Extensions() {}

    /**
     * The check for one object type.
     *
     * @param type        the object type, for messages and the new-object rule
     * @param category    the object's category; custom extensions are only allowed on SCOs
     * @param predefined  the type's predefined extensions by key
     * @param allPredefined every predefined extension key of the spec, with the type it is for
     */
    static ValueCheck forType(
            String type, Category category, Map<String, Shape> predefined, Map<String, String> allPredefined) {
        return Checks.typed(DataType.simple("extensions"), (v, path, r) -> {
            if (!v.isObject()) {
                Checks.wrongType(v, "a dictionary of extensions", path, r);
                return;
            }
            if (v.isEmpty()) {
                r.add(path, Rules.EMPTY_DICTIONARY, "extensions must have at least one entry");
                return;
            }
            Iterator<Map.Entry<String, JsonNode>> it = v.properties().iterator();
            while (it.hasNext() && !r.full()) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                String p = Paths.key(path, key);
                JsonNode ext = e.getValue();
                if (!ext.isObject()) {
                    Checks.wrongType(ext, "an object holding the extension's properties", p, r);
                    continue;
                }
                Shape shape = predefined.get(key);
                if (Formats.extensionDefinitionId(key)) {
                    definedExtension(type, (ObjectNode) ext, p, r);
                } else if (shape != null) {
                    shape.validate((ObjectNode) ext, p, r);
                } else if (allPredefined.containsKey(key)) {
                    r.add(
                            p,
                            Rules.EXTENSION,
                            "extension '" + key + "' is defined for " + allPredefined.get(key) + " objects, not "
                                    + type);
                } else if (category != Category.SCO) {
                    r.add(
                            p,
                            Rules.EXTENSION,
                            "extension key " + Quote.text(key) + " must be an "
                                    + "extension-definition id: custom extensions are only allowed on "
                                    + "SCOs (section 11.3)");
                } else if (!Formats.customExtensionName(key)) {
                    r.add(
                            p,
                            Rules.EXTENSION,
                            "custom extension name " + Quote.text(key)
                                    + " must use only a-z, 0-9 and '-', end with '-ext' and be 3 to"
                                    + " 250 characters long (section 11.3.1)");
                } else {
                    customExtension((ObjectNode) ext, p, r);
                }
            }
        });
    }

    private static void definedExtension(String type, ObjectNode ext, String path, Report r) {
        JsonNode et = ext.get("extension_type");
        String etPath = Paths.child(path, "extension_type");
        if (et == null) {
            r.add(
                    etPath,
                    Rules.EXTENSION_TYPE,
                    "an extension keyed by an extension-definition " + "id requires 'extension_type' (section 3.2)");
        } else if (!et.isTextual()) {
            Checks.wrongType(et, "a string from extension-type-enum", etPath, r);
        } else if (!Vocabularies.EXTENSION_TYPE.contains(et.textValue())) {
            r.add(
                    etPath,
                    Rules.EXTENSION_TYPE,
                    Quote.text(et.textValue())
                            + " is not a value of extension-type-enum "
                            + new TreeSet<>(Vocabularies.EXTENSION_TYPE));
        } else if (et.textValue().startsWith("new-") && StixTypes.isSpecDefined(type)) {
            r.add(
                    etPath,
                    Rules.EXTENSION_TYPE,
                    "extension_type '" + et.textValue()
                            + "' defines a new object type, but " + type + " is defined by the "
                            + "specification and must not be redefined (section 7.3)");
        }
        Iterator<Map.Entry<String, JsonNode>> it = ext.properties().iterator();
        while (it.hasNext() && !r.full()) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getKey().equals("extension_type")) {
                Checks.customProperty(f.getKey(), f.getValue(), path, r);
            }
        }
    }

    private static void customExtension(ObjectNode ext, String path, Report r) {
        if (ext.isEmpty()) {
            r.add(path, Rules.EXTENSION, "a custom extension must have at least one property " + "(section 11.3.1)");
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> it = ext.properties().iterator();
        while (it.hasNext() && !r.full()) {
            Map.Entry<String, JsonNode> f = it.next();
            Checks.customProperty(f.getKey(), f.getValue(), path, r);
        }
    }
}
