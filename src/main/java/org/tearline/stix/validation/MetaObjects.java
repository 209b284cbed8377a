package org.tearline.stix.validation;

import static org.tearline.stix.validation.Checks.STRING;
import static org.tearline.stix.validation.Checks.TIMESTAMP;
import static org.tearline.stix.validation.Checks.enumeration;
import static org.tearline.stix.validation.Checks.list;
import static org.tearline.stix.validation.Checks.ref;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import org.tearline.stix.vocab.LanguageTags;
import org.tearline.stix.vocab.Vocabularies;

/** The STIX Meta Objects of section 7 (marking rules are in {@link MarkingDefinitions}). */
final class MetaObjects {

    private MetaObjects() {}

    /** Section 7.1. */
    static Shape.Builder languageContent() {
        return CommonShapes.languageContent()
                .required("object_ref", ref(RefTypes.ANY))
                .optional("object_modified", TIMESTAMP)
                .required("contents", Checks.typed(DataType.simple("language-contents"), MetaObjects::contents));
    }

    /** Section 7.2.1. */
    static Shape.Builder markingDefinition() {
        return CommonShapes.markingDefinition()
                .optional("name", STRING)
                .optional("definition_type", STRING)
                .optional("definition", MarkingDefinitions.DEFINITION_TYPE_CHECK)
                .rule(MarkingDefinitions.RULE);
    }

    /** Section 7.3. */
    static Shape.Builder extensionDefinition() {
        return CommonShapes.extensionDefinition()
                .required("name", STRING)
                .optional("description", STRING)
                .required("schema", STRING)
                .required("version", STRING)
                .required("extension_types", list(enumeration("extension-type-enum", Vocabularies.EXTENSION_TYPE)))
                .optional("extension_properties", list(STRING))
                .rule((node, path, r) -> {
                    // Section 7.3.1: only with toplevel-property-extension.
                    JsonNode types = node.get("extension_types");
                    if (!node.has("extension_properties") || types == null || !types.isArray()) {
                        return;
                    }
                    for (JsonNode t : types) {
                        if ("toplevel-property-extension".equals(t.asText())) {
                            return;
                        }
                    }
                    r.add(
                            Paths.child(path, "extension_properties"),
                            Rules.DEPENDENT_PROPERTY,
                            "extension_properties may only be used when extension_types "
                                    + "includes 'toplevel-property-extension'");
                });
    }

    /**
     * language-content {@code contents}: keys are RFC 5646 language tags, values are
     * dictionaries from property names of the referenced object to translated content.
     */
    private static void contents(JsonNode v, String path, Report r) {
        if (!v.isObject()) {
            Checks.wrongType(v, "a dictionary keyed by language", path, r);
            return;
        }
        if (v.isEmpty()) {
            r.add(path, Rules.EMPTY_DICTIONARY, "contents must have at least one language");
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> it = v.properties().iterator();
        while (it.hasNext() && !r.full()) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = Paths.key(path, e.getKey());
            if (!LanguageTags.isValid(e.getKey())) {
                r.add(
                        p,
                        Rules.DICTIONARY_KEY,
                        "contents key " + Quote.text(e.getKey()) + " is not an RFC 5646 language tag");
            }
            JsonNode translations = e.getValue();
            if (!translations.isObject()) {
                Checks.wrongType(translations, "a dictionary of translated properties", p, r);
                continue;
            }
            if (translations.isEmpty()) {
                r.add(p, Rules.EMPTY_DICTIONARY, "the translations dictionary is empty");
                continue;
            }
            Iterator<Map.Entry<String, JsonNode>> t = translations.properties().iterator();
            while (t.hasNext() && !r.full()) {
                Map.Entry<String, JsonNode> f = t.next();
                String fp = Paths.key(p, f.getKey());
                if (!Formats.propertyName(f.getKey())) {
                    r.add(
                            fp,
                            Rules.DICTIONARY_KEY,
                            Quote.text(f.getKey()) + " is not a "
                                    + "property name, so it cannot name a translated property");
                }
                translatedValue(f.getValue(), fp, r);
            }
        }
    }

    /** Translations are strings, lists of them (with "" for untranslated items) or objects. */
    private static void translatedValue(JsonNode v, String path, Report r) {
        if (v.isTextual()) {
            return;
        }
        if (v.isArray()) {
            if (v.isEmpty()) {
                r.add(path, Rules.EMPTY_LIST, "the list of translations is empty");
            }
            for (int i = 0; i < v.size(); i++) {
                translatedValue(v.get(i), Paths.index(path, i), r);
            }
        } else if (v.isObject()) {
            Checks.ANY.check(v, path, r);
        } else {
            Checks.wrongType(v, "translated text (a string, list or object)", path, r);
        }
    }
}
