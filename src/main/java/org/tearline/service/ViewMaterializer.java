package org.tearline.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.tearline.audit.AuditEvent;
import org.tearline.audit.Disclosures;
import org.tearline.domain.AudienceRecord;
import org.tearline.domain.CollectionKind;
import org.tearline.domain.Position;
import org.tearline.domain.Provenance;
import org.tearline.domain.ReleaseState;
import org.tearline.domain.StoredObject;
import org.tearline.release.Action;
import org.tearline.release.Explanation;
import org.tearline.release.Policy;
import org.tearline.release.ReleaseEngine;
import org.tearline.release.ReleaseGate;
import org.tearline.stix.Canonical;
import org.tearline.stix.StixJson;
import org.tearline.stix.StixObjects;
import org.tearline.stix.StixTimestamp;
import org.tearline.stix.WarningExtension;
import org.tearline.store.AddResult;
import org.tearline.store.NewObject;
import org.tearline.store.ObjectFilter;
import org.tearline.store.Page;
import org.tearline.store.PageRequest;
import org.tearline.store.StoreTx;
import org.tearline.store.ViewRun;

/**
 * Keeps one audience's view collection current inside a store transaction: in full (after a
 * policy is applied) or for the objects a source change touches. It runs the release engine's
 * steps over the store, publishes a new view version only when what the audience may see has
 * changed, and never takes back silently: a change that would withdraw something already
 * disclosed either leaves the audience its last version or publishes a revoked one, as the
 * policy says, and is counted.
 *
 * <p>Past 500 lines because the full and the incremental materialisation share how outcomes
 * are written, taken back and counted; the first pass's scan and memory budget live in
 * FirstPass.
 */
final class ViewMaterializer {

    /** Source objects processed per page: bounded memory whatever the collection size. */
    private static final int PAGE = 1_000;
    /** Past this many affected objects an incremental update recomputes the whole view. */
    private static final int INCREMENTAL_LIMIT = 20_000;

    /** What a materialisation did. */
    record Summary(int released, int published, int redacted, int generalised, int withheld, List<String> takenBack) {}

    private final StoreTx tx;
    private final ReleaseEngine engine;
    private final AudienceRecord audience;
    private final List<String> sources;
    private final Instant now;
    private final Disclosures disclosures;
    private final String actor;
    private final ReleaseGate gate;
    private final Set<String> sourceMarkings;
    private final Predicate<String> published;
    private final Provenance provenance;
    /** How much, in bytes of heap, a full recompute may keep between its two passes. */
    private final long keepBudget;

    private int releasedCount;
    private int publishedCount;
    private int redacted;
    private int generalised;
    private int withheld;
    private final List<String> takenBack = new ArrayList<>();
    private final Set<String> markingsUsed = new HashSet<>();

    ViewMaterializer(
            StoreTx tx,
            ReleaseEngine engine,
            AudienceRecord audience,
            List<String> sources,
            Instant now,
            Disclosures disclosures,
            String actor,
            ReleaseGate gate) {
        this(
                tx,
                engine,
                audience,
                sources,
                now,
                disclosures,
                actor,
                gate,
                Runtime.getRuntime().maxMemory() / 8);
    }

    /** As above, with the memory a full recompute may keep between its passes (tests). */
    ViewMaterializer(
            StoreTx tx,
            ReleaseEngine engine,
            AudienceRecord audience,
            List<String> sources,
            Instant now,
            Disclosures disclosures,
            String actor,
            ReleaseGate gate,
            long keepBudget) {
        this.keepBudget = keepBudget;
        this.tx = tx;
        this.gate = gate;
        this.disclosures = disclosures;
        this.actor = actor;
        this.engine = engine.withTranslatable(translatable(tx, engine, sources));
        this.audience = audience;
        this.sources = sources;
        this.now = now;
        this.sourceMarkings = tx.objects().idsOfType(sources, "marking-definition");
        this.published = engine.published(sourceMarkings);
        this.provenance = new Provenance("release", audience.name());
    }

    /**
     * What translations may carry of the objects the sources' translations refer to, read
     * once per materialisation so that assessing stays one object at a time (translations are
     * few; without any, this is one query).
     */
    static Map<String, ReleaseEngine.Translatable> translatable(
            StoreTx tx, ReleaseEngine engine, List<String> sources) {
        Set<String> ids = tx.objects().idsOfType(sources, "language-content");
        if (ids.isEmpty()) {
            return Map.of();
        }
        List<ObjectNode> translations = new ArrayList<>();
        tx.objects().latestObjects(sources, ids).values().forEach(o -> translations.add(parse(o.json())));
        return translatable(tx, engine, sources, translations);
    }

    /** As above, for the given translations. */
    static Map<String, ReleaseEngine.Translatable> translatable(
            StoreTx tx, ReleaseEngine engine, List<String> sources, Collection<ObjectNode> translations) {
        Set<String> targets = ReleaseEngine.translationTargets(translations);
        if (targets.isEmpty()) {
            return Map.of();
        }
        List<ObjectNode> objects = new ArrayList<>();
        tx.objects().latestObjects(sources, targets).values().forEach(o -> objects.add(parse(o.json())));
        return engine.translatableIn(objects);
    }

    /** Recomputes the whole view. */
    Summary full() {
        try (Lookahead ahead = new Lookahead("tearline-materialise")) {
            return full(ahead);
        }
    }

    private Summary full(Lookahead ahead) {
        Map<String, String> winners = new HashMap<>();
        FirstPass first = new FirstPass(
                ahead, keepBudget, o -> engine.assess(parse(o.json()), gate), engine::mayWithholdAtFinish);
        scan(
                Start.BEGINNING,
                (collection, items, next) -> first.page(collection, chosen(collection, items, true, winners), next));
        ahead.drain();
        Set<String> released = engine.releasedAfterFinish(
                        first.nodes(),
                        published,
                        r -> r::contains,
                        published,
                        first.droppable(),
                        first.finishAnyway()::contains,
                        this::assessLatest)
                .released();
        Map<String, ReleaseState> states = new HashMap<>();
        tx.releaseViews().forEachReleaseState(audience.name(), s -> states.put(s.originalId(), s));
        List<Outcome> batch = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        secondPass(ahead, first, winners, released, outcomes -> {
            for (Outcome o : outcomes) {
                seen.add(o.originalId());
                batch.add(o);
                if (batch.size() == PAGE) {
                    write(batch, states);
                    batch.clear();
                }
            }
        });
        // Objects gone from the sources (deleted) are withheld now.
        for (ReleaseState s : List.copyOf(states.values())) {
            if (!seen.contains(s.originalId()) && !s.originalId().startsWith(NOTICE)) {
                batch.add(new Outcome(s.originalId(), null, null, null));
            }
        }
        write(batch, states);
        publishAmbient();
        return summary();
    }

    /**
     * The second pass: outcomes are made on the second thread, a page ahead of the batch
     * {@code sink} writes on this one; they are written in the order of the sources, as one
     * thread would. The kept assessments come first, then the sources from where they end.
     */
    private void secondPass(
            Lookahead ahead,
            FirstPass first,
            Map<String, String> winners,
            Set<String> finalReleased,
            Consumer<List<Outcome>> sink) {
        List<FirstPass.Kept> kept = first.kept();
        // With several sources, the first pass may have kept a version a later one beat.
        List<FirstPass.Kept> winning = choose()
                ? kept.stream()
                        .filter(k ->
                                k.winnerKey().equals(winners.get(k.assessment().id())))
                        .toList()
                : kept;
        for (int from = 0; from < winning.size(); from += PAGE) {
            outcomesAhead(
                    ahead,
                    List.copyOf(winning.subList(from, Math.min(from + PAGE, winning.size()))),
                    FirstPass.Kept::restore,
                    finalReleased,
                    sink);
        }
        kept.clear();
        scan(
                first.resume(),
                (collection, items, next) -> outcomesAhead(
                        ahead,
                        chosen(collection, items, false, winners),
                        o -> engine.assess(parse(o.json()), gate),
                        finalReleased,
                        sink));
        ahead.drain();
    }

    /** The source versions of a page that a pass assesses. */
    private List<StoredObject> chosen(
            String collection, List<StoredObject> items, boolean firstPass, Map<String, String> winners) {
        List<StoredObject> chosen = new ArrayList<>(items.size());
        for (StoredObject o : items) {
            if (assessed(collection, o, firstPass, winners)) {
                chosen.add(o);
            }
        }
        return chosen;
    }

    /** Assesses again the latest source versions of a few objects, read from the store. */
    private Collection<ReleaseEngine.Assessment> assessLatest(List<String> candidates) {
        List<ReleaseEngine.Assessment> out = new ArrayList<>();
        for (StoredObject o : tx.objects().latestObjects(sources, candidates).values()) {
            out.add(engine.assess(parse(o.json()), gate));
        }
        return out;
    }

    /**
     * Makes, on the second thread, the prepared outcomes of a page of the second pass, each
     * from its assessment; {@code sink} writes them on this thread.
     */
    private <T> void outcomesAhead(
            Lookahead ahead,
            List<T> page,
            Function<T, ReleaseEngine.Assessment> assessment,
            Set<String> released,
            Consumer<List<Outcome>> sink) {
        ahead.submit(
                () -> {
                    List<Outcome> out = new ArrayList<>(page.size());
                    for (T item : page) {
                        out.add(prepared(outcome(assessment.apply(item), released::contains)));
                    }
                    return out;
                },
                sink);
    }

    /**
     * Updates the view for changed source objects: those objects, everything that cannot be
     * released without them (transitively), and whatever refers to an object whose status
     * changed. Falls back to a full recompute when that is most of the view.
     */
    Summary incremental(Collection<String> changed) {
        return incremental(changed, Map.of());
    }

    /**
     * As {@link #incremental(Collection)}, given latest source versions the caller already
     * read in this transaction (only when they are what this audience's sources hold).
     */
    Summary incremental(Collection<String> changed, Map<String, StoredObject> known) {
        Set<String> affected = new LinkedHashSet<>(changed);
        List<String> frontier = new ArrayList<>(changed);
        while (!frontier.isEmpty()) {
            List<String> next = new ArrayList<>();
            for (var r : tx.objects().referrers(sources, frontier)) {
                if (r.required() && affected.add(r.referrerId())) {
                    next.add(r.referrerId());
                }
            }
            frontier = next;
            if (affected.size() > INCREMENTAL_LIMIT) {
                return full();
            }
        }
        Map<String, StoredObject> objects = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String id : affected) {
            StoredObject o = known.get(id);
            if (o != null) {
                objects.put(id, o);
            } else {
                unknown.add(id);
            }
        }
        objects.putAll(tx.objects().latestObjects(sources, unknown));
        Map<String, ReleaseEngine.Assessment> assessed = new HashMap<>();
        Set<String> targets = new HashSet<>();
        for (String id : affected) {
            StoredObject o = objects.get(id);
            if (o != null && !o.record().type().equals("marking-definition")) {
                ReleaseEngine.Assessment a = engine.assess(parse(o.json()), gate);
                assessed.put(id, a);
                targets.addAll(a.targets());
            }
        }
        targets.removeAll(affected);
        Map<String, ReleaseState> boundary = new HashMap<>(tx.releaseViews().releaseStates(audience.name(), targets));
        Predicate<String> visible = id -> published.test(id) || isVisible(boundary.get(id));
        Map<String, ReleaseEngine.Node> nodes = new HashMap<>();
        Map<String, Set<String>> droppable = new HashMap<>();
        Set<String> finishAnyway = new HashSet<>();
        assessed.forEach((id, a) -> {
            nodes.put(id, new ReleaseEngine.Node(a.admitted(), a.requirements()));
            if (a.admitted()) {
                Set<String> d = ReleaseEngine.droppableTargets(a);
                if (engine.mayWithholdAtFinish(a)) {
                    finishAnyway.add(id);
                    droppable.put(id, d);
                } else if (!d.isEmpty()) {
                    droppable.put(id, d);
                }
            }
        });
        // Outside the affected objects, what was released stays released.
        Set<String> releasedNow = engine.releasedAfterFinish(
                        nodes,
                        visible,
                        r -> id -> r.contains(id) || (!affected.contains(id) && isVisible(boundary.get(id))),
                        published,
                        droppable,
                        finishAnyway::contains,
                        ids -> ids.stream().map(assessed::get).toList())
                .released();
        Map<String, ReleaseState> states = tx.releaseViews().releaseStates(audience.name(), affected);
        Set<String> statusChanged = new HashSet<>();
        for (String id : affected) {
            boolean was = isVisible(states.get(id));
            if (was != releasedNow.contains(id)) {
                statusChanged.add(id);
            }
        }
        // What finish gives a released id; published ids (markings, the releasing identity)
        // it must leave as they are.
        Predicate<String> released =
                id -> releasedNow.contains(id) || (!affected.contains(id) && isVisible(boundary.get(id)));
        List<Outcome> batch = new ArrayList<>();
        for (String id : affected) {
            ReleaseEngine.Assessment a = assessed.get(id);
            batch.add(a == null ? new Outcome(id, null, null, null) : outcome(a, released));
        }
        // Objects that merely refer to one whose status changed: their references change.
        Set<String> dependants = new HashSet<>();
        for (var r : tx.objects().referrers(sources, statusChanged)) {
            if (!affected.contains(r.referrerId())) {
                dependants.add(r.referrerId());
            }
        }
        if (!dependants.isEmpty()) {
            states.putAll(tx.releaseViews().releaseStates(audience.name(), dependants));
            List<ReleaseEngine.Assessment> again = new ArrayList<>();
            Set<String> theirTargets = new HashSet<>();
            for (StoredObject o :
                    tx.objects().latestObjects(sources, dependants).values()) {
                ReleaseState s = states.get(o.record().objectId());
                if (s != null && s.status() == ReleaseState.Status.RELEASED) {
                    ReleaseEngine.Assessment a = engine.assess(parse(o.json()), gate);
                    again.add(a);
                    theirTargets.add(a.id());
                    theirTargets.addAll(a.targets());
                }
            }
            // They, and their other targets, are as released as before: finish must know it.
            theirTargets.removeAll(affected);
            theirTargets.removeAll(boundary.keySet());
            boundary.putAll(tx.releaseViews().releaseStates(audience.name(), theirTargets));
            again.forEach(a -> batch.add(outcome(a, released)));
        }
        write(batch, states);
        publishAmbient();
        return summary();
    }

    /**
     * Released and current. A kept object (a takeback the policy refused) is not: the audience
     * holds its last version, but nothing new may point at it.
     */
    private static boolean isVisible(ReleaseState s) {
        return s != null && s.status() == ReleaseState.Status.RELEASED;
    }

    /**
     * The decision for one object: its finished form, or why it is withheld; with the
     * digests and serialised forms of the object and its notice when they were made ahead.
     */
    private record Outcome(
            String originalId,
            ReleaseEngine.Finished finished,
            ObjectNode notice,
            Explanation.Decision why,
            Prepared ready,
            Prepared noticeReady) {

        Outcome(String originalId, ReleaseEngine.Finished finished, ObjectNode notice, Explanation.Decision why) {
            this(originalId, finished, notice, why, null, null);
        }
    }

    /**
     * A released object's content digest and its serialised form at its own version, made on
     * the second thread; the form is used unless the view must give it a later version.
     */
    private record Prepared(String digest, NewObject asIs) {

        static Prepared of(ObjectNode object) {
            return new Prepared(
                    contentDigest(object),
                    newObject(object, ownVersion(object).map(StixTimestamp::key).orElse(null)));
        }
    }

    /** The outcome with its objects' digests and serialised forms made (off the writer). */
    private static Outcome prepared(Outcome o) {
        if (o.finished() == null) {
            return o;
        }
        return new Outcome(
                o.originalId(),
                o.finished(),
                o.notice(),
                o.why(),
                Prepared.of(o.finished().object()),
                o.notice() == null ? null : Prepared.of(o.notice()));
    }

    private Outcome outcome(ReleaseEngine.Assessment a, Predicate<String> released) {
        if (!a.admitted() || !released.test(a.id())) {
            return new Outcome(a.id(), null, null, a.withheld());
        }
        ReleaseEngine.Finished f = engine.finish(a, released, published);
        if (f.object() == null) {
            return new Outcome(a.id(), null, null, f.withheld());
        }
        if (f.reduced()) {
            WarningExtension.of(f.object()).ifPresent(e -> e.put("material_withheld", true));
        }
        return new Outcome(a.id(), f, engine.notice(f).orElse(null), null);
    }

    private void write(List<Outcome> batch, Map<String, ReleaseState> states) {
        List<NewObject> publish = new ArrayList<>();
        List<ReleaseState> newStates = new ArrayList<>();
        int takenBefore = takenBack.size();
        for (Outcome o : batch) {
            ReleaseState old = states.get(o.originalId());
            if (o.finished() == null) {
                withheld++;
                ReleaseState w = withdraw(o.originalId(), old, publish);
                // Nothing to remember of an object the audience never had: no state reads
                // differently from a withheld one, and most withheld objects never had one.
                if (old != null || w.status() != ReleaseState.Status.WITHHELD) {
                    newStates.add(w);
                }
                continue;
            }
            ReleaseEngine.Finished f = o.finished();
            releasedCount++;
            for (Explanation.Decision d : f.decisions()) {
                if (d.action() == Action.REDACT) {
                    redacted++;
                    break;
                }
            }
            if (f.decisions().stream().anyMatch(d -> d.action() == Action.GENERALISE)) {
                generalised++;
            }
            markingsUsed.addAll(ReleaseEngine.markingRefs(f.object()));
            Optional<ReleaseState> s = release(o.originalId(), f.releasedId(), f.object(), old, o.ready(), publish);
            s.ifPresent(newStates::add);
            // A notice goes with the object it is about: not when the object's new version
            // was kept back (the notice would point at what the audience does not have).
            boolean current =
                    s.map(x -> x.status() == ReleaseState.Status.RELEASED).orElse(true);
            if (o.notice() != null && current) {
                String noticeKey = NOTICE + o.originalId();
                release(
                                noticeKey,
                                o.notice().get("id").asText(),
                                o.notice(),
                                states.get(noticeKey),
                                o.noticeReady(),
                                publish)
                        .ifPresent(newStates::add);
            }
        }
        Map<String, String> originals = new HashMap<>();
        for (ReleaseState s : newStates) {
            originals.put(s.releasedId(), s.originalId().startsWith(NOTICE) ? null : s.originalId());
        }
        publish(publish, originals);
        // A recompute mostly finds what the view already holds: only changes are written.
        Map<String, ReleaseState> last = new LinkedHashMap<>();
        for (ReleaseState s : newStates) {
            last.put(s.originalId(), s);
        }
        List<ReleaseState> changedStates = new ArrayList<>(last.size());
        for (ReleaseState s : last.values()) {
            if (!s.equals(states.get(s.originalId()))) {
                changedStates.add(s);
            }
        }
        tx.releaseViews().putReleaseStates(changedStates);
        if (takenBack.size() > takenBefore) {
            ObjectNode detail = StixJson.mapper().createObjectNode();
            detail.put("policy_version", audience.policyVersion());
            detail.put("takeback", engine.policy().takeback().name().toLowerCase(Locale.ROOT));
            ArrayNode items = detail.putArray("items");
            Set<String> ids = new HashSet<>();
            for (String t : takenBack.subList(takenBefore, takenBack.size())) {
                String id = t.split(" ", -1)[0];
                items.addObject()
                        .put("original_id", id)
                        .put("released_id", engine.releasedId(id))
                        .put("what", t.contains("(") ? t.substring(t.indexOf('(') + 1, t.length() - 1) : "the object");
                ids.add(id);
            }
            disclosures.record(tx, List.of(new AuditEvent("takeback", actor, audience.name(), null, detail, ids)));
        }
        for (ReleaseState s : newStates) {
            states.put(s.originalId(), s);
        }
    }

    private static final String NOTICE = "notice:";

    /**
     * Publishes a new view version when the content changed, unless that would take something
     * back and the policy says to keep the last version.
     */
    private Optional<ReleaseState> release(
            String originalId,
            String releasedId,
            ObjectNode object,
            ReleaseState old,
            Prepared ready,
            List<NewObject> publish) {
        String digest = ready != null ? ready.digest() : contentDigest(object);
        if (old != null && old.status() == ReleaseState.Status.RELEASED && digest.equals(old.viewDigest())) {
            return Optional.empty();
        }
        if (old != null && old.disclosed() && old.status() != ReleaseState.Status.REVOKED) {
            Set<String> lost = lostProperties(old, object);
            if (!lost.isEmpty()) {
                takenBack.add(originalId + " (" + String.join(", ", lost) + ")");
                if (engine.policy().takeback() == Policy.Takeback.KEEP) {
                    return Optional.of(new ReleaseState(
                            audience.name(),
                            originalId,
                            releasedId,
                            ReleaseState.Status.KEPT,
                            old.viewVersion(),
                            old.viewDigest()));
                }
            }
        }
        String versionKey = bumpVersion(object, old);
        // A later version than its own changed the object's modified: serialise it again.
        publish.add(
                ready != null && Objects.equals(versionKey, ready.asIs().versionKey())
                        ? ready.asIs()
                        : newObject(object, versionKey));
        return Optional.of(new ReleaseState(
                audience.name(), originalId, releasedId, ReleaseState.Status.RELEASED, versionKey, digest));
    }

    /** The state of an object that is not released now; takes back per policy. */
    private ReleaseState withdraw(String originalId, ReleaseState old, List<NewObject> publish) {
        String releasedId = old != null ? old.releasedId() : engine.releasedId(originalId);
        if (old == null || !old.disclosed()) {
            return new ReleaseState(audience.name(), originalId, releasedId, ReleaseState.Status.WITHHELD, null, null);
        }
        if (old.status() == ReleaseState.Status.REVOKED || old.status() == ReleaseState.Status.KEPT) {
            return old;
        }
        takenBack.add(originalId);
        if (engine.policy().takeback() == Policy.Takeback.KEEP) {
            return new ReleaseState(
                    audience.name(),
                    originalId,
                    releasedId,
                    ReleaseState.Status.KEPT,
                    old.viewVersion(),
                    old.viewDigest());
        }
        ObjectNode last = lastPublished(old);
        if (last == null) {
            return old;
        }
        last.put("revoked", true);
        String versionKey = bumpVersion(last, old);
        publish.add(newObject(last, versionKey));
        return new ReleaseState(
                audience.name(), originalId, releasedId, ReleaseState.Status.REVOKED, versionKey, contentDigest(last));
    }

    /** Top-level properties the audience had that the new version would not carry. */
    private Set<String> lostProperties(ReleaseState old, ObjectNode next) {
        ObjectNode last = lastPublished(old);
        Set<String> lost = new TreeSet<>();
        if (last == null) {
            return lost;
        }
        Iterator<String> names = last.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!next.has(n) && discloses(n)) {
                lost.add(n);
            }
        }
        return lost;
    }

    /**
     * Whether a property carries something disclosed, so that its absence from a new version
     * takes something back. Markings do not: a marking removed at the source withdraws
     * nothing from the audience; nor does the revoked flag.
     */
    static boolean discloses(String property) {
        return !property.equals("revoked")
                && !property.equals("object_marking_refs")
                && !property.equals("granular_markings");
    }

    private ObjectNode lastPublished(ReleaseState old) {
        StoredObject o = tx.objects()
                .latestObjects(List.of(audience.viewCollectionId()), List.of(old.releasedId()))
                .get(old.releasedId());
        return o == null ? null : parse(o.json());
    }

    /**
     * The view version's modified: the source's, unless the audience already has that version
     * or a later one (a policy change), then a millisecond after the last one it received.
     */
    private static String bumpVersion(ObjectNode object, ReleaseState old) {
        Optional<Instant> own = ownVersion(object);
        if (own.isEmpty()) {
            return null;
        }
        Instant version = own.get();
        if (old != null && old.viewVersion() != null) {
            Instant last = StixTimestamp.parse(old.viewVersion()).orElseThrow();
            if (!version.isAfter(last)) {
                version = last.plusMillis(1);
                object.put("modified", StixTimestamp.format(version));
            }
        }
        return StixTimestamp.key(version);
    }

    /** The object's own version, when it has a modified (a view version needs one). */
    private static Optional<Instant> ownVersion(ObjectNode object) {
        return object.has("modified") ? StixObjects.version(object) : Optional.empty();
    }

    private static NewObject newObject(ObjectNode object, String versionKey) {
        String json = object.toString();
        return new NewObject(
                object.get("id").asText(),
                object.get("type").asText(),
                versionKey,
                StixObjects.specVersion(object),
                json,
                Canonical.sha256(json.getBytes(StandardCharsets.UTF_8)));
    }

    /** Digest of what the audience sees, without the modified timestamp the view assigns. */
    private static String contentDigest(ObjectNode object) {
        return Canonical.sha256Without(object, "modified");
    }

    /**
     * Adds view versions and records, in the same transaction, exactly what was released: each
     * version's original and released ids and the SHA-256 of its bytes.
     */
    private void publish(List<NewObject> publish, Map<String, String> originals) {
        if (publish.isEmpty()) {
            return;
        }
        List<AddResult> results = tx.objects().addObjects(audience.viewCollectionId(), publish, now, provenance);
        ObjectNode detail = StixJson.mapper().createObjectNode();
        detail.put("collection", audience.viewCollectionId());
        detail.put("policy_version", audience.policyVersion());
        ArrayNode items = detail.putArray("items");
        long first = 0;
        long last = 0;
        for (int i = 0; i < results.size(); i++) {
            AddResult r = results.get(i);
            if (r.outcome() != AddResult.Outcome.STORED) {
                continue;
            }
            publishedCount++;
            first = first == 0 ? r.seq() : Math.min(first, r.seq());
            last = Math.max(last, r.seq());
            ObjectNode item = items.addObject();
            String original = originals.get(r.id());
            if (original != null) {
                item.put("original_id", original);
            }
            item.put("released_id", r.id());
            item.put(
                    "version",
                    StixTimestamp.format(StixTimestamp.parse(r.versionKey()).orElseThrow()));
            item.put("sha256", publish.get(i).digest());
        }
        if (!items.isEmpty()) {
            // The stored versions of one call are consecutive in the view, so the entry is
            // found by object through them, not through a row per object.
            if (last - first + 1 != items.size()) {
                throw new IllegalStateException("the " + items.size() + " versions released"
                        + " into " + audience.viewCollectionId() + " are not consecutive: seq "
                        + first + " to " + last);
            }
            disclosures.record(
                    tx,
                    List.of(new AuditEvent(
                            "release",
                            actor,
                            audience.name(),
                            null,
                            detail,
                            Set.of(),
                            new ViewRun(audience.viewCollectionId(), first, last))));
        }
    }

    /** The releasing identity and the definitions of the markings released objects use. */
    private void publishAmbient() {
        List<NewObject> ambient = new ArrayList<>();
        for (ObjectNode o :
                List.of(engine.releasingIdentity(), WarningExtension.author(), WarningExtension.definition())) {
            ambient.add(
                    newObject(o, StixObjects.version(o).map(StixTimestamp::key).orElse(null)));
        }
        Map<String, ObjectNode> sourceDefinitions = new HashMap<>();
        if (!markingsUsed.isEmpty()) {
            tx.objects()
                    .latestObjects(sources, sourceMarkings)
                    .forEach((id, def) -> sourceDefinitions.put(id, parse(def.json())));
        }
        for (ObjectNode n : engine.definitionsToPublish(markingsUsed, sourceDefinitions)) {
            ambient.add(
                    newObject(n, StixObjects.version(n).map(StixTimestamp::key).orElse(null)));
        }
        publish(ambient, Map.of());
    }

    private Summary summary() {
        return new Summary(releasedCount, publishedCount, redacted, generalised, withheld, List.copyOf(takenBack));
    }

    /** Where a scan of the sources starts: a source (by index) and the position after which. */
    record Start(int source, Optional<Position> after) {
        static final Start BEGINNING = new Start(0, Optional.empty());
    }

    /** What a scan hands over: one page of one source, and where the scan goes on after it. */
    @FunctionalInterface
    private interface PageVisitor {
        void page(String collection, List<StoredObject> items, Start next);
    }

    /** One source holds one latest version per id: only several need choosing between. */
    private boolean choose() {
        return sources.size() > 1;
    }

    /**
     * Every latest source object from {@code start} on (when two sources hold one id, the
     * caller picks the later version with {@link #wins}), page by page so the store is never
     * read and written at once.
     */
    private void scan(Start start, PageVisitor visitor) {
        for (int i = start.source(); i < sources.size(); i++) {
            String collection = sources.get(i);
            Optional<Position> after = i == start.source() ? start.after() : Optional.empty();
            while (true) {
                Page<StoredObject> page = tx.objects()
                        .findObjects(collection, ObjectFilter.LATEST, new PageRequest(PAGE, after, Long.MAX_VALUE));
                boolean more = page.more() && page.last().isPresent();
                visitor.page(
                        collection,
                        page.items(),
                        more ? new Start(i, page.last()) : new Start(i + 1, Optional.empty()));
                if (!more) {
                    break;
                }
                after = page.last();
            }
        }
    }

    /**
     * Whether a pass assesses this source version: the one released of its object, and not a
     * marking definition (those are published, never assessed).
     */
    private boolean assessed(String collection, StoredObject o, boolean firstPass, Map<String, String> winners) {
        return (!choose() || wins(collection, o, firstPass, winners))
                && !o.record().type().equals("marking-definition");
    }

    /**
     * Whether this source's version of the object is the one released. The first pass keeps
     * the latest version seen so far per id; the second takes only what the first kept.
     */
    private static boolean wins(String collection, StoredObject o, boolean firstPass, Map<String, String> winners) {
        String id = o.record().objectId();
        String key = collection + "@" + o.record().versionKey();
        if (!firstPass) {
            return key.equals(winners.get(id));
        }
        String prior = winners.get(id);
        if (prior != null
                && prior.substring(prior.indexOf('@') + 1).compareTo(o.record().versionKey()) >= 0) {
            return false;
        }
        winners.put(id, key);
        return true;
    }

    static ObjectNode parse(String json) {
        try {
            JsonNode n = StixJson.mapper().readTree(json);
            return (ObjectNode) n;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored object is not JSON", e);
        }
    }

    /** The collection kinds a policy may draw on. */
    static boolean isSourceKind(CollectionKind kind) {
        return kind == CollectionKind.SOURCE || kind == CollectionKind.INBOUND;
    }
}
