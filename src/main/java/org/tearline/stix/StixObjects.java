package org.tearline.stix;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/** Facts about a (validated) STIX object that storage and TAXII need. */
public final class StixObjects {

    private StixObjects() {}

    /**
     * The object's version: {@code modified}, else {@code created}. Empty for objects without
     * either (most cyber-observables), whose version is then the time they were added.
     */
    public static Optional<Instant> version(JsonNode object) {
        Optional<Instant> modified = timestamp(object, "modified");
        return modified.isPresent() ? modified : timestamp(object, "created");
    }

    /** The object's spec_version; cyber-observables without one are STIX 2.1. */
    public static String specVersion(JsonNode object) {
        JsonNode v = object.get("spec_version");
        return v != null && v.isTextual() ? v.asText() : "2.1";
    }

    private static Optional<Instant> timestamp(JsonNode object, String property) {
        JsonNode v = object.get(property);
        return v != null && v.isTextual() ? StixTimestamp.parse(v.asText()) : Optional.empty();
    }
}
