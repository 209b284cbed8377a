package org.tearline.stix.validation;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Every object type of the specification with its complete property table, built once. Custom
 * types get the common properties of their kind: {@link #customSdo()} and {@link #customSco()}.
 */
final class TypeRegistry {

    private static final Map<String, String> PREDEFINED_EXTENSION_OWNERS = new HashMap<>();
    private static final Map<String, ObjectType> TYPES = build();
    private static final ObjectType CUSTOM_SDO = new ObjectType(
            "custom object",
            Category.SDO,
            withCommonRules(CommonShapes.sdo("custom object"), "custom object", Category.SDO, Map.of()),
            Map.of(),
            Set.of());
    private static final ObjectType CUSTOM_SCO = new ObjectType(
            "custom object",
            Category.SCO,
            withCommonRules(CommonShapes.sco("custom object"), "custom object", Category.SCO, Map.of()),
            Map.of(),
            Set.of());

    private TypeRegistry() {}

    private static Map<String, ObjectType> build() {
        Map<String, ObjectType> types = new HashMap<>();
        for (Observables.Sco sco : Observables.scos()) {
            for (String key : sco.extensions().keySet()) {
                PREDEFINED_EXTENSION_OWNERS.put(key, sco.shape().name());
            }
        }
        for (Shape s : DomainObjects.sdos()) {
            put(types, s, Category.SDO, Map.of(), Set.of());
        }
        for (Shape s : DomainObjects.sros()) {
            put(types, s, Category.SRO, Map.of(), Set.of());
        }
        for (Observables.Sco sco : Observables.scos()) {
            put(types, sco.shape(), Category.SCO, sco.extensions(), sco.idContributing());
        }
        Shape lc = MetaObjects.languageContent().build();
        put(types, lc, Category.META, Map.of(), Set.of());
        Shape md = MetaObjects.markingDefinition().build();
        put(types, md, Category.META, Map.of(), Set.of());
        Shape ed = MetaObjects.extensionDefinition().build();
        put(types, ed, Category.META, Map.of(), Set.of());
        return Map.copyOf(types);
    }

    private static void put(
            Map<String, ObjectType> types,
            Shape base,
            Category category,
            Map<String, Shape> extensions,
            Set<String> idContributing) {
        Shape shape = withCommonRules(base.toBuilder(base.name()), base.name(), category, extensions);
        types.put(base.name(), new ObjectType(base.name(), category, shape, extensions, idContributing));
    }

    private static Shape withCommonRules(
            Shape.Builder b, String name, Category category, Map<String, Shape> extensions) {
        return b.optional("extensions", Extensions.forType(name, category, extensions, PREDEFINED_EXTENSION_OWNERS))
                .rule(GranularMarkings.SELECTORS)
                .build();
    }

    /** The spec's definition of {@code type}, or null for a custom type. */
    static ObjectType get(String type) {
        return TYPES.get(type);
    }

    /** Custom SDOs and SROs: the SDO/SRO common properties, any custom properties. */
    static ObjectType customSdo() {
        return CUSTOM_SDO;
    }

    /** Custom SCOs: the SCO common properties, any custom properties. */
    static ObjectType customSco() {
        return CUSTOM_SCO;
    }
}
