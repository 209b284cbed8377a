package org.tearline.stix.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Decides which common properties a custom object (a type the spec does not define) must have.
 * An extension definition with {@code extension_type} new-sco makes it an SCO, new-sdo or
 * new-sro an SDO/SRO (section 7.3). Without such a declaration (deprecated custom objects,
 * section 11.2), an object carrying created or modified is taken as a versioned SDO-like object
 * and one carrying neither as an SCO-like object.
 */
final class CustomObjects {

    private CustomObjects() {}

    static ObjectType classify(ObjectNode object) {
        JsonNode extensions = object.get("extensions");
        if (extensions != null && extensions.isObject()) {
            for (JsonNode ext : extensions) {
                String et = ext.path("extension_type").asText("");
                if (et.equals("new-sco")) {
                    return TypeRegistry.customSco();
                }
                if (et.equals("new-sdo") || et.equals("new-sro")) {
                    return TypeRegistry.customSdo();
                }
            }
        }
        if (object.has("created") || object.has("modified")) {
            return TypeRegistry.customSdo();
        }
        return TypeRegistry.customSco();
    }
}
