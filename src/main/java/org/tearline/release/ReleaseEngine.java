package org.tearline.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import org.tearline.stix.StixJson;
import org.tearline.stix.StixTimestamp;
import org.tearline.stix.Tlp;
import org.tearline.stix.validation.StixValidator;
import org.tearline.stix.validation.Violation;

/**
 * Turns source objects into one audience's view under its policy. Three steps, each pure:
 * {@link #assess} decides what the policy does to one object on its own (markings, admission,
 * redaction, generalisation); {@link #released} closes the set over references (an object whose
 * required references are not released is not released either); {@link #finish} rewrites the
 * references and ids of a released object. {@link #view} does all three over objects held in
 * memory; the materialiser does the same over the store, one step at a time. A translation
 * (language-content) is assessed against what the policy releases of the object it
 * translates, which the engine is given beforehand ({@link #withTranslatable}).
 *
 * <p>An engine holds nothing that its steps change, so several threads may use one at once:
 * the materialiser assesses and finishes objects on two.
 *
 * <p>Past 500 lines because its three steps share the policy's decisions per object and must
 * agree exactly (the leak properties hold them to it); property transformations live in
 * ObjectTransformer and the reference rules in RefRules.
 */
public final class ReleaseEngine {

    /** What the policy does to one object on its own. */
    public record Assessment(
            String id,
            String type,
            ObjectNode transformed,
            List<Explanation.Decision> decisions,
            boolean reduced,
            Explanation.Decision withheld,
            List<RefRules.Ref> refs,
            List<Set<String>> requirements) {

        /** True when the policy admits the object (its references aside). */
        public boolean admitted() {
            return transformed != null;
        }

        /** The ids this object refers to. */
        public Set<String> targets() {
            Set<String> out = new HashSet<>();
            refs.forEach(r -> out.add(r.target()));
            return out;
        }
    }

    /** A released (or, at the last step, withheld) object. */
    public record Finished(
            String originalId,
            String releasedId,
            ObjectNode object,
            boolean reduced,
            List<Explanation.Decision> decisions,
            Explanation.Decision withheld) {}

    /** The objects of a view and why each source object is in it or not. */
    public record View(List<ObjectNode> objects, Map<String, Explanation> explanations) {}

    private static final String LANGUAGE_CONTENT = "language-content";
    private static final String MARKING_TERMS_WITHHELD =
            "A marking of the producer's; its" + " terms are not released to this audience.";
    private static final String NOTICE_ABSTRACT = "Material withheld";
    private static final String NOTICE_CONTENT = "The producer withheld part of the material"
            + " behind this object to protect sources and methods. What is shown is accurate;"
            + " the withholding is not a sign that the information is weak.";

    private final Policy policy;
    private final ReleaseContext context;
    private final StixValidator validator;
    private final ObjectTransformer transformer;
    private final DerivedIds ids;
    /**
     * Per object a translation (language-content) refers to, the properties a translation of
     * it may carry: see {@link #translatable(ObjectNode)}. A translation of an object not in
     * it is withheld.
     */
    private final Map<String, Translatable> translatable;

    public ReleaseEngine(Policy policy, ReleaseContext context, StixValidator validator) {
        this(policy, context, validator, Map.of());
    }

    private ReleaseEngine(
            Policy policy, ReleaseContext context, StixValidator validator, Map<String, Translatable> translatable) {
        this.policy = policy;
        this.context = context;
        this.validator = validator;
        this.transformer = new ObjectTransformer(policy);
        this.ids = new DerivedIds(context.namespace(), policy.audience());
        this.translatable = Map.copyOf(translatable);
    }

    /**
     * This engine, knowing what translations may carry of the objects they translate: a map
     * from {@link #translatableIn}, over the objects the sources' translations refer to.
     */
    public ReleaseEngine withTranslatable(Map<String, Translatable> byObject) {
        return new ReleaseEngine(policy, context, validator, byObject);
    }

    /** The ids of the objects the translations (language-content objects) among these refer to. */
    public static Set<String> translationTargets(Collection<ObjectNode> sources) {
        Set<String> out = new HashSet<>();
        for (ObjectNode o : sources) {
            JsonNode ref = o.get("object_ref");
            if (LANGUAGE_CONTENT.equals(o.path("type").asText()) && ref != null && ref.isTextual()) {
                out.add(ref.asText());
            }
        }
        return out;
    }

    /** {@link #translatable(ObjectNode)} of each of these objects, by id. */
    public Map<String, Translatable> translatableIn(Collection<ObjectNode> objects) {
        Map<String, Translatable> out = new HashMap<>();
        for (ObjectNode o : objects) {
            out.put(o.path("id").asText(), translatable(o));
        }
        return out;
    }

    /**
     * What translations of one version of an object may carry.
     *
     * @param modified   the version (its {@code modified}), or null for an object without
     *                   versions
     * @param properties the properties whose translations this audience may read
     */
    public record Translatable(String modified, Set<String> properties) {

        public Translatable {
            properties = Set.copyOf(properties);
        }
    }

    /**
     * The properties of a source object whose translations this audience may read: those the
     * policy releases exactly as they are. What it redacts or generalises is not translated
     * (a translation cannot be generalised), nor is anything of an object it withholds; nor
     * are references and extensions, whose translations would carry ids.
     */
    public Translatable translatable(ObjectNode source) {
        JsonNode modified = source.get("modified");
        String version = modified != null && modified.isTextual() ? modified.asText() : null;
        ObjectTransformer.Result r = transformer.transform(source);
        if (r.object() == null) {
            return new Translatable(version, Set.of());
        }
        Set<String> out = new HashSet<>();
        source.properties().forEach(e -> {
            String k = e.getKey();
            if (!ObjectTransformer.STRUCTURAL.contains(k)
                    && !k.equals("extensions")
                    && !k.endsWith("_ref")
                    && !k.endsWith("_refs")
                    && e.getValue().equals(r.object().get(k))) {
                out.add(k);
            }
        });
        return new Translatable(version, out);
    }

    /** The policy this engine applies. */
    public Policy policy() {
        return policy;
    }

    /** The producer's releasing identity, published with every view. */
    public ObjectNode releasingIdentity() {
        return context.releasingIdentity().deepCopy();
    }

    /**
     * Targets whose absence makes {@link #finish} drop a reference (rather than keep, replace
     * or refuse the object): the only way an admitted, closed object can still turn invalid.
     */
    /**
     * True when {@link #finish} may withhold this admitted object although it drops no
     * reference: an SCO left without ID contributing properties is valid only under a UUIDv4,
     * and a derived id is version 5. Such objects are finished before the closure is final, so
     * that what needs them is withheld with them (design rule 3) on every path.
     */
    public boolean mayWithholdAtFinish(Assessment a) {
        return a.admitted()
                && policy.ids() != Policy.Ids.ORIGINAL
                && StixValidator.withoutIdContributingProperties(a.transformed());
    }

    public static Set<String> droppableTargets(Assessment a) {
        Set<String> out = new HashSet<>();
        for (RefRules.Ref r : a.refs()) {
            if (r.kind() != RefRules.Kind.ENDPOINT
                    && r.kind() != RefRules.Kind.CREATOR
                    && r.kind() != RefRules.Kind.REQUIRED_EXTENSION) {
                out.add(r.target());
            }
        }
        return out;
    }

    /**
     * Every id a source object refers to, and whether it requires that target (cannot be
     * released without it). Independent of any policy.
     */
    public static Map<String, Boolean> references(ObjectNode object) {
        List<RefRules.Ref> refs = RefRules.refs(object);
        Set<String> required = new HashSet<>();
        RefRules.requirements(object.path("type").asText(), refs).forEach(required::addAll);
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (RefRules.Ref r : refs) {
            out.merge(r.target(), required.contains(r.target()), Boolean::logicalOr);
        }
        return out;
    }

    /** The id an object has in this audience's view. */
    public String releasedId(String originalId) {
        return policy.ids() == Policy.Ids.ORIGINAL ? originalId : ids.derive(originalId);
    }

    /** Step one, for objects no gate holds back. */
    public Assessment assess(ObjectNode source) {
        return assess(source, ReleaseGate.OPEN);
    }

    /** Step one: what the policy does to one object, before references are considered. */
    public Assessment assess(ObjectNode given, ReleaseGate gate) {
        ObjectNode source = gate.version(given);
        String id = source.path("id").asText();
        String type = source.path("type").asText();
        Optional<String> held = gate.holds(source);
        if (held.isPresent()) {
            Explanation.Decision d = new Explanation.Decision("", Action.WITHHOLD, null, held.get());
            return new Assessment(id, type, null, List.of(d), true, d, List.of(), List.of());
        }
        List<Explanation.Decision> decisions = new ArrayList<>();
        ObjectNode input = source;
        if (LANGUAGE_CONTENT.equals(type)) {
            input = translationsReleased(source, decisions);
            if (input == null) {
                Explanation.Decision d = decisions.get(decisions.size() - 1);
                return new Assessment(id, type, null, decisions, true, d, List.of(), List.of());
            }
        }
        boolean translationsDropped = !decisions.isEmpty();
        ObjectTransformer.Result r = transformer.transform(input);
        decisions.addAll(r.decisions());
        if (r.object() == null) {
            return new Assessment(id, type, null, decisions, true, r.withheld(), List.of(), List.of());
        }
        if (r.reduced() || translationsDropped) {
            Optional<Explanation.Decision> invalid = invalid(r.object(), "after redaction");
            if (invalid.isPresent()) {
                decisions.add(invalid.get());
                return new Assessment(id, type, null, decisions, true, invalid.get(), List.of(), List.of());
            }
        }
        List<RefRules.Ref> refs = RefRules.refs(r.object());
        return new Assessment(
                id,
                type,
                r.object(),
                decisions,
                r.reduced() || translationsDropped,
                null,
                refs,
                RefRules.requirements(type, refs));
    }

    /**
     * A translation with only the translated properties the audience may read on the object
     * it translates (the markings of that object and of each of its properties apply to their
     * translations), or null, the last decision saying why, when nothing is left.
     */
    private ObjectNode translationsReleased(ObjectNode source, List<Explanation.Decision> decisions) {
        JsonNode target = source.get("object_ref");
        Translatable of = target == null ? null : translatable.get(target.asText());
        if (of == null) {
            decisions.add(new Explanation.Decision(
                    "object_ref",
                    Action.WITHHOLD,
                    null,
                    "what the object it translates releases is not known, so its translations" + " are not released"));
            return null;
        }
        // Translations of another version were of text the markings of this one do not cover:
        // what that version protected may be in them.
        JsonNode version = source.get("object_modified");
        if (of.modified() != null
                && (version == null || !version.isTextual() || !sameTime(version.asText(), of.modified()))) {
            decisions.add(new Explanation.Decision(
                    "object_modified",
                    Action.WITHHOLD,
                    null,
                    "it translates " + (version == null ? "no stated version" : "another" + " version")
                            + " of its object, not the one released ("
                            + of.modified() + ")"));
            return null;
        }
        Set<String> allowed = of.properties();
        ObjectNode out = source.deepCopy();
        JsonNode contents = out.get("contents");
        if (contents == null || !contents.isObject()) {
            return out;
        }
        for (String lang : fieldNames(contents)) {
            JsonNode properties = contents.get(lang);
            if (!properties.isObject()) {
                continue;
            }
            for (String property : fieldNames(properties)) {
                if (!allowed.contains(property)) {
                    ((ObjectNode) properties).remove(property);
                    decisions.add(new Explanation.Decision(
                            Selectors.render(List.of("contents", lang, property)),
                            Action.REDACT,
                            null,
                            "'" + property + "' is not" + " released as it is on the object it translates"));
                }
            }
            if (properties.isEmpty()) {
                ((ObjectNode) contents).remove(lang);
            }
        }
        if (contents.isEmpty()) {
            decisions.add(new Explanation.Decision(
                    "contents",
                    Action.WITHHOLD,
                    null,
                    "no translated property is released as it is on the object it translates"));
            return null;
        }
        return out;
    }

    private static boolean sameTime(String a, String b) {
        Optional<Instant> t = StixTimestamp.parse(a);
        return t.isPresent() && t.equals(StixTimestamp.parse(b));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private Optional<Explanation.Decision> invalid(ObjectNode object, String when) {
        List<Violation> violations = validator.validate(object);
        if (violations.isEmpty()) {
            return Optional.empty();
        }
        Violation v = violations.get(0);
        return Optional.of(new Explanation.Decision(
                v.property() == null ? "" : v.property(),
                Action.WITHHOLD,
                null,
                when + " the object would not be valid STIX (" + v.rule() + ": " + v.message()
                        + "), so it is withheld"));
    }

    /** The parts of an assessment the closure needs. */
    public record Node(boolean admitted, List<Set<String>> requirements) {}

    /**
     * Step two: which objects are released. Starts from the admitted ones and removes, until
     * nothing changes, every object with a requirement none of whose targets is released or
     * always visible. Linear in the number of references.
     *
     * @param visible ids always visible to the audience (releasing identity, published markings)
     */
    public static Set<String> released(Map<String, Node> nodes, Predicate<String> visible) {
        return released(nodes, visible, Set.of());
    }

    /** As above, with the objects in {@code withheld} taken as not admitted. */
    private static Set<String> released(Map<String, Node> nodes, Predicate<String> visible, Set<String> withheld) {
        Set<String> released = new HashSet<>();
        nodes.forEach((id, n) -> {
            if (n.admitted() && (withheld.isEmpty() || !withheld.contains(id))) {
                released.add(id);
            }
        });
        // For each requirement, how many of its targets are still available; and, per target,
        // which requirements count on it.
        Map<String, List<int[]>> dependents = new HashMap<>();
        List<String> owners = new ArrayList<>();
        List<int[]> counters = new ArrayList<>();
        Deque<String> removed = new ArrayDeque<>();
        nodes.forEach((id, n) -> {
            if (!n.admitted() || (!withheld.isEmpty() && withheld.contains(id))) {
                return;
            }
            for (Set<String> requirement : n.requirements()) {
                int available = 0;
                int[] counter = new int[1];
                for (String t : requirement) {
                    if (visible.test(t) || released.contains(t)) {
                        available++;
                        if (!visible.test(t)) {
                            dependents
                                    .computeIfAbsent(t, k -> new ArrayList<>())
                                    .add(counter);
                        }
                    }
                }
                counter[0] = available;
                owners.add(id);
                counters.add(counter);
                if (available == 0 && released.remove(id)) {
                    removed.add(id);
                }
            }
        });
        IdentityHashMap<int[], String> ownerOf = new IdentityHashMap<>();
        for (int i = 0; i < counters.size(); i++) {
            ownerOf.put(counters.get(i), owners.get(i));
        }
        while (!removed.isEmpty()) {
            String gone = removed.poll();
            for (int[] counter : dependents.getOrDefault(gone, List.of())) {
                if (--counter[0] == 0) {
                    String owner = ownerOf.get(counter);
                    if (released.remove(owner)) {
                        removed.add(owner);
                    }
                }
            }
        }
        return released;
    }

    /**
     * Which objects are released once {@link #finish} has had its say, and those it withheld,
     * each with the reason.
     */
    public record Closure(Set<String> released, Map<String, Explanation.Decision> withheldAtFinish) {}

    /**
     * Steps two and three together: which objects are released when finishing them is taken
     * into account. An object can still turn invalid when finish drops its references to what
     * is not released; it is then withheld, and what needs it with it, until nothing changes.
     * Objects with a droppable target (see {@link #droppableTargets}) that is neither released
     * nor published are finished to find out, and those in {@code finishAnyway}. The one place
     * this rule lives: the in-memory {@link #view} and both ways of materialising a view call
     * it.
     *
     * <p>The view finishes every released object; the materialisers, which cannot afford to,
     * only those that drop a reference and those {@link #mayWithholdAtFinish} names, which are
     * the only others finish can withhold: both come to the same closure.
     *
     * @param nodes        the objects, as for {@link #released}
     * @param visible      ids always visible to the audience, as for {@link #released}
     * @param asReleased   what finish takes as released, given the objects released here
     * @param published    ids visible as they are
     * @param droppable    each object's droppable targets; objects without any may be absent
     *                     unless in {@code finishAnyway}
     * @param finishAnyway objects of {@code droppable} finished whatever their targets
     * @param assessments  the assessments of the objects named, made however the caller can
     */
    public Closure releasedAfterFinish(
            Map<String, Node> nodes,
            Predicate<String> visible,
            Function<Set<String>, Predicate<String>> asReleased,
            Predicate<String> published,
            Map<String, Set<String>> droppable,
            Predicate<String> finishAnyway,
            Function<List<String>, Collection<Assessment>> assessments) {
        Map<String, Explanation.Decision> withheld = new HashMap<>();
        Set<String> released = released(nodes, visible, withheld.keySet());
        while (true) {
            Set<String> r = released;
            Predicate<String> rel = asReleased.apply(r);
            List<String> candidates = new ArrayList<>();
            droppable.forEach((id, targets) -> {
                if (r.contains(id)
                        && (finishAnyway.test(id)
                                || targets.stream().anyMatch(t -> !rel.test(t) && !published.test(t)))) {
                    candidates.add(id);
                }
            });
            boolean failed = false;
            if (!candidates.isEmpty()) {
                for (Assessment a : assessments.apply(candidates)) {
                    Finished f = finish(a, rel, published);
                    if (f.object() == null) {
                        withheld.put(a.id(), f.withheld());
                        failed = true;
                    }
                }
            }
            if (!failed) {
                return new Closure(released, withheld);
            }
            released = released(nodes, visible, withheld.keySet());
        }
    }

    /**
     * Step three: the released form of an admitted object, given what else is released.
     * References to released objects get their released ids; a withheld creator becomes the
     * releasing identity; other references to what is not visible are dropped. Returns a
     * withheld result when dropping them leaves an invalid object.
     *
     * @param released  ids of released objects
     * @param published ids visible as they are: the releasing identity and published markings
     */
    public Finished finish(Assessment a, Predicate<String> released, Predicate<String> published) {
        ObjectNode out = a.transformed().deepCopy();
        List<Explanation.Decision> decisions = new ArrayList<>(a.decisions());
        boolean reduced = a.reduced();
        boolean dropped = false;
        List<RefRules.Ref> refs = new ArrayList<>(a.refs());
        // Last path first, so removing a list item never shifts one still to be visited.
        refs.sort(PATH_ORDER.reversed());
        // Extension keys by their original id: the released key, or null where the extension
        // went with its definition; granular-marking selectors follow.
        Map<String, String> extensionKeys = new HashMap<>();
        for (RefRules.Ref r : refs) {
            String target = r.target();
            if (RefRules.isExtensionKey(r)) {
                if (published.test(target)) {
                    continue;
                }
                if (released.test(target)) {
                    extensionKeys.put(target, releasedId(target));
                    renameKey((ObjectNode) out.get("extensions"), target, releasedId(target));
                    continue;
                }
                if (r.kind() == RefRules.Kind.REQUIRED_EXTENSION) {
                    Explanation.Decision d = new Explanation.Decision(
                            Selectors.render(r.path()),
                            Action.WITHHOLD,
                            null,
                            "the definition of its extension is not" + " released to this audience");
                    decisions.add(d);
                    return new Finished(a.id(), releasedId(a.id()), null, true, decisions, d);
                }
                extensionKeys.put(target, null);
                remove(out, r.path());
                dropped = true;
                reduced = true;
                decisions.add(new Explanation.Decision(
                        Selectors.render(r.path()),
                        Action.REDACT,
                        null,
                        "the definition of this extension is not released"
                                + " to this audience, so its properties are dropped"));
                continue;
            }
            if (released.test(target)) {
                set(out, r.path(), releasedId(target));
            } else if (published.test(target)) {
                // A published object is everyone's: the reference stays as it is.
            } else if (r.kind() == RefRules.Kind.CREATOR) {
                set(out, r.path(), context.releasingIdentityId());
                reduced = true;
                decisions.add(new Explanation.Decision(
                        "created_by_ref",
                        Action.REDACT,
                        null,
                        "the creator is not released to this audience, so the releasing" + " identity stands in"));
            } else if (r.kind() == RefRules.Kind.ENDPOINT) {
                Explanation.Decision d = new Explanation.Decision(
                        Selectors.render(r.path()),
                        Action.WITHHOLD,
                        null,
                        "its " + r.path().get(0) + " is not released");
                decisions.add(d);
                return new Finished(a.id(), releasedId(a.id()), null, true, decisions, d);
            } else {
                remove(out, r.path());
                dropped = true;
                if (r.kind() != RefRules.Kind.MARKING) {
                    reduced = true;
                    decisions.add(new Explanation.Decision(
                            Selectors.render(r.path()),
                            Action.REDACT,
                            null,
                            "refers to an object not released to this" + " audience"));
                }
            }
        }
        if (!extensionKeys.isEmpty()) {
            followExtensionKeys(out, extensionKeys);
        }
        if (dropped) {
            tidy(out);
        }
        out.set("id", TextNode.valueOf(releasedId(a.id())));
        // A derived id can make an SCO invalid: one left without ID contributing properties
        // must have a UUIDv4 (section 2.9), and a derived id is version 5.
        if (dropped || (policy.ids() != Policy.Ids.ORIGINAL && StixValidator.withoutIdContributingProperties(out))) {
            Optional<Explanation.Decision> invalid =
                    invalid(out, dropped ? "without its " + "withheld references" : "with its released id");
            if (invalid.isPresent()) {
                decisions.add(invalid.get());
                return new Finished(a.id(), releasedId(a.id()), null, true, decisions, invalid.get());
            }
        }
        return new Finished(a.id(), releasedId(a.id()), out, reduced, decisions, null);
    }

    /**
     * The generic notice for a released object something was withheld from, when the policy
     * asks for one: a STIX note that says so without saying what.
     */
    public Optional<ObjectNode> notice(Finished f) {
        if (policy.notice() != Policy.Notice.GENERIC || f.object() == null || !f.reduced()) {
            return Optional.empty();
        }
        ObjectNode n = StixJson.mapper().createObjectNode();
        n.put("type", "note");
        n.put("spec_version", "2.1");
        n.put(
                "id",
                "note--" + DerivedIds.uuid5(context.namespace(), policy.audience() + "\nnotice\n" + f.originalId()));
        JsonNode time = f.object().has("modified")
                ? f.object().get("modified")
                : f.object().get("created");
        String stamp = time != null && time.isTextual() ? time.asText() : "1970-01-01T00:00:00.000Z";
        n.put("created", stamp);
        n.put("modified", stamp);
        n.put("created_by_ref", context.releasingIdentityId());
        n.put("abstract", NOTICE_ABSTRACT);
        n.put("content", NOTICE_CONTENT);
        n.putArray("object_refs").add(f.releasedId());
        JsonNode markings = f.object().get("object_marking_refs");
        if (markings != null && markings.isArray()) {
            ArrayNode tlp = n.putArray("object_marking_refs");
            for (JsonNode m : markings) {
                if (Tlp.ofMarkingId(m.asText()).isPresent()) {
                    tlp.add(m.asText());
                }
            }
            if (tlp.isEmpty()) {
                n.remove("object_marking_refs");
            }
        }
        return Optional.of(n);
    }

    /**
     * The whole view of a set of source objects (the latest version of each), in memory: for
     * previews and tests. Marking definitions among the sources are published when a released
     * object refers to them, never put through the policy.
     */
    public View view(Collection<ObjectNode> sources) {
        return view(sources, ReleaseGate.OPEN);
    }

    /** The whole view, holding back what the gate holds. */
    public View view(Collection<ObjectNode> sources, ReleaseGate gate) {
        Set<String> translated = translationTargets(sources);
        ReleaseEngine engine = translated.isEmpty()
                ? this
                : withTranslatable(translatableIn(sources.stream()
                        .filter(o -> translated.contains(o.path("id").asText()))
                        .toList()));
        Map<String, ObjectNode> markingDefinitions = new HashMap<>();
        Map<String, Assessment> assessments = new TreeMap<>();
        for (ObjectNode o : sources) {
            String id = o.path("id").asText();
            if ("marking-definition".equals(o.path("type").asText())) {
                markingDefinitions.put(id, o);
            } else {
                assessments.put(id, engine.assess(o, gate));
            }
        }
        Predicate<String> published = published(markingDefinitions.keySet());
        Map<String, Node> nodes = new HashMap<>();
        Map<String, Set<String>> droppable = new HashMap<>();
        assessments.forEach((id, a) -> {
            nodes.put(id, new Node(a.admitted(), a.requirements()));
            droppable.put(id, droppableTargets(a));
        });
        Closure closure = releasedAfterFinish(
                nodes,
                published,
                r -> r::contains,
                published,
                droppable,
                id -> true,
                ids -> ids.stream().map(assessments::get).toList());
        Set<String> released = closure.released();
        Map<String, Explanation.Decision> withheldAtFinish = closure.withheldAtFinish();
        Map<String, Finished> finished = new LinkedHashMap<>();
        for (Assessment a : assessments.values()) {
            if (released.contains(a.id())) {
                finished.put(a.id(), finish(a, released::contains, published));
            }
        }
        List<ObjectNode> out = new ArrayList<>();
        Set<String> markingsUsed = new HashSet<>();
        Map<String, Explanation> explanations = new LinkedHashMap<>();
        Map<String, Finished> done = finished;
        Predicate<String> available = id ->
                published.test(id) || (done.containsKey(id) && done.get(id).object() != null);
        for (Assessment a : assessments.values()) {
            Finished f = finished.get(a.id());
            if (f != null && f.object() != null) {
                out.add(f.object());
                notice(f).ifPresent(out::add);
                markingsUsed.addAll(markingRefs(f.object()));
                explanations.put(
                        a.id(), new Explanation(a.id(), f.releasedId(), true, null, f.decisions(), f.reduced()));
            } else {
                // An object withheld when finished keeps the reason it was withheld for.
                Explanation.Decision why = f != null
                        ? f.withheld()
                        : a.withheld() != null
                                ? a.withheld()
                                : withheldAtFinish.containsKey(a.id())
                                        ? withheldAtFinish.get(a.id())
                                        : unreleasedRequirement(a, available);
                explanations.put(
                        a.id(),
                        new Explanation(
                                a.id(),
                                releasedId(a.id()),
                                false,
                                describe(why),
                                f != null ? f.decisions() : a.decisions(),
                                true));
            }
        }
        out.add(context.releasingIdentity().deepCopy());
        out.addAll(definitionsToPublish(markingsUsed, markingDefinitions));
        out.sort(Comparator.comparing(o -> o.path("id").asText()));
        return new View(out, explanations);
    }

    /**
     * Why one object is or is not in a view, given which of its targets the view holds: the
     * same decisions {@link #view} makes, for one object, without computing the whole view.
     *
     * @param released  ids of the source objects the view holds
     * @param published ids visible as they are
     */
    public Explanation explain(Assessment a, Predicate<String> released, Predicate<String> published) {
        if (!a.admitted()) {
            return new Explanation(a.id(), releasedId(a.id()), false, describe(a.withheld()), a.decisions(), true);
        }
        if (!released.test(a.id())) {
            Explanation.Decision why = unreleasedRequirement(a, id -> published.test(id) || released.test(id));
            List<Explanation.Decision> decisions = new ArrayList<>(a.decisions());
            decisions.add(why);
            return new Explanation(a.id(), releasedId(a.id()), false, describe(why), decisions, true);
        }
        Finished f = finish(a, released, published);
        if (f.object() == null) {
            return new Explanation(a.id(), f.releasedId(), false, describe(f.withheld()), f.decisions(), true);
        }
        return new Explanation(a.id(), f.releasedId(), true, null, f.decisions(), f.reduced());
    }

    /**
     * The marking definitions published with a view: those its objects use and, in turn, those
     * that mark a published definition. A definition from the sources is published with the
     * releasing identity as its creator (the original id must not leave, and the creator need
     * not be released) and without markings whose definitions cannot be published.
     *
     * @param used              marking ids the view's objects refer to
     * @param sourceDefinitions marking definitions among the sources, by id
     */
    public List<ObjectNode> definitionsToPublish(Set<String> used, Map<String, ObjectNode> sourceDefinitions) {
        Predicate<String> known = id -> sourceDefinitions.containsKey(id) || Markings.isBuiltIn(id);
        Map<String, ObjectNode> out = new TreeMap<>();
        Deque<String> todo = new ArrayDeque<>(new TreeSet<>(used));
        while (!todo.isEmpty()) {
            String m = todo.poll();
            if (out.containsKey(m) || !known.test(m)) {
                continue;
            }
            ObjectNode source = sourceDefinitions.get(m);
            ObjectNode def = source == null ? Markings.definition(m).orElseThrow() : source.deepCopy();
            if (source != null) {
                if (def.has("created_by_ref")) {
                    def.put("created_by_ref", context.releasingIdentityId());
                }
                withoutCustomExtensions(def);
                JsonNode refs = def.get("object_marking_refs");
                if (refs != null && refs.isArray()) {
                    ArrayNode kept = def.putArray("object_marking_refs");
                    ObjectTransformer.strings(refs).stream().filter(known).forEach(kept::add);
                    if (kept.isEmpty()) {
                        def.remove("object_marking_refs");
                    }
                }
                JsonNode granular = def.get("granular_markings");
                if (granular != null && granular.isArray()) {
                    ArrayNode kept = def.putArray("granular_markings");
                    granular.forEach(g -> {
                        if (!g.hasNonNull("marking_ref")
                                || known.test(g.get("marking_ref").asText())) {
                            kept.add(g);
                        }
                    });
                    if (kept.isEmpty()) {
                        def.remove("granular_markings");
                    }
                }
            }
            out.put(m, def);
            todo.addAll(markingRefs(def));
        }
        return new ArrayList<>(out.values());
    }

    /**
     * A published marking definition keeps no custom extension: its definition is not
     * published with it, and its key would be the definition's original id. A definition that
     * had nothing else says only that its terms are not released (STIX requires terms).
     */
    private void withoutCustomExtensions(ObjectNode def) {
        Map<String, String> dropped = new HashMap<>();
        for (RefRules.Ref r : RefRules.refs(def)) {
            if (RefRules.isExtensionKey(r) && !context.publishedExtensions().contains(r.target())) {
                dropped.put(r.target(), null);
                ((ObjectNode) def.get("extensions")).remove(r.target());
            }
        }
        if (dropped.isEmpty()) {
            return;
        }
        followExtensionKeys(def, dropped);
        if (def.get("extensions").isEmpty()) {
            def.remove("extensions");
            if (!def.has("definition")) {
                def.put("definition_type", "statement");
                def.putObject("definition").put("statement", MARKING_TERMS_WITHHELD);
            }
        }
    }

    /** Ids visible without being released: the releasing identity and published markings. */
    public Predicate<String> published(Set<String> sourceMarkingIds) {
        String identity = context.releasingIdentityId();
        Set<String> extensions = context.publishedExtensions();
        return id -> id.equals(identity)
                || Markings.isBuiltIn(id)
                || sourceMarkingIds.contains(id)
                || extensions.contains(id);
    }

    /** Every marking id a released object refers to. */
    public static Set<String> markingRefs(ObjectNode object) {
        Set<String> out = new HashSet<>();
        ObjectTransformer.strings(object.get("object_marking_refs")).forEach(out::add);
        JsonNode granular = object.get("granular_markings");
        if (granular != null) {
            for (JsonNode g : granular) {
                if (g.hasNonNull("marking_ref")) {
                    out.add(g.get("marking_ref").asText());
                }
            }
        }
        return out;
    }

    /** The first requirement of a withheld object that nothing released satisfies. */
    private static Explanation.Decision unreleasedRequirement(Assessment a, Predicate<String> available) {
        for (Set<String> requirement : a.requirements()) {
            if (requirement.stream().noneMatch(available)) {
                List<String> paths = a.refs().stream()
                        .filter(r -> requirement.contains(r.target()))
                        .map(r -> Selectors.render(r.path()) + " (" + r.target() + ")")
                        .sorted()
                        .limit(3)
                        .toList();
                return new Explanation.Decision(
                        "",
                        Action.WITHHOLD,
                        null,
                        "its "
                                + String.join(" and ", paths) + (paths.size() > 1 ? " are" : " is")
                                + " not released to this audience");
            }
        }
        return new Explanation.Decision("", Action.WITHHOLD, null, "withheld");
    }

    private static String describe(Explanation.Decision d) {
        if (d == null) {
            return "withheld";
        }
        return (d.path().isEmpty() ? "" : d.path() + ": ")
                + d.rule()
                + (d.marking() == null ? "" : " [" + d.marking() + "]");
    }

    /** Path order: property names as text, list indexes as numbers. */
    static final Comparator<RefRules.Ref> PATH_ORDER = (x, y) -> {
        List<Object> a = x.path();
        List<Object> b = y.path();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            Object p = a.get(i);
            Object q = b.get(i);
            int c = p instanceof Integer m && q instanceof Integer n
                    ? Integer.compare(m, n)
                    : p.toString().compareTo(q.toString());
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    private static JsonNode parent(ObjectNode root, List<Object> path) {
        JsonNode n = root;
        for (int i = 0; i < path.size() - 1; i++) {
            Object step = path.get(i);
            n = step instanceof Integer idx ? n.get(idx) : n.get((String) step);
        }
        return n;
    }

    private static void set(ObjectNode root, List<Object> path, String value) {
        JsonNode parent = parent(root, path);
        Object last = path.get(path.size() - 1);
        if (last instanceof Integer i) {
            ((ArrayNode) parent).set(i, TextNode.valueOf(value));
        } else {
            ((ObjectNode) parent).put((String) last, value);
        }
    }

    private static void remove(ObjectNode root, List<Object> path) {
        JsonNode parent = parent(root, path);
        Object last = path.get(path.size() - 1);
        if (last instanceof Integer i) {
            ((ArrayNode) parent).remove(i);
        } else {
            ((ObjectNode) parent).remove((String) last);
        }
    }

    /** Renames one key of a dictionary, keeping the order of the others. */
    private static void renameKey(ObjectNode dictionary, String from, String to) {
        if (from.equals(to)) {
            return;
        }
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        dictionary.properties().forEach(e -> entries.put(e.getKey().equals(from) ? to : e.getKey(), e.getValue()));
        dictionary.removeAll();
        dictionary.setAll(entries);
    }

    /**
     * Granular-marking selectors into an extension follow its key: to the released key, or
     * away with the extension (a marking left without selectors goes too).
     */
    private static void followExtensionKeys(ObjectNode out, Map<String, String> keys) {
        JsonNode granular = out.get("granular_markings");
        if (granular == null || !granular.isArray()) {
            return;
        }
        ArrayNode kept = StixJson.mapper().createArrayNode();
        for (JsonNode g : granular) {
            ArrayNode selectors = StixJson.mapper().createArrayNode();
            for (String s : ObjectTransformer.strings(g.get("selectors"))) {
                Optional<List<Object>> path = Selectors.parse(s);
                if (path.isPresent()
                        && path.get().size() >= 2
                        && "extensions".equals(path.get().get(0))
                        && keys.containsKey(path.get().get(1).toString())) {
                    String to = keys.get(path.get().get(1).toString());
                    if (to != null) {
                        List<Object> p = new ArrayList<>(path.get());
                        p.set(1, to);
                        selectors.add(Selectors.render(p));
                    }
                } else {
                    selectors.add(s);
                }
            }
            if (!selectors.isEmpty()) {
                ObjectNode copy = ((ObjectNode) g).deepCopy();
                copy.set("selectors", selectors);
                kept.add(copy);
            }
        }
        if (kept.isEmpty()) {
            out.remove("granular_markings");
        } else {
            out.set("granular_markings", kept);
        }
    }

    /**
     * After references were dropped: granular markings that lost their marking go, and lists of
     * references left empty go (STIX has no empty lists).
     */
    private static void tidy(ObjectNode out) {
        JsonNode granular = out.get("granular_markings");
        if (granular != null && granular.isArray()) {
            ArrayNode kept = StixJson.mapper().createArrayNode();
            for (JsonNode g : granular) {
                if (g.hasNonNull("marking_ref") || g.hasNonNull("lang")) {
                    kept.add(g);
                }
            }
            if (kept.isEmpty()) {
                out.remove("granular_markings");
            } else {
                out.set("granular_markings", kept);
            }
        }
        removeEmptyRefLists(out);
        JsonNode extensions = out.get("extensions");
        if (extensions != null && extensions.isObject() && extensions.isEmpty()) {
            out.remove("extensions");
        }
    }

    private static void removeEmptyRefLists(JsonNode node) {
        if (node.isObject()) {
            List<String> empty = new ArrayList<>();
            node.properties().forEach(e -> {
                if (e.getKey().endsWith("_refs")
                        && e.getValue().isArray()
                        && e.getValue().isEmpty()) {
                    empty.add(e.getKey());
                } else {
                    removeEmptyRefLists(e.getValue());
                }
            });
            empty.forEach(((ObjectNode) node)::remove);
        } else if (node.isArray()) {
            node.forEach(ReleaseEngine::removeEmptyRefLists);
        }
    }
}
