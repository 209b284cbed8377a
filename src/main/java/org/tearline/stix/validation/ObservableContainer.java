package org.tearline.stix.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The deprecated observable container of observed-data {@code objects} (section 2.13): a
 * non-empty dictionary of cyber-observable objects keyed by local references. Its members may
 * be STIX 2.0 style objects (no id, no spec_version), so only their basic shape is checked.
 */
final class ObservableContainer {

    static final ValueCheck CHECK = Checks.typed(DataType.simple("observable-objects"), ObservableContainer::check);

    private ObservableContainer() {}

    private static void check(JsonNode v, String path, Report r) {
        if (!v.isObject()) {
            Checks.wrongType(v, "a dictionary of cyber-observable objects", path, r);
            return;
        }
        if (v.isEmpty()) {
            r.add(path, Rules.EMPTY_DICTIONARY, "objects must contain at least one object");
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> it = v.properties().iterator();
        while (it.hasNext() && !r.full()) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = Paths.key(path, e.getKey());
            JsonNode o = e.getValue();
            if (!o.isObject()) {
                Checks.wrongType(o, "a cyber-observable object", p, r);
                continue;
            }
            JsonNode type = o.get("type");
            if (type == null) {
                r.add(Paths.child(p, "type"), Rules.REQUIRED_PROPERTY, "a contained object requires property 'type'");
            } else if (!type.isTextual()) {
                Checks.wrongType(type, "a string", Paths.child(p, "type"), r);
            }
            Checks.ANY.check(o, p, r);
        }
    }
}
