package org.tearline.stix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Tearline's warning extension: a STIX 2.1 property extension on a {@code report} that makes it
 * a warning. It keeps the confidence in the threat apart from the confidence in its timing, so
 * a partner never reads a partial or late warning as a weak one, and it says whether the
 * warning is active, its window lapsed (still active: the threat is considered current until
 * retired), or retired and why. Its extension-definition, with the JSON schema, has a fixed id
 * and is published with every release view.
 */
public final class WarningExtension {

    /** The extension-definition's id. */
    public static final String ID = "extension-definition--4f6a1c2e-8b3d-4e5f-9a7b-0c1d2e3f4a5b";
    /** The identity that publishes the extension-definition (the Tearline project). */
    public static final String AUTHOR_ID = "identity--0b7c9d2e-3f4a-4b5c-8d6e-7f8a9b0c1d2e";

    /** Statuses partners see. */
    public static final String ACTIVE = "active";

    public static final String WINDOW_LAPSED = "window-lapsed";
    public static final String RETIRED = "retired";
    /** The status of a warning not yet approved; never released. */
    public static final String DRAFT = "draft";

    public static final Set<String> URGENCIES = Set.of("immediate", "high", "moderate", "low");
    public static final Set<String> RETIREMENT_REASONS =
            Set.of("occurred", "averted", "no-longer-credible", "superseded");

    private static final String CREATED = "2026-11-01T00:00:00.000Z";

    private WarningExtension() {}

    /** True when an object carries the extension. */
    public static boolean isWarning(JsonNode object) {
        return object.path("extensions").has(ID);
    }

    /** The extension's properties on a report, if present. */
    public static Optional<ObjectNode> of(JsonNode report) {
        JsonNode e = report.path("extensions").get(ID);
        return e instanceof ObjectNode o ? Optional.of(o) : Optional.empty();
    }

    /**
     * What is wrong with a report as a warning: it must be a report with the extension, with
     * both confidences (0 to 100), an urgency, and, when given, a window that is a pair of
     * timestamps in order.
     */
    public static List<String> problems(JsonNode report) {
        List<String> out = new ArrayList<>();
        if (!"report".equals(report.path("type").asText())) {
            out.add("a warning is a STIX report; this is a '"
                    + report.path("type").asText() + "'");
            return out;
        }
        Optional<ObjectNode> ext = of(report);
        if (ext.isEmpty()) {
            out.add("the report has no warning extension (extensions." + ID + ")");
            return out;
        }
        ObjectNode e = ext.get();
        for (String c : List.of("threat_confidence", "timing_confidence")) {
            JsonNode v = e.get(c);
            if (v == null || !v.isIntegralNumber() || v.asInt() < 0 || v.asInt() > 100) {
                out.add(c + " is required: a whole number from 0 to 100");
            }
        }
        if (!URGENCIES.contains(e.path("urgency").asText())) {
            out.add("urgency is required: one of "
                    + String.join(", ", URGENCIES.stream().sorted().toList()));
        }
        Optional<Instant> start = time(e, "threat_window_start");
        Optional<Instant> end = time(e, "threat_window_end");
        for (String w : List.of("threat_window_start", "threat_window_end")) {
            if (e.has(w) && time(e, w).isEmpty()) {
                out.add(w + " must be a STIX timestamp");
            }
        }
        if (start.isPresent() && end.isPresent() && !end.get().isAfter(start.get())) {
            out.add("threat_window_end must be after threat_window_start");
        }
        return out;
    }

    /** A timestamp property of the extension. */
    public static Optional<Instant> time(JsonNode ext, String property) {
        JsonNode v = ext.get(property);
        return v != null && v.isTextual() ? StixTimestamp.parse(v.asText()) : Optional.empty();
    }

    /** The extension-definition object, published with every view. */
    public static ObjectNode definition() {
        ObjectNode d = StixJson.mapper().createObjectNode();
        d.put("type", "extension-definition");
        d.put("spec_version", "2.1");
        d.put("id", ID);
        d.put("created_by_ref", AUTHOR_ID);
        d.put("created", CREATED);
        d.put("modified", CREATED);
        d.put("name", "Tearline warning");
        d.put(
                "description",
                "Makes a report a warning: the threat window, confidence in the"
                        + " threat and in its timing kept apart, urgency, and status (active, window"
                        + " lapsed, retired with a reason). A lapsed window does not retire a warning:"
                        + " the threat is considered current until the producer retires it.");
        d.put("schema", SCHEMA);
        d.put("version", "1.0.0");
        d.putArray("extension_types").add("property-extension");
        return d;
    }

    /** The identity that publishes the definition. */
    public static ObjectNode author() {
        ObjectNode i = StixJson.mapper().createObjectNode();
        i.put("type", "identity");
        i.put("spec_version", "2.1");
        i.put("id", AUTHOR_ID);
        i.put("created", CREATED);
        i.put("modified", CREATED);
        i.put("name", "Tearline");
        i.put("identity_class", "system");
        return i;
    }

    /** The extension's JSON schema, carried in the definition's {@code schema} property. */
    static final String SCHEMA = """
            {"$schema": "https://json-schema.org/draft/2020-12/schema",
             "title": "Tearline warning extension",
             "type": "object",
             "required": ["extension_type", "threat_confidence", "timing_confidence",
                          "urgency", "status"],
             "properties": {
               "extension_type": {"const": "property-extension"},
               "threat_window_start": {"type": "string", "format": "date-time"},
               "threat_window_end": {"type": "string", "format": "date-time"},
               "threat_confidence": {"type": "integer", "minimum": 0, "maximum": 100,
                 "description": "Confidence that the threat is real."},
               "timing_confidence": {"type": "integer", "minimum": 0, "maximum": 100,
                 "description": "Confidence in the threat window, apart from the threat."},
               "urgency": {"enum": ["immediate", "high", "moderate", "low"]},
               "status": {"enum": ["active", "window-lapsed", "retired"],
                 "description": "window-lapsed: the window ended but the threat is still
                   considered current, until retired."},
               "retirement_reason": {"enum": ["occurred", "averted", "no-longer-credible",
                 "superseded"]},
               "material_withheld": {"type": "boolean",
                 "description": "True when the producer withheld part of the material behind
                   this warning from this recipient, to protect sources and methods."}
             }}""".replaceAll("\\s+", " ").trim();
}
