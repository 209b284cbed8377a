package org.tearline.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.tearline.audit.AuditEvent;
import org.tearline.audit.Disclosures;
import org.tearline.domain.AudienceRecord;
import org.tearline.domain.CollectionInfo;
import org.tearline.domain.CollectionKind;
import org.tearline.domain.Grant;
import org.tearline.domain.PolicyVersion;
import org.tearline.domain.Position;
import org.tearline.domain.ReleaseState;
import org.tearline.domain.StoredObject;
import org.tearline.error.Echo;
import org.tearline.error.NotFoundException;
import org.tearline.release.Explanation;
import org.tearline.release.InvalidPolicyException;
import org.tearline.release.Markings;
import org.tearline.release.Policy;
import org.tearline.release.PolicyParser;
import org.tearline.release.ReleaseContext;
import org.tearline.release.ReleaseEngine;
import org.tearline.release.ReleaseGate;
import org.tearline.stix.Canonical;
import org.tearline.stix.StixJson;
import org.tearline.stix.WarningExtension;
import org.tearline.stix.validation.StixValidator;
import org.tearline.store.ObjectFilter;
import org.tearline.store.Page;
import org.tearline.store.PageRequest;
import org.tearline.store.SourceRef;
import org.tearline.store.Store;
import org.tearline.store.StoreTx;

/**
 * Audiences and their release views: applying a policy (validated against the store, kept as a
 * new version, its view recomputed in the same transaction), previewing what an audience
 * receives, and keeping every view current when source objects change.
 *
 * <p>Past 500 lines because applying a policy, previewing a view and keeping views current
 * share each audience's current engine and the transaction its view is recomputed in.
 */
public final class ReleaseService implements ObjectService.SourceListener {

    /** Objects read at a time when recording a collection's references. */
    private static final int REFERENCE_PAGE = 1_000;

    /** What applying a policy did. */
    public record ApplyResult(
            String audience, int version, boolean changed, String viewCollectionId, Summary summary) {}

    /** Counts of a materialisation, and what would have been (or was) taken back. */
    public record Summary(
            int released, int published, int redacted, int generalised, int withheld, List<String> takenBack) {

        static Summary of(ViewMaterializer.Summary s) {
            return new Summary(s.released(), s.published(), s.redacted(), s.generalised(), s.withheld(), s.takenBack());
        }
    }

    /** A preview: the view as it is (or would be under a proposed policy), explained. */
    public record Preview(
            String audience,
            String policy,
            List<Explanation> explanations,
            Map<String, ObjectNode> released,
            List<String> gained,
            List<String> lost,
            List<String> takenBack,
            Map<String, String> heldByWarning) {}

    private final Store store;
    private final StixValidator validator;
    private final Clock clock;
    private final ReleaseContext context;
    private final String apiRoot;
    private final Disclosures disclosures;
    private final ReleaseGates gates;
    /** Parsed policies by audience and version; versions never change once applied. */
    private final Map<String, ReleaseEngine> engines = new ConcurrentHashMap<>();

    public ReleaseService(
            Store store,
            StixValidator validator,
            Clock clock,
            ReleaseContext context,
            String apiRoot,
            Disclosures disclosures,
            ReleaseGates gates) {
        this.store = store;
        this.disclosures = disclosures;
        this.gates = gates;
        this.validator = validator;
        this.clock = clock;
        this.context = context;
        this.apiRoot = apiRoot;
    }

    /**
     * Creates or updates an audience from its policy, in one transaction: the policy version is
     * kept, the view collection created when new, members granted read access (and former
     * members none), and the whole view recomputed.
     *
     * @param sourceName a name for messages, e.g. the file name
     * @param actor      who applies it, for the record
     */
    public ApplyResult apply(String yaml, String sourceName, String actor) {
        Policy policy = PolicyParser.parse(yaml, sourceName);
        String digest = Canonical.sha256(yaml.getBytes(StandardCharsets.UTF_8));
        Instant now = clock.instant();
        return store.write(tx -> {
            List<String> sources = resolve(tx, policy, sourceName);
            Optional<AudienceRecord> existing = tx.releaseViews().findAudience(policy.audience());
            int version;
            AudienceRecord audience;
            List<String> formerMembers = List.of();
            if (existing.isPresent()) {
                List<PolicyVersion> history = tx.releaseViews().policyVersions(policy.audience());
                PolicyVersion current = history.get(history.size() - 1);
                if (current.digest().equals(digest)) {
                    return new ApplyResult(
                            policy.audience(),
                            current.version(),
                            false,
                            existing.get().viewCollectionId(),
                            new Summary(0, 0, 0, 0, 0, List.of()));
                }
                Policy before = PolicyParser.parse(current.policy(), "current");
                requireSameIds(before, policy, sourceName);
                formerMembers = before.members();
                version = current.version() + 1;
                tx.releaseViews().updateAudience(policy.audience(), version, now);
                audience = new AudienceRecord(
                        policy.audience(),
                        existing.get().viewCollectionId(),
                        version,
                        existing.get().created(),
                        now);
            } else {
                version = 1;
                CollectionInfo view = new CollectionInfo(
                        UUID.randomUUID().toString(),
                        apiRoot,
                        policy.title() != null ? policy.title() : "Tearline release for " + policy.audience(),
                        "What this audience receives from the producer, under its release" + " policy.",
                        viewAlias(tx, policy.audience()),
                        CollectionKind.VIEW,
                        now);
                tx.collections().createCollection(view);
                audience = new AudienceRecord(policy.audience(), view.id(), 1, now, now);
                tx.releaseViews().createAudience(audience);
                CollectionInfo feedback = new CollectionInfo(
                        UUID.randomUUID().toString(),
                        apiRoot,
                        "Feedback from " + policy.audience(),
                        "Where this audience's"
                                + " members post opinions and notes on what they received. Each member"
                                + " reads only its own posts.",
                        viewAlias(tx, policy.audience() + "-feedback"),
                        CollectionKind.FEEDBACK,
                        now);
                tx.collections().createCollection(feedback);
                tx.warnings().setAudienceFeedback(policy.audience(), feedback.id());
            }
            tx.releaseViews().addPolicyVersion(new PolicyVersion(policy.audience(), version, yaml, digest, now, actor));
            List<String> unreleased = sources.stream()
                    .filter(c -> tx.releaseViews().audiencesOfSource(c).isEmpty())
                    .toList();
            tx.releaseViews().setAudienceSources(policy.audience(), sources);
            for (String c : unreleased) {
                recordReferences(tx, c);
            }
            List<AuditEvent> grants = new ArrayList<>();
            String feedback = tx.warnings().audienceFeedback(policy.audience()).orElseThrow();
            for (String former : formerMembers) {
                if (!policy.members().contains(former)) {
                    tx.accounts().putGrant(new Grant(former, audience.viewCollectionId(), false, false));
                    tx.accounts().putGrant(new Grant(former, feedback, false, false));
                    grants.add(grantEvent(actor, policy.audience(), former, audience.viewCollectionId(), false, false));
                    grants.add(grantEvent(actor, policy.audience(), former, feedback, false, false));
                }
            }
            for (String member : policy.members()) {
                if (!formerMembers.contains(member)) {
                    tx.accounts().putGrant(new Grant(member, audience.viewCollectionId(), true, false));
                    tx.accounts().putGrant(new Grant(member, feedback, true, true));
                    grants.add(grantEvent(actor, policy.audience(), member, audience.viewCollectionId(), true, false));
                    grants.add(grantEvent(actor, policy.audience(), member, feedback, true, true));
                }
            }
            disclosures.record(tx, grants);
            ReleaseEngine engine = engine(policy.audience(), version, yaml);
            ObjectNode detail = StixJson.mapper().createObjectNode();
            detail.put("version", version);
            detail.put("sha256", digest);
            sources.forEach(detail.putArray("sources")::add);
            policy.members().forEach(detail.putArray("members")::add);
            disclosures.record(
                    tx,
                    List.of(new AuditEvent("policy", actor, policy.audience(), policy.audience(), detail, Set.of())));
            ViewMaterializer.Summary s = new ViewMaterializer(
                            tx,
                            engine,
                            audience,
                            sources,
                            now,
                            disclosures,
                            actor,
                            gates.forAudience(tx, policy.audience()))
                    .full();
            return new ApplyResult(policy.audience(), version, true, audience.viewCollectionId(), Summary.of(s));
        });
    }

    /**
     * Records anew the references held by a collection's latest objects, which incremental
     * updates of views follow from a changed object to the objects that refer to it. They are
     * kept current only while some audience draws on the collection, so when the first one
     * starts to, whatever was recorded before is stale and is replaced.
     */
    private static void recordReferences(StoreTx tx, String collectionId) {
        tx.objects().resetSourceRefs(collectionId);
        Optional<Position> after = Optional.empty();
        while (true) {
            Page<StoredObject> page = tx.objects()
                    .findObjects(
                            collectionId, ObjectFilter.LATEST, new PageRequest(REFERENCE_PAGE, after, Long.MAX_VALUE));
            Map<String, List<SourceRef>> refs = new HashMap<>();
            for (StoredObject o : page.items()) {
                List<SourceRef> out = referencesOf(o);
                if (!out.isEmpty()) {
                    refs.put(o.record().objectId(), out);
                }
            }
            tx.objects().replaceSourceRefs(collectionId, refs);
            if (!page.more()) {
                return;
            }
            after = page.last();
        }
    }

    /** The references of a source object that a change of their target can matter to. */
    private static List<SourceRef> referencesOf(StoredObject o) {
        String id = o.record().objectId();
        List<SourceRef> out = new ArrayList<>();
        ReleaseEngine.references(ViewMaterializer.parse(o.json())).forEach((target, required) -> {
            // A built-in marking is always published and never changes, so nothing ever has
            // to be recomputed because of it; and nearly every object refers to one, which
            // made these most of the rows.
            if (!Markings.isBuiltIn(target)) {
                out.add(new SourceRef(target, id, required));
            }
        });
        return out;
    }

    private static AuditEvent grantEvent(
            String actor, String audience, String user, String collection, boolean read, boolean write) {
        ObjectNode d = StixJson.mapper().createObjectNode();
        d.put("user", user);
        d.put("collection", collection);
        d.put("read", read);
        d.put("write", write);
        d.put("reason", read ? "member of the audience" : "no longer a member");
        return new AuditEvent("grant-changed", actor, audience, user, d, Set.of());
    }

    /** An alias for a new collection of an audience, unless another collection has it. */
    private String viewAlias(StoreTx tx, String alias) {
        boolean taken = tx.collections().collections(apiRoot).stream().anyMatch(c -> alias.equals(c.alias()));
        return taken || !Names.isValidAlias(alias) ? null : alias;
    }

    /** The policy's sources as collection ids; checks members too. */
    private List<String> resolve(StoreTx tx, Policy policy, String sourceName) {
        List<String> problems = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (String s : policy.sources()) {
            Optional<CollectionInfo> c = findCollection(tx, s);
            if (c.isEmpty()) {
                problems.add("source " + Echo.quote(s) + " is not a collection (give its id or" + " alias)");
            } else if (!ViewMaterializer.isSourceKind(c.get().kind())) {
                problems.add("source " + Echo.quote(s) + " is a "
                        + c.get().kind().dbName() + " collection; a policy draws on source collections");
            } else {
                ids.add(c.get().id());
            }
        }
        for (String m : policy.members()) {
            if (tx.accounts().findAccount(m).isEmpty()) {
                problems.add("member " + Echo.quote(m) + " is not a user (create it with" + " 'tearline user add')");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidPolicyException(sourceName, problems);
        }
        return ids;
    }

    private static Optional<CollectionInfo> findCollection(StoreTx tx, String idOrAlias) {
        Optional<CollectionInfo> byId = tx.collections().findCollection(idOrAlias);
        return byId.isPresent()
                ? byId
                : tx.collections().allCollections().stream()
                        .filter(c -> idOrAlias.equals(c.alias()))
                        .findFirst();
    }

    private ReleaseEngine engine(String audience, int version, String yaml) {
        return engines.computeIfAbsent(
                audience + "@" + version,
                k -> new ReleaseEngine(PolicyParser.parse(yaml, audience + " version " + version), context, validator));
    }

    private ReleaseEngine currentEngine(StoreTx tx, AudienceRecord a) {
        ReleaseEngine cached = engines.get(a.name() + "@" + a.policyVersion());
        if (cached != null) {
            return cached;
        }
        PolicyVersion v = tx.releaseViews().policyVersions(a.name()).stream()
                .filter(p -> p.version() == a.policyVersion())
                .findFirst()
                .orElseThrow();
        return engine(a.name(), v.version(), v.policy());
    }

    /**
     * Keeps the views current after objects of a source collection changed (added, new
     * versions, deleted), in the caller's transaction: records their references, then updates
     * each audience that draws on the collection.
     */
    @Override
    public void sourceChanged(StoreTx tx, String collectionId, Collection<String> objectIds, String actor) {
        // A warning's version written directly, not by its own steps, needs a new decision.
        gates.versionsWritten(tx, collectionId, objectIds, actor);
        List<String> audiences = tx.releaseViews().audiencesOfSource(collectionId);
        if (audiences.isEmpty()) {
            // References are recorded only for collections some audience draws on (see
            // recordReferences): an import into a collection nobody releases from would
            // otherwise pay for two random-order index entries per reference.
            return;
        }
        Map<String, StoredObject> latest = tx.objects().latestObjects(List.of(collectionId), objectIds);
        Map<String, List<SourceRef>> refs = new HashMap<>();
        for (String id : objectIds) {
            StoredObject o = latest.get(id);
            refs.put(id, o == null ? List.of() : referencesOf(o));
        }
        tx.objects().replaceSourceRefs(collectionId, refs);
        Instant now = clock.instant();
        for (String name : audiences) {
            AudienceRecord a = tx.releaseViews().findAudience(name).orElseThrow();
            List<String> sources = tx.releaseViews().audienceSources(name);
            // The versions just read are the ones released when this is the only source;
            // with several, another may hold a later version, and the materialiser looks.
            // A warning's change can hold or free what it refers to: those are looked at too.
            Set<String> also = gates.alsoAffected(tx, sources, objectIds);
            Collection<String> changed = objectIds;
            if (!also.isEmpty()) {
                changed = new LinkedHashSet<>(objectIds);
                changed.addAll(also);
            }
            new ViewMaterializer(
                            tx, currentEngine(tx, a), a, sources, now, disclosures, actor, gates.forAudience(tx, name))
                    .incremental(changed, sources.equals(List.of(collectionId)) ? latest : Map.of());
        }
    }

    /** One source object, and what each audience holds of it and why. */
    public record ObjectReleases(String collectionId, ObjectNode source, List<AudienceRelease> audiences) {}

    /**
     * What one audience holds of a source object.
     *
     * @param inSources   false when the object's collection is not one the audience draws on
     * @param state       the view's state for the object; null when never considered
     * @param explanation the decisions of the audience's current policy on the object
     * @param released    the latest version the audience received; null when none
     */
    public record AudienceRelease(
            String audience, boolean inSources, ReleaseState state, Explanation explanation, ObjectNode released) {}

    /**
     * For one source object, what each audience receives and the rule behind every change:
     * the received version is read from the audience's view, the decisions are those of the
     * current policy. Costs a few lookups per audience, whatever the size of the views.
     */
    public ObjectReleases explainObject(String objectId) {
        return store.read(tx -> {
            StoredObject stored = null;
            String collectionId = null;
            // An object may sit in several source collections: the latest version decides.
            for (CollectionInfo c : tx.collections().allCollections()) {
                if (c.kind() != CollectionKind.SOURCE) {
                    continue;
                }
                StoredObject o = tx.objects()
                        .latestObjects(List.of(c.id()), List.of(objectId))
                        .get(objectId);
                if (o != null
                        && (stored == null
                                || o.record()
                                                .versionKey()
                                                .compareTo(stored.record().versionKey())
                                        > 0)) {
                    stored = o;
                    collectionId = c.id();
                }
            }
            if (stored == null) {
                throw new NotFoundException("object " + Echo.quote(objectId) + " is not in any" + " source collection");
            }
            ObjectNode source = ViewMaterializer.parse(stored.json());
            List<AudienceRelease> out = new ArrayList<>();
            for (AudienceRecord a : tx.releaseViews().audiences()) {
                out.add(explain(tx, a, collectionId, source));
            }
            return new ObjectReleases(collectionId, source, out);
        });
    }

    private AudienceRelease explain(StoreTx tx, AudienceRecord a, String collectionId, ObjectNode source) {
        String id = source.path("id").asText();
        List<String> sources = tx.releaseViews().audienceSources(a.name());
        ReleaseState state =
                tx.releaseViews().releaseStates(a.name(), List.of(id)).get(id);
        ObjectNode received = null;
        if (state != null && state.disclosed()) {
            StoredObject last = tx.objects()
                    .latestObjects(List.of(a.viewCollectionId()), List.of(state.releasedId()))
                    .get(state.releasedId());
            received = last == null ? null : ViewMaterializer.parse(last.json());
        }
        if (!sources.contains(collectionId)) {
            return new AudienceRelease(
                    a.name(),
                    false,
                    state,
                    new Explanation(
                            id,
                            id,
                            false,
                            "its collection is not one this audience's policy draws on",
                            List.of(),
                            true),
                    received);
        }
        ReleaseEngine current = currentEngine(tx, a);
        ReleaseEngine engine =
                current.withTranslatable(ViewMaterializer.translatable(tx, current, sources, List.of(source)));
        ReleaseEngine.Assessment assessment = engine.assess(source, gates.forAudience(tx, a.name()));
        Set<String> ids = new HashSet<>(assessment.targets());
        ids.add(id);
        Map<String, ReleaseState> states = tx.releaseViews().releaseStates(a.name(), ids);
        Set<String> markingTargets = new HashSet<>();
        for (String t : assessment.targets()) {
            if (t.startsWith("marking-definition--")) {
                markingTargets.add(t);
            }
        }
        Set<String> sourceMarkings = markingTargets.isEmpty()
                ? Set.of()
                : tx.objects().latestObjects(sources, markingTargets).keySet();
        Explanation explanation = engine.explain(
                assessment,
                t -> {
                    ReleaseState s = states.get(t);
                    return s != null && s.status() == ReleaseState.Status.RELEASED;
                },
                engine.published(sourceMarkings));
        return new AudienceRelease(a.name(), true, state, explanation, received);
    }

    /**
     * Partners hold the ids they were given: changing how ids are made would leave what they
     * hold pointing at objects they can no longer find.
     */
    private static void requireSameIds(Policy before, Policy after, String source) {
        if (before.ids() != after.ids()) {
            throw new InvalidPolicyException(
                    source,
                    List.of("ids cannot change for an existing"
                            + " audience (" + after.audience() + " has ids: "
                            + before.ids().name().toLowerCase(Locale.ROOT) + "); make a new audience for the"
                            + " other kind of ids"));
        }
    }

    /** Where these source objects stand in an audience's view, by original id. */
    public Map<String, ReleaseState> releaseStates(String audience, Collection<String> originalIds) {
        return store.read(tx -> tx.releaseViews().releaseStates(audience, originalIds));
    }

    /** Every audience. */
    public List<AudienceRecord> audiences() {
        return store.read(tx -> tx.releaseViews().audiences());
    }

    /** Every policy version of an audience, oldest first. */
    public List<PolicyVersion> history(String audience) {
        return store.read(tx -> {
            requireAudience(tx, audience);
            return tx.releaseViews().policyVersions(audience);
        });
    }

    private static AudienceRecord requireAudience(StoreTx tx, String audience) {
        return tx.releaseViews()
                .findAudience(audience)
                .orElseThrow(() -> new NotFoundException("audience " + Echo.quote(audience) + " does not exist"));
    }

    /**
     * What an audience receives, object by object, with every decision and the rule behind it;
     * with a proposed policy, what it would receive and what it would gain, lose and have
     * taken back compared with now.
     */
    public Preview preview(String audience, Optional<String> proposedYaml) {
        return store.read(tx -> {
            AudienceRecord a = requireAudience(tx, audience);
            ReleaseEngine current = currentEngine(tx, a);
            ReleaseEngine engine = proposedYaml
                    .map(y -> new ReleaseEngine(PolicyParser.parse(y, "proposed policy"), context, validator))
                    .orElse(current);
            requireSameIds(current.policy(), engine.policy(), "proposed policy");
            List<String> sources = proposedYaml.isPresent()
                    ? resolve(tx, engine.policy(), "proposed policy")
                    : tx.releaseViews().audienceSources(audience);
            List<ObjectNode> objects = new ArrayList<>();
            for (String c : sources) {
                tx.objects().forEachObject(c, ObjectFilter.LATEST, o -> objects.add(ViewMaterializer.parse(o.json())));
            }
            ReleaseGate gate = gates.forAudience(tx, audience);
            ReleaseEngine.View view = engine.view(objects, gate);
            view.objects().forEach(o -> {
                if (view.explanations().values().stream()
                        .anyMatch(e -> e.reduced()
                                && e.releasedId().equals(o.path("id").asText()))) {
                    WarningExtension.of(o).ifPresent(e -> e.put("material_withheld", true));
                }
            });
            Map<String, ObjectNode> released = new LinkedHashMap<>();
            Map<String, String> byReleasedId = new HashMap<>();
            view.explanations().forEach((id, e) -> byReleasedId.put(e.releasedId(), id));
            for (ObjectNode o : view.objects()) {
                String original = byReleasedId.get(o.get("id").asText());
                if (original != null) {
                    released.put(original, o);
                }
            }
            List<String> gained = new ArrayList<>();
            List<String> lost = new ArrayList<>();
            List<String> takenBack = new ArrayList<>();
            if (proposedYaml.isPresent()) {
                Map<String, ReleaseState> states = new HashMap<>();
                tx.releaseViews().forEachReleaseState(audience, s -> states.put(s.originalId(), s));
                compare(tx, a, view, released, states, gained, lost, takenBack);
            }
            String policyName = proposedYaml.isPresent() ? "proposed" : "version " + a.policyVersion();
            return new Preview(
                    audience,
                    policyName,
                    List.copyOf(view.explanations().values()),
                    released,
                    gained,
                    lost,
                    takenBack,
                    gate.heldBy());
        });
    }

    private static void compare(
            StoreTx tx,
            AudienceRecord a,
            ReleaseEngine.View proposed,
            Map<String, ObjectNode> released,
            Map<String, ReleaseState> states,
            List<String> gained,
            List<String> lost,
            List<String> takenBack) {
        Set<String> ids = new TreeSet<>(proposed.explanations().keySet());
        Map<String, String> viewIds = new HashMap<>();
        for (String id : ids) {
            ReleaseState s = states.get(id);
            if (s != null && s.disclosed()) {
                viewIds.put(s.releasedId(), id);
            }
        }
        Map<String, StoredObject> current = tx.objects().latestObjects(List.of(a.viewCollectionId()), viewIds.keySet());
        for (String id : ids) {
            ReleaseState s = states.get(id);
            boolean now = s != null && s.status() == ReleaseState.Status.RELEASED;
            boolean then = proposed.explanations().get(id).released();
            if (then && !now) {
                gained.add(id);
            } else if (!then && now) {
                lost.add(id);
                takenBack.add(id);
            } else if (then && s != null) {
                StoredObject last = current.get(s.releasedId());
                if (last != null) {
                    ObjectNode old = ViewMaterializer.parse(last.json());
                    List<String> missing = new ArrayList<>();
                    old.fieldNames().forEachRemaining(n -> {
                        if (!released.get(id).has(n) && ViewMaterializer.discloses(n)) {
                            missing.add(n);
                        }
                    });
                    if (!missing.isEmpty()) {
                        takenBack.add(id + " (" + String.join(", ", missing) + ")");
                    }
                }
            }
        }
    }
}
