package org.tearline.stix.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tearline.stix.StixId;
import org.tearline.stix.StixTypes;

/**
 * Checks STIX 2.1 objects against the MUST-level rules of the specification. Pure and
 * thread-safe: one instance serves every request.
 *
 * <p>Every violation of an object is reported (up to 50), each naming the object, the property
 * path and a stable rule name from {@link Rules}. Open vocabularies accept any value; closed
 * enumerations, value formats, references, timestamps, markings and extensions are checked as
 * the specification prescribes. Only STIX 2.1 is accepted.
 */
public final class StixValidator {

    /** The only spec_version this server takes. */
    public static final String SPEC_VERSION = "2.1";

    private static final String NO_ID = "(no id)";

    /** Creates a validator; all state is shared and immutable, so instances are cheap. */
    public StixValidator() {}

    /** Validates one STIX object (not a bundle). An empty list means the object is valid. */
    public List<Violation> validate(JsonNode object) {
        Report report = new Report(objectId(object));
        validateInto(object, "", report);
        return report.violations();
    }

    /** Validates a bundle: its own shape and every object in it. */
    public List<Violation> validateBundle(JsonNode bundle) {
        String bundleId = objectId(bundle);
        Report own = new Report(bundleId);
        List<Violation> all = new ArrayList<>();
        if (bundle == null || !bundle.isObject()) {
            own.add("", Rules.NOT_AN_OBJECT, "a bundle must be a JSON object, found " + Quote.kind(bundle));
            return own.violations();
        }
        JsonNode type = bundle.get("type");
        if (type == null) {
            own.add("type", Rules.REQUIRED_PROPERTY, "a bundle requires property 'type'");
        } else if (!"bundle".equals(type.asText(null)) || !type.isTextual()) {
            own.add("type", Rules.BUNDLE, "a bundle's type must be 'bundle', not " + Quote.value(type));
        }
        JsonNode id = bundle.get("id");
        if (id == null) {
            own.add("id", Rules.REQUIRED_PROPERTY, "a bundle requires property 'id'");
        } else if (!id.isTextual()) {
            Checks.wrongType(id, "an identifier string", "id", own);
        } else {
            checkId(id, "bundle", "id", own);
        }
        JsonNode objects = bundle.get("objects");
        var fields = bundle.fieldNames();
        while (fields.hasNext()) {
            String f = fields.next();
            if (!f.equals("type") && !f.equals("id") && !f.equals("objects")) {
                // A STIX 2.0 bundle carried spec_version; section 8.1 no longer lists it, but
                // nothing forbids it, and the objects inside carry their own spec_version.
                if (!f.equals("spec_version")) {
                    Checks.customProperty(f, bundle.get(f), "", own);
                }
            }
        }
        if (objects != null) {
            if (!objects.isArray()) {
                Checks.wrongType(objects, "a list of STIX objects", "objects", own);
            } else if (objects.isEmpty()) {
                own.add("objects", Rules.EMPTY_LIST, "objects is empty; omit it instead " + "(section 2.12)");
            }
        }
        all.addAll(own.violations());
        if (objects != null && objects.isArray()) {
            for (int i = 0; i < objects.size(); i++) {
                JsonNode o = objects.get(i);
                Report r = new Report(objectId(o));
                if (!o.isObject()) {
                    r.add(
                            "objects[" + i + "]",
                            Rules.NOT_AN_OBJECT,
                            "objects[" + i + "] must " + "be a STIX object (a JSON object), found " + Quote.kind(o));
                } else if ("bundle".equals(o.path("type").asText(null))) {
                    r.add("objects[" + i + "]", Rules.BUNDLE, "a bundle must not contain a bundle (section 8.1)");
                } else {
                    validateInto(o, "", r);
                }
                all.addAll(r.violations());
            }
        }
        return List.copyOf(all);
    }

    /**
     * Validates any STIX content: a bundle, a single object, or a JSON list of objects (as some
     * feeds serve). Convenience for importers.
     */
    public List<Violation> validateContent(JsonNode content) {
        if (content != null && content.isArray()) {
            List<Violation> all = new ArrayList<>();
            if (content.isEmpty()) {
                all.add(new Violation(NO_ID, "", Rules.EMPTY_LIST, "the list holds no objects"));
            }
            for (JsonNode o : content) {
                all.addAll(
                        o.isObject() && "bundle".equals(o.path("type").asText(null)) ? validateBundle(o) : validate(o));
            }
            return List.copyOf(all);
        }
        if (content != null
                && content.isObject()
                && "bundle".equals(content.path("type").asText(null))) {
            return validateBundle(content);
        }
        return validate(content);
    }

    private void validateInto(JsonNode node, String path, Report report) {
        if (node == null || !node.isObject()) {
            report.add(path, Rules.NOT_AN_OBJECT, "a STIX object must be a JSON object, found " + Quote.kind(node));
            return;
        }
        ObjectNode object = (ObjectNode) node;
        JsonNode typeNode = object.get("type");
        if (typeNode == null) {
            report.add("type", Rules.REQUIRED_PROPERTY, "every STIX object requires 'type'");
            return;
        }
        if (!typeNode.isTextual()) {
            Checks.wrongType(typeNode, "a string", "type", report);
            return;
        }
        String type = typeNode.textValue();
        // StixId admits a leading digit; section 3.1 wants type names to begin with a letter.
        if (!StixId.isValidTypeName(type) || type.charAt(0) < 'a' || type.charAt(0) > 'z') {
            report.add(
                    "type",
                    Rules.TYPE_NAME,
                    "type " + Quote.text(type) + " must be 3 to 250 "
                            + "characters of a-z, 0-9 and '-', start with a letter, end with a letter or"
                            + " digit and have no '--' (sections 3.1, 11.2)");
            JsonNode id = object.get("id");
            if (id != null) {
                checkId(id, null, "id", report);
            }
            return;
        }
        if (type.equals("bundle")) {
            report.add("type", Rules.TYPE_NAME, "a bundle is not a STIX object; validate it as a " + "bundle");
            return;
        }
        ObjectType spec = TypeRegistry.get(type);
        if (spec == null) {
            spec = CustomObjects.classify(object);
        }
        JsonNode id = object.get("id");
        if (id != null) {
            checkId(id, type, "id", report);
            if (spec.category() == Category.SCO) {
                checkScoUuid(object, id, spec, report);
            }
        }
        JsonNode version = object.get("spec_version");
        // A non-string spec_version is reported by the shape as a type error.
        if (version != null && version.isTextual() && !version.textValue().equals(SPEC_VERSION)) {
            report.add(
                    "spec_version",
                    Rules.SPEC_VERSION,
                    "spec_version "
                            + Quote.value(version) + " is not accepted: this server takes STIX "
                            + SPEC_VERSION + " only");
        }
        spec.shape().validate(object, path, report);
    }

    /**
     * True if {@code object} is an SCO of a type the specification defines and has none of its
     * type's ID contributing properties (section 3.4), so that section 2.9 wants its id to be a
     * UUIDv4. For the release engine, whose derived ids are version 5.
     */
    public static boolean withoutIdContributingProperties(JsonNode object) {
        ObjectType spec =
                object == null ? null : TypeRegistry.get(object.path("type").asText());
        if (spec == null || spec.category() != Category.SCO) {
            return false;
        }
        for (String p : spec.idContributing()) {
            if (object.has(p)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Section 2.9: type--UUID with the object's type and an RFC 4122 UUID. A non-string id is
     * left to the shape, which reports it as a type error.
     */
    private static void checkId(JsonNode id, String type, String path, Report report) {
        if (!id.isTextual()) {
            return;
        }
        String s = id.textValue();
        Optional<Ids.Id> parsed = Ids.parse(s);
        if (parsed.isEmpty()) {
            report.add(
                    path, Rules.IDENTIFIER_FORMAT, Quote.text(s) + " is not an identifier " + "of the form type--UUID");
            return;
        }
        if (!parsed.get().rfc4122()) {
            report.add(
                    path,
                    Rules.IDENTIFIER_FORMAT,
                    Quote.text(s) + " does not hold an RFC " + "4122 UUID (variant 10x, version 1 to 5)");
        }
        if (type != null && !parsed.get().type().equals(type)) {
            report.add(
                    path,
                    Rules.ID_TYPE_MISMATCH,
                    "id " + Quote.text(s) + " must start with " + "the object's type and two hyphens, "
                            + Quote.text(type + "--"));
        }
    }

    /**
     * Section 2.9: an SCO whose ID contributing properties are all optional and all absent
     * must use a UUIDv4 (a UUIDv5 would name nothing).
     */
    private static void checkScoUuid(ObjectNode object, JsonNode id, ObjectType spec, Report report) {
        if (!StixTypes.isSco(spec.name())) {
            return;
        }
        for (String p : spec.idContributing()) {
            if (object.has(p)) {
                return;
            }
        }
        for (String required : spec.shape().required()) {
            if (spec.idContributing().contains(required)) {
                return;
            }
        }
        Optional<Ids.Id> parsed = Ids.parse(id.asText());
        if (parsed.isPresent()
                && parsed.get().uuid().version() != 4
                && parsed.get().uuid().variant() == 2) {
            report.add(
                    "id",
                    Rules.IDENTIFIER_FORMAT,
                    "a " + spec.name() + " without any ID "
                            + "contributing property must use a UUIDv4, not version "
                            + parsed.get().uuid().version() + " (section 2.9)");
        }
    }

    private static String objectId(JsonNode node) {
        if (node != null && node.isObject()) {
            JsonNode id = node.get("id");
            if (id != null && id.isTextual() && !id.textValue().isEmpty()) {
                String s = id.textValue();
                return s.length() <= 300 && s.chars().allMatch(c -> c > 0x20 && c < 0x7f) ? s : Quote.text(s);
            }
        }
        return NO_ID;
    }
}
