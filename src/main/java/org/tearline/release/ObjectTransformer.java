package org.tearline.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tearline.stix.Tlp;

/**
 * Applies one policy's marking actions to one object: object-level markings to every content
 * property, granular markings to the properties, list items and nested properties their
 * selectors pick, the most restrictive action winning. Records what it did to each path, and
 * where each kept path ended up, so granular-marking selectors can follow.
 */
final class ObjectTransformer {

    /** Properties that make an object what it is; object-level actions leave them alone. */
    static final Set<String> STRUCTURAL = Set.of(
            "type",
            "spec_version",
            "id",
            "created",
            "modified",
            "created_by_ref",
            "revoked",
            "object_marking_refs",
            "granular_markings");

    private static final Set<String> LOCATION_PROPERTIES = Set.of(
            "name",
            "description",
            "latitude",
            "longitude",
            "precision",
            "region",
            "country",
            "administrative_area",
            "city",
            "street_address",
            "postal_code");

    /** An action with the marking and the rule that decided it. */
    record Mark(Action action, String marking, String rule) {

        static final Mark RELEASE = new Mark(Action.RELEASE, null, null);

        Mark and(Mark other) {
            return other == null || action.compareTo(other.action) >= 0 ? this : other;
        }
    }

    /** The outcome for one object. */
    record Result(
            ObjectNode object, List<Explanation.Decision> decisions, boolean reduced, Explanation.Decision withheld) {}

    private final Policy policy;

    ObjectTransformer(Policy policy) {
        this.policy = policy;
    }

    Result transform(ObjectNode source) {
        String type = source.path("type").asText();
        List<Explanation.Decision> decisions = new ArrayList<>();
        if (!policy.admits(type)) {
            return withheld(decisions, "", null, "admit.types does not list '" + type + "'");
        }
        List<String> objectMarkings = strings(source.get("object_marking_refs"));
        Optional<Explanation.Decision> aboveCeiling = ceiling(objectMarkings, "");
        if (aboveCeiling.isPresent()) {
            decisions.add(aboveCeiling.get());
            return new Result(null, decisions, true, aboveCeiling.get());
        }
        Mark base = objectMark(objectMarkings);
        if (base.action() == Action.WITHHOLD) {
            return withheld(decisions, "", base.marking(), base.rule());
        }
        if (base.action() != Action.RELEASE) {
            decisions.add(new Explanation.Decision("", base.action(), base.marking(), base.rule()));
        }
        Map<List<Object>, Mark> marks = granularMarks(source.get("granular_markings"));
        // A granular withhold drops the object wherever its selector points, even inside a
        // property another marking already redacts or generalises (the walk below would not
        // reach it there).
        for (Map.Entry<List<Object>, Mark> m : marks.entrySet()) {
            if (m.getValue().action() == Action.WITHHOLD) {
                return withheld(
                        decisions,
                        Selectors.render(m.getKey()),
                        m.getValue().marking(),
                        m.getValue().rule());
            }
        }
        Builder b = new Builder(source, marks, decisions);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> it = source.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (name.equals("object_marking_refs") || name.equals("granular_markings")) {
                continue;
            }
            Mark inherited = STRUCTURAL.contains(name) ? Mark.RELEASE : base;
            List<Object> path = List.of(name);
            b.node(e.getValue(), path, path, inherited, name).ifPresent(v -> out.set(name, v));
            if (b.withheld != null) {
                return new Result(null, decisions, true, b.withheld);
            }
        }
        List<String> keptMarkings = new ArrayList<>();
        for (String m : objectMarkings) {
            if (keepsMarking(m)) {
                keptMarkings.add(m);
            }
        }
        if (!keptMarkings.isEmpty()) {
            ArrayNode refs = out.putArray("object_marking_refs");
            keptMarkings.forEach(refs::add);
        }
        ArrayNode granular = granularOut(source.get("granular_markings"), b.mapping);
        if (granular.size() > 0) {
            out.set("granular_markings", granular);
        }
        return new Result(out, decisions, b.reduced, null);
    }

    private Result withheld(List<Explanation.Decision> decisions, String path, String marking, String rule) {
        Explanation.Decision d = new Explanation.Decision(path, Action.WITHHOLD, marking, rule);
        decisions.add(d);
        return new Result(null, decisions, true, d);
    }

    private Optional<Explanation.Decision> ceiling(List<String> markings, String path) {
        if (policy.tlpCeiling().isEmpty()) {
            return Optional.empty();
        }
        Tlp limit = policy.tlpCeiling().get();
        for (String m : markings) {
            Optional<Tlp> level = Tlp.ofMarkingId(m);
            if (level.isPresent() && !level.get().atMost(limit)) {
                return Optional.of(new Explanation.Decision(
                        path,
                        path.isEmpty() ? Action.WITHHOLD : Action.REDACT,
                        Markings.nameOf(m),
                        "admit.tlp: " + "tlp:" + level.get().label() + " is above the ceiling tlp:" + limit.label()));
            }
        }
        return Optional.empty();
    }

    /** The most restrictive action of the object-level markings, or the unmarked rule. */
    private Mark objectMark(List<String> markings) {
        if (markings.isEmpty()) {
            return new Mark(
                    policy.unmarked(), null, "unmarked: " + policy.unmarked().label());
        }
        Mark mark = Mark.RELEASE;
        for (String m : markings) {
            mark = mark.and(markFor(m));
        }
        return mark;
    }

    private Mark markFor(String markingId) {
        Policy.MarkingRule r = policy.ruleFor(markingId);
        String rule = policy.markingRules().containsKey(markingId)
                ? "markings." + r.name() + ": " + r.action().label()
                : "unlisted: " + r.action().label();
        return new Mark(r.action(), Markings.nameOf(markingId), rule);
    }

    private Map<List<Object>, Mark> granularMarks(JsonNode granular) {
        Map<List<Object>, Mark> marks = new HashMap<>();
        if (granular == null || !granular.isArray()) {
            return marks;
        }
        for (JsonNode g : granular) {
            String ref = g.path("marking_ref").asText(null);
            if (ref == null) {
                continue;
            }
            Mark mark = markFor(ref);
            Optional<Explanation.Decision> above = ceiling(List.of(ref), "granular");
            if (above.isPresent()) {
                mark = mark.and(new Mark(
                        Action.REDACT, above.get().marking(), above.get().rule()));
            }
            for (String selector : strings(g.get("selectors"))) {
                Optional<List<Object>> path = Selectors.parse(selector);
                // The validator refused unresolvable selectors at ingest; a malformed one here
                // can only mean damaged data, and damaged data is not released.
                List<Object> key = path.orElse(List.of(selector));
                marks.merge(key, mark, Mark::and);
            }
        }
        return marks;
    }

    private boolean keepsMarking(String markingId) {
        // TLP is a handling instruction for the recipient: it stays on whatever is released.
        return Tlp.ofMarkingId(markingId).isPresent()
                || policy.ruleFor(markingId).action() == Action.RELEASE;
    }

    private ArrayNode granularOut(JsonNode granular, Map<List<Object>, List<Object>> mapping) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        if (granular == null || !granular.isArray()) {
            return out;
        }
        for (JsonNode g : granular) {
            String ref = g.path("marking_ref").asText(null);
            if (ref != null && !keepsMarking(ref)) {
                continue;
            }
            List<String> selectors = new ArrayList<>();
            for (String s : strings(g.get("selectors"))) {
                Selectors.parse(s).map(mapping::get).map(Selectors::render).ifPresent(selectors::add);
            }
            if (selectors.isEmpty()) {
                continue;
            }
            ObjectNode copy = ((ObjectNode) g).deepCopy();
            ArrayNode sel = copy.putArray("selectors");
            selectors.forEach(sel::add);
            out.add(copy);
        }
        return out;
    }

    /** Walks one object, building the released tree. */
    private final class Builder {
        private final ObjectNode source;
        private final Map<List<Object>, Mark> marks;
        private final List<Explanation.Decision> decisions;
        private final Map<List<Object>, List<Object>> mapping = new HashMap<>();
        private final boolean location;
        private boolean reduced;
        private Explanation.Decision withheld;

        Builder(ObjectNode source, Map<List<Object>, Mark> marks, List<Explanation.Decision> decisions) {
            this.source = source;
            this.marks = marks;
            this.decisions = decisions;
            this.location = "location".equals(source.path("type").asText());
        }

        Optional<JsonNode> node(
                JsonNode value, List<Object> oldPath, List<Object> newPath, Mark inherited, String property) {
            Mark mark = inherited.and(marks.get(oldPath));
            switch (mark.action()) {
                case WITHHOLD -> {
                    withheld = new Explanation.Decision(
                            Selectors.render(oldPath), Action.WITHHOLD, mark.marking(), mark.rule());
                    decisions.add(withheld);
                    return Optional.empty();
                }
                case REDACT -> {
                    redacted(oldPath, mark, mark.rule());
                    return Optional.empty();
                }
                case GENERALISE -> {
                    return generalise(value, oldPath, newPath, mark, property);
                }
                default -> {
                    JsonNode out = release(value, oldPath, newPath, mark, property);
                    // STIX has no empty lists or dictionaries: one emptied by redaction goes.
                    if (out.isContainerNode() && out.isEmpty() && !value.isEmpty()) {
                        mapping.remove(oldPath);
                        return Optional.empty();
                    }
                    return Optional.of(out);
                }
            }
        }

        private JsonNode release(
                JsonNode value, List<Object> oldPath, List<Object> newPath, Mark mark, String property) {
            mapping.put(oldPath, newPath);
            if (value.isObject()) {
                ObjectNode out = JsonNodeFactory.instance.objectNode();
                Iterator<Map.Entry<String, JsonNode>> it = value.properties().iterator();
                while (it.hasNext() && withheld == null) {
                    Map.Entry<String, JsonNode> e = it.next();
                    node(e.getValue(), append(oldPath, e.getKey()), append(newPath, e.getKey()), mark, e.getKey())
                            .ifPresent(v -> out.set(e.getKey(), v));
                }
                return out;
            }
            if (value.isArray()) {
                ArrayNode out = JsonNodeFactory.instance.arrayNode();
                for (int i = 0; i < value.size() && withheld == null; i++) {
                    node(value.get(i), append(oldPath, i), append(newPath, out.size()), mark, property)
                            .ifPresent(out::add);
                }
                return out;
            }
            return value;
        }

        private Optional<JsonNode> generalise(
                JsonNode value, List<Object> oldPath, List<Object> newPath, Mark mark, String property) {
            Optional<JsonNode> coarser = Optional.empty();
            String rule = null;
            if (location
                    && oldPath.size() == 1
                    && policy.place().isPresent()
                    && LOCATION_PROPERTIES.contains(property)) {
                Generalisation.ToPlace place = policy.place().get();
                coarser = property.equals("name") ? finestPlace(place) : place.apply(property, value);
                rule = "generalise.location: " + place.describe();
            } else if (policy.generalise().containsKey(property)) {
                Generalisation g = policy.generalise().get(property);
                coarser = g.apply(property, value);
                rule = "generalise." + property + ": " + g.describe();
            }
            reduced = true;
            if (coarser.isEmpty()) {
                redacted(
                        oldPath,
                        mark,
                        (rule == null ? "no generalise rule for '" + property + "'" : rule + " does not fit this value")
                                + ", so redacted ("
                                + mark.rule() + ")");
                return Optional.empty();
            }
            mapping.put(oldPath, newPath);
            decisions.add(new Explanation.Decision(
                    Selectors.render(oldPath), Action.GENERALISE, mark.marking(), rule + " (" + mark.rule() + ")"));
            return coarser;
        }

        /**
         * A location's name at the coarser level: the finest place name kept. A place property
         * that a granular marking redacts is not kept, and must not come back as the name. (The
         * object's own action is at most generalise here, or the name would not be generalised.)
         */
        private Optional<JsonNode> finestPlace(Generalisation.ToPlace place) {
            for (String p : place.level().kept()) {
                JsonNode v = source.get(p);
                Mark own = marks.get(List.<Object>of(p));
                boolean released = own == null || own.action().compareTo(Action.GENERALISE) <= 0;
                if (v != null && v.isTextual() && released) {
                    return Optional.of(v);
                }
            }
            return Optional.empty();
        }

        private void redacted(List<Object> path, Mark mark, String rule) {
            reduced = true;
            decisions.add(new Explanation.Decision(Selectors.render(path), Action.REDACT, mark.marking(), rule));
        }
    }

    static List<String> strings(JsonNode list) {
        List<String> out = new ArrayList<>();
        if (list != null && list.isArray()) {
            for (JsonNode n : list) {
                if (n.isTextual()) {
                    out.add(n.asText());
                }
            }
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
