package org.tearline.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tearline.release.Action;

/**
 * What a policy protects in a set of source objects, worked out from the policy's own words
 * (docs/policies.md) and not by asking the release engine: the objects it withholds (by type,
 * TLP ceiling, markings, granular withholding, and required references to withheld objects),
 * the values it redacts or generalises, and the ids that must not leave. The answer errs on the
 * side of protecting less than the engine does (an object the engine withholds because redaction
 * left it invalid is not counted), so anything it calls protected really is.
 *
 * <p>Protected material is tracked as: canaries ({@code canary00042}) in text, timestamps to
 * the second (only those not on the hour, which every generalisation changes), top-level numbers
 * (checked on the released object itself), and the UUIDs of protected ids.
 */
public final class LeakOracle {

    /** Properties that object-level redact and generalise leave alone (docs/policies.md). */
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
    private static final Map<String, List<String>> PLACE_KEEPS = Map.of(
            "city", List.of("city", "administrative_area", "country", "region"),
            "region", List.of("administrative_area", "country", "region"),
            "country", List.of("country", "region"));
    private static final Map<String, Set<String>> REQUIRED_SINGLE = Map.of(
            "relationship", Set.of("source_ref", "target_ref"),
            "sighting", Set.of("sighting_of_ref"),
            "language-content", Set.of("object_ref"));
    private static final Set<String> REQUIRED_LIST = Set.of("report", "grouping", "note", "opinion", "observed-data");

    static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}");
    private static final Pattern WHOLE_TIMESTAMP =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");

    /** A top-level number of a source object that must not reach its released form. */
    public record NumberSecret(String objectId, String property, double value, String where) {}

    /** Counts that show what a generated case exercises. */
    public record Stats(
            int objects,
            int withheldByPolicy,
            int withheldByClosure,
            int partlyProtected,
            int redactedParts,
            int generalisedParts,
            int nestedParts) {}

    /**
     * The verdict for one policy over one set of sources.
     *
     * @param withheld   ids of objects the policy withholds, with why
     * @param canaries   protected canaries, with where they are
     * @param releasable canaries the policy may release
     * @param timestamps protected timestamps (to the second), with where
     * @param open       timestamps (to the second) the policy may release
     * @param ids        protected UUIDs (lower case), with whose id they are
     * @param disclosedIds UUIDs the policy may release (original ids of released objects)
     */
    public record Verdict(
            Map<String, String> withheld,
            Map<String, String> canaries,
            Set<String> releasable,
            Map<String, String> timestamps,
            Set<String> open,
            Map<String, String> ids,
            Set<String> disclosedIds,
            List<NumberSecret> numbers,
            Stats stats) {

        /** Every protected value found in some bytes a partner can read, one line each. */
        public List<String> leaksIn(String text, String where) {
            String lower = text.toLowerCase(java.util.Locale.ROOT);
            List<String> leaks = new ArrayList<>();
            find(CanaryGraphs.CANARY, lower, canaries, "canary", where, leaks);
            find(UUID, lower, ids, "protected id", where, leaks);
            find(TIMESTAMP, text, timestamps, "protected time", where, leaks);
            return leaks;
        }

        /** Protected numbers that reach their released object, given how ids are released. */
        public List<String> numberLeaks(Collection<? extends JsonNode> view, Function<String, String> releasedId) {
            Map<String, JsonNode> byId = new HashMap<>();
            view.forEach(o -> byId.put(o.path("id").asText(), o));
            List<String> leaks = new ArrayList<>();
            for (NumberSecret n : numbers) {
                JsonNode o = byId.get(releasedId.apply(n.objectId()));
                JsonNode v = o == null ? null : o.get(n.property());
                if (v != null && v.isNumber() && v.asDouble() == n.value()) {
                    leaks.add("protected number " + v + " (" + n.where() + ") is in "
                            + o.path("id").asText());
                }
            }
            return leaks;
        }

        private static void find(
                Pattern p, String text, Map<String, String> secrets, String what, String where, List<String> leaks) {
            Matcher m = p.matcher(text);
            Set<String> seen = new TreeSet<>();
            while (m.find()) {
                if (secrets.containsKey(m.group()) && seen.add(m.group())) {
                    leaks.add(what + " " + m.group() + " (" + secrets.get(m.group()) + ") is in " + where);
                }
            }
        }

        /**
         * What stays protected over several verdicts in turn (policy changes, new source
         * versions): what was protected in every one that had it, since anything released once
         * was disclosed and cannot be taken back. Numbers are checked on the released object of
         * one verdict only, so the combination carries none.
         */
        public Verdict then(Verdict next) {
            Set<String> releasable2 = union(releasable, next.releasable);
            Set<String> open2 = union(open, next.open);
            Set<String> disclosed2 = union(disclosedIds, next.disclosedIds);
            return new Verdict(
                    next.withheld,
                    minus(canaries, next.canaries, releasable2),
                    releasable2,
                    minus(timestamps, next.timestamps, open2),
                    open2,
                    minus(ids, next.ids, disclosed2),
                    disclosed2,
                    List.of(),
                    next.stats);
        }

        private static Set<String> union(Set<String> a, Set<String> b) {
            Set<String> out = new HashSet<>(a);
            out.addAll(b);
            return out;
        }

        private static Map<String, String> minus(Map<String, String> a, Map<String, String> b, Set<String> allowed) {
            Map<String, String> out = new LinkedHashMap<>(a);
            b.forEach(out::putIfAbsent);
            out.keySet().removeAll(allowed);
            return out;
        }
    }

    private LeakOracle() {}

    /** Judges a policy over source objects (latest versions; marking definitions may be among them). */
    public static Verdict judge(LeakPolicy policy, Collection<ObjectNode> sources) {
        Map<String, ObjectNode> byId = new LinkedHashMap<>();
        for (ObjectNode o : sources) {
            if (!o.path("type").asText().equals("marking-definition")) {
                byId.put(o.path("id").asText(), o);
            }
        }
        Map<String, String> withheld = new LinkedHashMap<>();
        int byPolicy = 0;
        for (ObjectNode o : byId.values()) {
            String why = ownWithholding(policy, o);
            if (why != null) {
                withheld.put(o.path("id").asText(), why);
                byPolicy++;
            }
        }
        int byClosure = closure(byId, withheld);
        Map<String, Set<String>> translatable = translatable(policy, byId, withheld);

        Map<String, String> canaries = new LinkedHashMap<>();
        Set<String> releasable = new HashSet<>();
        Map<String, String> timestamps = new LinkedHashMap<>();
        Set<String> open = new HashSet<>();
        List<NumberSecret> numbers = new ArrayList<>();
        int partly = 0;
        int redacted = 0;
        int generalised = 0;
        int nested = 0;
        for (ObjectNode o : byId.values()) {
            String id = o.path("id").asText();
            String objectWhy = withheld.get(id);
            Map<List<Object>, Action> granular = granular(policy, o);
            Action base = base(policy, o);
            boolean anyProtected = false;
            for (Leaf leaf : leaves(o)) {
                Action eff;
                String where;
                if (objectWhy != null) {
                    eff = Action.WITHHOLD;
                    where = id + ": object withheld (" + objectWhy + ")";
                } else {
                    eff = effective(leaf.path(), base, granular);
                    where = id + " " + render(leaf.path()) + ": " + eff.label();
                }
                boolean isProtected =
                        eff.ordinal() >= Action.GENERALISE.ordinal() && !keptPlace(policy, o, leaf.path(), eff);
                String elsewhere = objectWhy == null && !isProtected
                        ? protectedElsewhere(o, leaf.path(), translatable, byId, withheld)
                        : null;
                if (elsewhere != null) {
                    isProtected = true;
                    where = id + " " + render(leaf.path()) + ": " + elsewhere;
                }
                JsonNode v = leaf.value();
                if (v.isTextual()) {
                    Matcher m = CanaryGraphs.CANARY.matcher(v.asText().toLowerCase(java.util.Locale.ROOT));
                    while (m.find()) {
                        if (isProtected) {
                            canaries.putIfAbsent(m.group(), where);
                        } else {
                            releasable.add(m.group());
                        }
                    }
                    if (WHOLE_TIMESTAMP.matcher(v.asText()).matches()
                            && !v.asText().substring(14, 19).equals("00:00")) {
                        String second = v.asText().substring(0, 19);
                        if (isProtected) {
                            timestamps.putIfAbsent(second, where);
                        } else {
                            open.add(second);
                        }
                    }
                } else if (v.isNumber()
                        && leaf.path().size() == 1
                        && isProtected
                        && changesNumber(policy, o, leaf.path(), eff, v)) {
                    numbers.add(new NumberSecret(id, (String) leaf.path().get(0), v.asDouble(), where));
                }
                if (objectWhy == null && isProtected) {
                    anyProtected = true;
                    for (int n = 2; n <= leaf.path().size(); n++) {
                        Action g = granular.get(leaf.path().subList(0, n));
                        if (g != null && g.ordinal() >= Action.GENERALISE.ordinal()) {
                            nested++;
                            break;
                        }
                    }
                    if (eff == Action.GENERALISE) {
                        generalised++;
                    } else {
                        redacted++;
                    }
                }
            }
            if (anyProtected) {
                partly++;
            }
        }
        canaries.keySet().removeAll(releasable);
        timestamps.keySet().removeAll(open);

        Map<String, String> ids = new LinkedHashMap<>();
        Set<String> disclosed = new HashSet<>();
        for (String id : byId.keySet()) {
            if (policy.derivedIds()) {
                ids.put(uuidOf(id), id + " (ids: derived)");
            } else if (withheld.containsKey(id)) {
                ids.put(uuidOf(id), id + " (withheld: " + withheld.get(id) + ")");
            } else {
                disclosed.add(uuidOf(id));
            }
        }
        return new Verdict(
                withheld,
                canaries,
                releasable,
                timestamps,
                open,
                ids,
                disclosed,
                numbers,
                new Stats(byId.size(), byPolicy, byClosure, partly, redacted, generalised, nested));
    }

    /**
     * What a translation may carry of each object the policy does not withhold: the properties
     * of which the policy protects no part.
     */
    private static Map<String, Set<String>> translatable(
            LeakPolicy policy, Map<String, ObjectNode> byId, Map<String, String> withheld) {
        Map<String, Set<String>> out = new HashMap<>();
        for (ObjectNode o : byId.values()) {
            String id = o.path("id").asText();
            if (withheld.containsKey(id)) {
                continue;
            }
            Map<List<Object>, Action> granular = granular(policy, o);
            Action base = base(policy, o);
            Set<String> open = new HashSet<>();
            Set<String> closed = new HashSet<>();
            for (Leaf leaf : leaves(o)) {
                Action eff = effective(leaf.path(), base, granular);
                boolean isProtected =
                        eff.ordinal() >= Action.GENERALISE.ordinal() && !keptPlace(policy, o, leaf.path(), eff);
                (isProtected ? closed : open).add((String) leaf.path().get(0));
            }
            open.removeAll(closed);
            out.put(id, open);
        }
        return out;
    }

    /**
     * Why a leaf the object's own markings release is protected all the same, or null: a
     * translation of a property its object protects (or of an object withheld), or a property
     * of an extension whose definition is withheld.
     */
    private static String protectedElsewhere(
            ObjectNode o,
            List<Object> path,
            Map<String, Set<String>> translatable,
            Map<String, ObjectNode> byId,
            Map<String, String> withheld) {
        if (o.path("type").asText().equals("language-content")
                && path.size() >= 3
                && path.get(0).equals("contents")) {
            String target = o.path("object_ref").asText();
            Set<String> open = translatable.get(target);
            JsonNode version = byId.containsKey(target) ? byId.get(target).get("modified") : null;
            if (version != null && !version.equals(o.get("object_modified"))) {
                return "translates another version of " + target;
            }
            if (open == null || !open.contains(path.get(2))) {
                return "translates " + path.get(2) + " of " + target + ", protected there";
            }
        }
        if (path.size() >= 2
                && path.get(0).equals("extensions")
                && path.get(1) instanceof String key
                && key.startsWith("extension-definition--")
                && (!byId.containsKey(key) || withheld.containsKey(key))) {
            return "an extension whose definition is withheld";
        }
        return null;
    }

    /** The UUID part of an id, lower case. */
    public static String uuidOf(String id) {
        return id.substring(id.indexOf("--") + 2).toLowerCase(java.util.Locale.ROOT);
    }

    /** Why the policy withholds the object on its own, or null. */
    private static String ownWithholding(LeakPolicy p, ObjectNode o) {
        String type = o.path("type").asText();
        if (!p.admits(type)) {
            return "type " + type + " not admitted";
        }
        for (String m : strings(o.get("object_marking_refs"))) {
            if (p.aboveCeiling(m)) {
                return LeakPolicy.nameOf(m) + " above the ceiling";
            }
        }
        if (base(p, o) == Action.WITHHOLD) {
            return "object markings "
                    + strings(o.get("object_marking_refs")).stream()
                            .map(LeakPolicy::nameOf)
                            .toList() + ": withhold";
        }
        for (Map.Entry<List<Object>, Action> g : granular(p, o).entrySet()) {
            if (g.getValue() == Action.WITHHOLD) {
                return "granular withhold on " + render(g.getKey());
            }
        }
        return null;
    }

    /** Adds what cannot be released without a withheld object; returns how many were added. */
    private static int closure(Map<String, ObjectNode> byId, Map<String, String> withheld) {
        int added = 0;
        boolean changed = true;
        while (changed) {
            changed = false;
            for (ObjectNode o : byId.values()) {
                String id = o.path("id").asText();
                if (withheld.containsKey(id)) {
                    continue;
                }
                String type = o.path("type").asText();
                String why = null;
                for (String p : REQUIRED_SINGLE.getOrDefault(type, Set.of())) {
                    String target = o.path(p).asText();
                    if (withheld.containsKey(target)) {
                        why = p + " " + target + " is withheld";
                    }
                }
                if (REQUIRED_LIST.contains(type)) {
                    List<String> members = strings(o.get("object_refs"));
                    if (!members.isEmpty() && members.stream().allMatch(withheld::containsKey)) {
                        why = "every member of object_refs is withheld";
                    }
                }
                if (why != null) {
                    withheld.put(id, why);
                    added++;
                    changed = true;
                }
            }
        }
        return added;
    }

    /** The object-level action: the most restrictive of its markings', or the unmarked one. */
    private static Action base(LeakPolicy p, ObjectNode o) {
        List<String> markings = strings(o.get("object_marking_refs"));
        if (markings.isEmpty()) {
            return p.unmarkedAction();
        }
        Action a = Action.RELEASE;
        for (String m : markings) {
            a = max(a, p.actionOf(m));
        }
        return a;
    }

    /** The action of every granularly marked path (the most restrictive marking on it). */
    private static Map<List<Object>, Action> granular(LeakPolicy p, ObjectNode o) {
        Map<List<Object>, Action> out = new HashMap<>();
        JsonNode g = o.get("granular_markings");
        if (g == null) {
            return out;
        }
        for (JsonNode marking : g) {
            if (!marking.hasNonNull("marking_ref")) {
                continue;
            }
            String ref = marking.get("marking_ref").asText();
            Action a = p.actionOf(ref);
            if (p.aboveCeiling(ref)) {
                a = max(a, Action.REDACT);
            }
            for (String selector : strings(marking.get("selectors"))) {
                out.merge(parse(selector), a, LeakOracle::max);
            }
        }
        return out;
    }

    /** The action on a path: the object's (for content) and every granular mark on the way. */
    private static Action effective(List<Object> path, Action base, Map<List<Object>, Action> granular) {
        Action eff = STRUCTURAL.contains((String) path.get(0)) ? Action.RELEASE : base;
        for (int n = 1; n <= path.size(); n++) {
            Action g = granular.get(path.subList(0, n));
            if (g != null) {
                eff = max(eff, g);
            }
        }
        return eff;
    }

    /** A location's city, region or country left in place by the location rule. */
    private static boolean keptPlace(LeakPolicy p, ObjectNode o, List<Object> path, Action eff) {
        return eff == Action.GENERALISE
                && p.place().isPresent()
                && o.path("type").asText().equals("location")
                && path.size() == 1
                && LOCATION_PROPERTIES.contains((String) path.get(0))
                && PLACE_KEEPS.get(p.place().get()).contains((String) path.get(0));
    }

    /** False when generalising a number leaves it as it was (already on a range's bound). */
    private static boolean changesNumber(LeakPolicy p, ObjectNode o, List<Object> path, Action eff, JsonNode v) {
        if (eff != Action.GENERALISE) {
            return true;
        }
        String property = (String) path.get(0);
        if (o.path("type").asText().equals("location")
                && p.place().isPresent()
                && LOCATION_PROPERTIES.contains(property)) {
            return true;
        }
        LeakPolicy.Rule r = p.generalise().get(property);
        if (r == null || !r.kind().equals("number") || !v.isIntegralNumber()) {
            return true;
        }
        return v.asLong() % Long.parseLong(r.value()) != 0;
    }

    private static Action max(Action a, Action b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    /** A leaf of an object: a path and a value that is not a list or an object. */
    record Leaf(List<Object> path, JsonNode value) {}

    /** Every leaf of an object's content (not its type, id, spec_version or markings). */
    static List<Leaf> leaves(ObjectNode o) {
        List<Leaf> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = o.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (Set.of("type", "id", "spec_version", "object_marking_refs", "granular_markings")
                    .contains(e.getKey())) {
                continue;
            }
            collect(e.getValue(), new ArrayList<>(List.of(e.getKey())), out);
        }
        return out;
    }

    private static void collect(JsonNode n, List<Object> path, List<Leaf> out) {
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> {
                List<Object> p = new ArrayList<>(path);
                p.add(e.getKey());
                collect(e.getValue(), p, out);
            });
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                List<Object> p = new ArrayList<>(path);
                p.add(i);
                collect(n.get(i), p, out);
            }
        } else {
            out.add(new Leaf(List.copyOf(path), n));
        }
    }

    /** A selector as a path: names, and list indexes as numbers. */
    static List<Object> parse(String selector) {
        List<Object> path = new ArrayList<>();
        for (String part : selector.split("\\.")) {
            path.add(part.startsWith("[") ? (Object) Integer.valueOf(part.substring(1, part.length() - 1)) : part);
        }
        return path;
    }

    static String render(List<Object> path) {
        StringBuilder b = new StringBuilder();
        for (Object step : path) {
            if (b.length() > 0) {
                b.append('.');
            }
            b.append(step instanceof Integer i ? "[" + i + "]" : step);
        }
        return b.toString();
    }

    private static List<String> strings(JsonNode list) {
        List<String> out = new ArrayList<>();
        if (list != null && list.isArray()) {
            list.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
