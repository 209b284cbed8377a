package org.tearline.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.tearline.auth.Principal;
import org.tearline.domain.CollectionInfo;
import org.tearline.domain.CollectionKind;
import org.tearline.domain.Provenance;
import org.tearline.domain.StatusRecord;
import org.tearline.domain.StoredObject;
import org.tearline.domain.VersionRecord;
import org.tearline.error.ConflictException;
import org.tearline.error.Echo;
import org.tearline.error.NotFoundException;
import org.tearline.error.PermissionDeniedException;
import org.tearline.error.UnprocessableException;
import org.tearline.stix.Canonical;
import org.tearline.stix.StixJson;
import org.tearline.stix.StixObjects;
import org.tearline.stix.StixTimestamp;
import org.tearline.stix.validation.StixValidator;
import org.tearline.stix.validation.Violation;
import org.tearline.store.AddResult;
import org.tearline.store.NewObject;
import org.tearline.store.ObjectFilter;
import org.tearline.store.Page;
import org.tearline.store.PageRequest;
import org.tearline.store.Store;
import org.tearline.store.StoreTx;
import org.tearline.store.VersionSelector;

/**
 * Objects in collections: adding them (validated, each one on its own merits, so one bad object
 * never costs the good ones beside it) and reading them with the caller's access checked in the
 * same transaction as the read.
 *
 * <p>Past 500 lines because every read and write goes through the same access check and the
 * same collection rules (source, view, feedback) in one transaction.
 */
public final class ObjectService {

    /**
     * Told, inside the writing transaction, which objects of a collection changed, so derived
     * data (release views) changes atomically with them.
     */
    @FunctionalInterface
    public interface SourceListener {
        /** Objects of a source collection were added, versioned or deleted by {@code actor}. */
        void sourceChanged(StoreTx tx, String collectionId, Collection<String> ids, String actor);

        /** A listener that does nothing. */
        SourceListener NONE = (tx, collectionId, ids, actor) -> {};
    }

    /** Told which object versions a partner user was served, to record receipts. */
    @FunctionalInterface
    public interface RetrievalListener {
        /** {@code who} was just served these versions of a collection's objects. */
        void retrieved(String who, String collectionId, List<StoredObject> objects);

        /** A listener that does nothing. */
        RetrievalListener NONE = (who, collectionId, objects) -> {};
    }

    /** Violations listed in a status message before "and N more". */
    private static final int VIOLATIONS_SHOWN = 5;

    private static final int MAX_ID_ECHO = 300;
    /** Longest failure message in a status resource. */
    private static final int MAX_MESSAGE = 2_000;
    /** What a status resource says of a version the collection already held as sent. */
    private static final String ALREADY_STORED = "this version is already stored";

    private final Store store;
    private final StixValidator validator;
    private final Clock clock;
    private final Counter stored;
    private final Counter duplicates;
    private final Counter refused;
    private final SourceListener listener;
    private final RetrievalListener retrievals;
    private final CollectionRules rules;

    public ObjectService(
            Store store,
            StixValidator validator,
            Clock clock,
            MeterRegistry metrics,
            SourceListener listener,
            RetrievalListener retrievals,
            CollectionRules rules) {
        this.store = store;
        this.rules = rules;
        this.listener = listener;
        this.retrievals = retrievals;
        this.validator = validator;
        this.clock = clock;
        this.stored = Counter.builder("tearline.objects.stored")
                .description("Object versions stored")
                .register(metrics);
        this.duplicates = Counter.builder("tearline.objects.duplicate")
                .description("Object versions received that were already stored")
                .register(metrics);
        this.refused = Counter.builder("tearline.objects.refused")
                .description("Objects refused: invalid, or conflicting with a stored version")
                .register(metrics);
    }

    /**
     * Adds objects to a collection on behalf of {@code who} and returns the status resource,
     * saved in the same transaction. Each item is validated on its own; invalid items are
     * listed as failures with the rules they break and the rest are stored.
     *
     * @param apiRoot the API root the request came through, or null when not over TAXII
     */
    public StatusRecord add(
            Principal who, String apiRoot, String collectionId, List<JsonNode> items, Provenance provenance) {
        return add(tx -> requireWritable(tx, who, apiRoot, collectionId), who.name(), apiRoot, items, provenance);
    }

    /**
     * Adds objects as the operator (the command line, which has the data directory and so
     * needs no grant). Same validation and status as {@link #add(Principal, String, String,
     * List, Provenance)}.
     */
    public StatusRecord importObjects(String collectionId, List<JsonNode> items, Provenance provenance) {
        return add(
                tx -> tx.collections()
                        .findCollection(collectionId)
                        .orElseThrow(() -> unknownCollection(collectionId, null)),
                "(operator)",
                null,
                items,
                provenance);
    }

    private StatusRecord add(
            Function<StoreTx, CollectionInfo> target,
            String owner,
            String apiRoot,
            List<JsonNode> items,
            Provenance provenance) {
        Instant now = clock.instant();
        List<StatusRecord.Detail> failures = new ArrayList<>();
        List<JsonNode> validNodes = new ArrayList<>(items.size());
        // Serialised and digested before the write lock is taken, so concurrent requests do
        // this work in parallel and the lock covers only the store's own.
        List<NewObject> validObjects = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            Optional<StatusRecord.Detail> failure = check(item, i);
            if (failure.isPresent()) {
                failures.add(failure.get());
            } else {
                validNodes.add(item);
                validObjects.add(toNewObject(item));
            }
        }
        StatusRecord status = store.write(tx -> {
            CollectionInfo c = target.apply(tx);
            List<StatusRecord.Detail> allFailures = new ArrayList<>(failures);
            List<JsonNode> acceptedNodes = new ArrayList<>();
            List<NewObject> accepted = new ArrayList<>();
            for (int i = 0; i < validNodes.size(); i++) {
                JsonNode item = validNodes.get(i);
                Optional<String> refusal = rules.refuse(tx, c, owner, item);
                if (refusal.isPresent()) {
                    allFailures.add(new StatusRecord.Detail(
                            item.get("id").asText(),
                            versionText(item),
                            item.get("id").asText() + ": " + refusal.get()));
                } else {
                    acceptedNodes.add(item);
                    accepted.add(validObjects.get(i));
                }
            }
            List<AddResult> results = accepted.isEmpty()
                    ? List.of()
                    : sameContentIsDuplicate(
                            tx, c.id(), tx.objects().addObjects(c.id(), accepted, now, provenance), accepted);
            List<StatusRecord.Detail> successes = new ArrayList<>();
            List<JsonNode> storedNodes = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                AddResult r = results.get(i);
                String version =
                        StixTimestamp.format(StixTimestamp.parse(r.versionKey()).orElseThrow());
                switch (r.outcome()) {
                    case STORED -> {
                        successes.add(new StatusRecord.Detail(r.id(), version, null));
                        storedNodes.add(acceptedNodes.get(i));
                    }
                    case DUPLICATE -> successes.add(new StatusRecord.Detail(r.id(), version, ALREADY_STORED));
                    case CONFLICT ->
                        allFailures.add(new StatusRecord.Detail(
                                r.id(),
                                version,
                                r.id() + ": [version-conflict] version " + version
                                        + " is already stored with different content;"
                                        + " a changed object needs a new modified timestamp"));
                }
            }
            notifyChanged(tx, c, results, owner);
            if (!storedNodes.isEmpty()) {
                rules.stored(tx, c, owner, storedNodes, now);
            }
            StatusRecord s = new StatusRecord(
                    UUID.randomUUID().toString(),
                    apiRoot == null ? c.apiRoot() : apiRoot,
                    c.id(),
                    owner,
                    now,
                    "complete",
                    successes,
                    allFailures,
                    List.of());
            tx.collections().saveStatus(s);
            return s;
        });
        long storedCount =
                status.successes().stream().filter(d -> d.message() == null).count();
        stored.increment((double) storedCount);
        duplicates.increment((double) (status.successes().size() - storedCount));
        refused.increment(status.failures().size());
        return status;
    }

    /**
     * Why an object would be refused by a TAXII post (the same strict validation), or empty when
     * it is valid. For objects that arrive by other ways (a peer's collection).
     */
    public Optional<String> problem(JsonNode item, int index) {
        return check(item, index).map(StatusRecord.Detail::message);
    }

    /**
     * Stores objects already found valid by {@link #problem} in one collection as the operator
     * (no grant, no status resource), and runs {@code alsoInTx} with the store's result for each
     * in the same transaction, so whatever the caller keeps about them (a cursor, where they
     * came from) commits or rolls back with them. A version whose bytes differ from the stored
     * one but whose JSON is the same is a duplicate, as for a post.
     */
    public List<AddResult> receive(
            String collectionId,
            List<JsonNode> valid,
            Provenance provenance,
            BiConsumer<StoreTx, List<AddResult>> alsoInTx) {
        List<NewObject> news = new ArrayList<>(valid.size());
        for (JsonNode item : valid) {
            news.add(toNewObject(item));
        }
        Instant now = clock.instant();
        List<AddResult> results = store.write(tx -> {
            CollectionInfo c = tx.collections()
                    .findCollection(collectionId)
                    .orElseThrow(() -> unknownCollection(collectionId, null));
            List<AddResult> r = news.isEmpty()
                    ? List.of()
                    : sameContentIsDuplicate(tx, c.id(), tx.objects().addObjects(c.id(), news, now, provenance), news);
            notifyChanged(tx, c, r, provenance.source());
            alsoInTx.accept(tx, r);
            return r;
        });
        long storedCount = results.stream()
                .filter(r -> r.outcome() == AddResult.Outcome.STORED)
                .count();
        stored.increment((double) storedCount);
        duplicates.increment((double) results.stream()
                .filter(r -> r.outcome() == AddResult.Outcome.DUPLICATE)
                .count());
        return results;
    }

    private static String versionText(JsonNode item) {
        return StixObjects.version(item).map(StixTimestamp::format).orElse(null);
    }

    /**
     * Writes one new object version on behalf of {@code actor} (a warning moving on), in one
     * transaction with {@code before} (the warning record's transition), so both happen or
     * neither. The object must be valid and new.
     *
     * @throws org.tearline.error.UnprocessableException when the object is not valid STIX
     * @throws org.tearline.error.ConflictException      when that version already exists
     */
    public void writeVersion(String actor, String collectionId, JsonNode object, Consumer<StoreTx> before) {
        writeVersions(collectionId, List.of(object), new Provenance("warning", actor), actor, before);
    }

    /**
     * Writes new object versions on behalf of {@code actor} (a reviewed intake draft), all in
     * one transaction with {@code before}, so all of them and the caller's own change happen or
     * none does. Every object must be valid (the same strict validation as a TAXII post) and
     * new; release policies apply to them as to any other write.
     *
     * @throws org.tearline.error.UnprocessableException when an object is not valid STIX
     * @throws org.tearline.error.ConflictException      when a version already exists
     */
    public void writeVersions(
            String collectionId,
            List<? extends JsonNode> objects,
            Provenance provenance,
            String actor,
            Consumer<StoreTx> before) {
        List<NewObject> news = new ArrayList<>(objects.size());
        for (int i = 0; i < objects.size(); i++) {
            Optional<StatusRecord.Detail> invalid = check(objects.get(i), i);
            if (invalid.isPresent()) {
                throw new UnprocessableException(invalid.get().message());
            }
            news.add(toNewObject(objects.get(i)));
        }
        Instant now = clock.instant();
        store.write(tx -> {
            CollectionInfo c = tx.collections()
                    .findCollection(collectionId)
                    .orElseThrow(() -> unknownCollection(collectionId, null));
            before.accept(tx);
            List<AddResult> results = tx.objects().addObjects(c.id(), news, now, provenance);
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i).outcome() != AddResult.Outcome.STORED) {
                    throw new ConflictException("object " + news.get(i).id() + " version " + versionText(objects.get(i))
                            + " is already stored");
                }
            }
            notifyChanged(tx, c, results, actor);
            return null;
        });
        stored.increment(objects.size());
    }

    /** Rules a kind of collection adds to what may be stored in it (feedback, say). */
    public interface CollectionRules {
        /** Why {@code who} may not store this (valid) object here, or empty. */
        Optional<String> refuse(StoreTx tx, CollectionInfo c, String who, JsonNode object);

        /** Objects were stored here, in this transaction. */
        void stored(StoreTx tx, CollectionInfo c, String who, List<JsonNode> objects, Instant now);

        /** No rules beyond STIX. */
        CollectionRules NONE = new CollectionRules() {
            @Override
            public Optional<String> refuse(StoreTx tx, CollectionInfo c, String who, JsonNode object) {
                return Optional.empty();
            }

            @Override
            public void stored(StoreTx tx, CollectionInfo c, String who, List<JsonNode> objects, Instant now) {}
        };
    }

    private void notifyChanged(StoreTx tx, CollectionInfo c, List<AddResult> results, String actor) {
        if (!ViewMaterializer.isSourceKind(c.kind())) {
            return;
        }
        Set<String> changed = new LinkedHashSet<>();
        for (AddResult r : results) {
            if (r.outcome() == AddResult.Outcome.STORED) {
                changed.add(r.id());
            }
        }
        if (!changed.isEmpty()) {
            listener.sourceChanged(tx, c.id(), changed, actor);
        }
    }

    /**
     * The store compares bytes; a version re-posted with its members in another order or other
     * number spellings is still the same object, so a byte conflict is looked at again as JSON.
     * Conflicts are rare, so this costs nothing on the common path.
     */
    private static List<AddResult> sameContentIsDuplicate(
            StoreTx tx, String collectionId, List<AddResult> results, List<NewObject> sent) {
        List<AddResult> out = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            AddResult r = results.get(i);
            if (r.outcome() == AddResult.Outcome.CONFLICT && sameObject(tx, collectionId, r, sent.get(i))) {
                r = new AddResult(r.id(), r.versionKey(), AddResult.Outcome.DUPLICATE);
            }
            out.add(r);
        }
        return out;
    }

    private static boolean sameObject(StoreTx tx, String collectionId, AddResult r, NewObject sent) {
        ObjectFilter exact = new ObjectFilter(
                Set.of(r.id()),
                Set.of(),
                new VersionSelector(false, false, false, Set.of(r.versionKey())),
                Set.of(),
                Optional.empty());
        Page<StoredObject> stored = tx.objects().findObjects(collectionId, exact, PageRequest.first(1));
        if (stored.items().isEmpty()) {
            // The conflict is with another object of the same request, not yet stored.
            return false;
        }
        try {
            return Canonical.sha256(
                            StixJson.mapper().readTree(stored.items().get(0).json()))
                    .equals(Canonical.sha256(StixJson.mapper().readTree(sent.json())));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private Optional<StatusRecord.Detail> check(JsonNode item, int index) {
        if (!item.isObject()) {
            return Optional.of(new StatusRecord.Detail(
                    "objects[" + index + "]",
                    null,
                    "objects[" + index + "]: [not-an-object] each item must be a JSON object," + " found "
                            + item.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        JsonNode id = item.get("id");
        String shownId = id != null && id.isTextual() && id.asText().length() <= MAX_ID_ECHO
                ? id.asText()
                : "objects[" + index + "]";
        Optional<String> badText = unpairedSurrogate(item, "");
        if (badText.isPresent()) {
            // Stored as UTF-8 it would silently become '?': refused, not altered.
            return Optional.of(new StatusRecord.Detail(
                    shownId,
                    null,
                    shownId + ": property '"
                            + badText.get() + "': [invalid-unicode] a string holds an unpaired"
                            + " surrogate, which is not a Unicode character"));
        }
        List<Violation> violations = validator.validate(item);
        if (violations.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder message = new StringBuilder();
        for (int v = 0; v < Math.min(VIOLATIONS_SHOWN, violations.size()); v++) {
            if (v > 0) {
                message.append("; ");
            }
            message.append(violations.get(v).describe());
        }
        if (violations.size() > VIOLATIONS_SHOWN) {
            message.append("; and ")
                    .append(violations.size() - VIOLATIONS_SHOWN)
                    .append(" more");
        }
        String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message.toString();
        JsonNode modified = item.get("modified");
        String version = modified != null && modified.isTextual() && StixTimestamp.isValid(modified.asText())
                ? modified.asText()
                : null;
        return Optional.of(new StatusRecord.Detail(shownId, version, text));
    }

    /** The path of the first string holding an unpaired UTF-16 surrogate, if any. */
    private static Optional<String> unpairedSurrogate(JsonNode node, String path) {
        if (node.isTextual()) {
            String s = node.asText();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    return Optional.of(path);
                }
            }
            return Optional.empty();
        }
        if (node.isObject()) {
            var it = node.properties().iterator();
            while (it.hasNext()) {
                var e = it.next();
                if (unpairedSurrogate(new TextNode(e.getKey()), "").isPresent()) {
                    return Optional.of(path.isEmpty() ? "(a property name)" : path);
                }
                Optional<String> inner =
                        unpairedSurrogate(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey());
                if (inner.isPresent()) {
                    return inner;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<String> inner = unpairedSurrogate(node.get(i), path + "[" + i + "]");
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        return Optional.empty();
    }

    private static NewObject toNewObject(JsonNode object) {
        Optional<String> version = StixObjects.version(object).map(StixTimestamp::key);
        String json;
        if (version.isEmpty()) {
            // Unversioned objects (most cyber-observables) are told apart by content alone, so
            // they are kept in canonical form: the same observable sent by two clients that
            // order members differently is then one object, not two versions.
            json = Canonical.json(object);
        } else {
            try {
                json = StixJson.mapper().writeValueAsString(object);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a parsed tree always serialises", e);
            }
        }
        return new NewObject(
                object.get("id").asText(),
                object.get("type").asText(),
                version.orElse(null),
                StixObjects.specVersion(object),
                json,
                Canonical.sha256(json.getBytes(StandardCharsets.UTF_8)));
    }

    /** One page of objects. */
    public Listing<StoredObject> objects(
            Principal who, String apiRoot, String collectionId, ObjectFilter filter, PageRequest page) {
        String[] resolved = new String[1];
        Listing<StoredObject> l = store.read(tx -> {
            CollectionInfo c = requireReadable(tx, who, apiRoot, collectionId);
            resolved[0] = c.id();
            ObjectFilter f = scoped(c, who, filter);
            return listing(tx, c, f, page, tx.objects().findObjects(c.id(), f, page));
        });
        served(who, resolved[0], l);
        return l;
    }

    /** Partners' retrievals are receipts: the evidence of what they were given. */
    private void served(Principal who, String collectionId, Listing<StoredObject> l) {
        if (!who.isProducer() && !l.page().items().isEmpty()) {
            retrievals.retrieved(who.name(), collectionId, l.page().items());
        }
    }

    /** One page of one object's versions; 404 when the collection has no such object. */
    public Listing<StoredObject> object(
            Principal who,
            String apiRoot,
            String collectionId,
            String objectId,
            ObjectFilter filter,
            PageRequest page) {
        String[] resolved = new String[1];
        Listing<StoredObject> l = store.read(tx -> {
            CollectionInfo c = requireReadable(tx, who, apiRoot, collectionId);
            resolved[0] = c.id();
            ObjectFilter f = scoped(c, who, filter);
            Page<StoredObject> p = tx.objects().findObjects(c.id(), f.withId(objectId), page);
            if (p.items().isEmpty() && page.after().isEmpty()) {
                requireObject(tx, c, objectId, f);
            }
            return listing(tx, c, f, page, p);
        });
        served(who, resolved[0], l);
        return l;
    }

    /** One page of the manifest. */
    public Listing<VersionRecord> manifest(
            Principal who, String apiRoot, String collectionId, ObjectFilter filter, PageRequest page) {
        return store.read(tx -> {
            CollectionInfo c = requireReadable(tx, who, apiRoot, collectionId);
            ObjectFilter f = scoped(c, who, filter);
            return listing(tx, c, f, page, tx.objects().findManifest(c.id(), f, page));
        });
    }

    /** One page of an object's version list; 404 when the collection has no such object. */
    public Listing<VersionRecord> versions(
            Principal who,
            String apiRoot,
            String collectionId,
            String objectId,
            ObjectFilter filter,
            PageRequest page) {
        return store.read(tx -> {
            CollectionInfo c = requireReadable(tx, who, apiRoot, collectionId);
            ObjectFilter f = scoped(c, who, filter);
            Page<VersionRecord> p = tx.objects().findVersions(c.id(), objectId, f, page);
            if (p.items().isEmpty() && page.after().isEmpty()) {
                requireObject(tx, c, objectId, f);
            }
            return listing(tx, c, f, page, p);
        });
    }

    private static <T> Listing<T> listing(
            StoreTx tx, CollectionInfo c, ObjectFilter filter, PageRequest request, Page<T> page) {
        long bound;
        if (!page.items().isEmpty()) {
            bound = 0;
        } else if (request.after().isPresent()) {
            bound = request.after().get().dateAddedMicros();
        } else if (filter.addedAfterMicros().isPresent()) {
            bound = filter.addedAfterMicros().get();
        } else if (filter.postedBy().isPresent()) {
            // The collection's last addition may be another member's post, which a partner
            // must not learn of; its creation says nothing about anyone's feedback.
            bound = StixTimestamp.toMicros(c.created());
        } else {
            bound = tx.objects().lastDateAdded(c.id());
        }
        return new Listing<>(page, bound);
    }

    /** Deletes the selected versions of an object; 404 when nothing matched. */
    public int delete(Principal who, String apiRoot, String collectionId, String objectId, ObjectFilter filter) {
        return store.write(tx -> {
            CollectionInfo c = requireReadable(tx, who, apiRoot, collectionId);
            if (!Access.of(tx, who, c).canWrite()) {
                throw new PermissionDeniedException(
                        "user '" + who.name() + "' may not delete from collection '" + c.id() + "'");
            }
            // Scoped like reads: another member's feedback is reported as not there, not
            // deleted and not confirmed.
            int deleted = tx.objects().deleteObject(c.id(), objectId, scoped(c, who, filter));
            if (deleted > 0 && ViewMaterializer.isSourceKind(c.kind())) {
                listener.sourceChanged(tx, c.id(), List.of(objectId), who.name());
            }
            if (deleted == 0) {
                throw new NotFoundException("object " + Echo.quote(objectId)
                        + " has no version matching the filter in collection '" + c.id() + "'");
            }
            return deleted;
        });
    }

    /** Streams a collection in collection order, for export, as the operator. */
    // orElseThrow is called for its throw: the check that the collection exists.
    @SuppressWarnings("ReturnValueIgnored")
    public void export(String collectionId, ObjectFilter filter, Consumer<StoredObject> sink) {
        store.read(tx -> {
            tx.collections().findCollection(collectionId).orElseThrow(() -> unknownCollection(collectionId, null));
            tx.objects().forEachObject(collectionId, filter, sink);
            return null;
        });
    }

    /** A status resource, to its owner or a writer of its collection. */
    public StatusRecord status(Principal who, String apiRoot, String statusId) {
        return store.read(tx -> {
            StatusRecord s = tx.collections()
                    .findStatus(apiRoot, statusId)
                    .orElseThrow(() -> new NotFoundException("status " + Echo.quote(statusId) + " does not exist"));
            if (s.owner().equals(who.name())) {
                return s;
            }
            boolean writer = tx.collections()
                    .findCollection(s.collectionId())
                    .map(c -> Access.of(tx, who, c).canWrite())
                    .orElse(false);
            if (!writer) {
                // Not "forbidden": someone else's status must not be confirmed to exist.
                throw new NotFoundException("status " + Echo.quote(statusId) + " does not exist");
            }
            return s;
        });
    }

    /**
     * The collection, if {@code who} may read it. A collection the user cannot read is reported
     * exactly like one that does not exist.
     */
    static CollectionInfo requireReadable(StoreTx tx, Principal who, String apiRoot, String collectionId) {
        CollectionInfo c = visible(tx, apiRoot, collectionId);
        if (!Access.of(tx, who, c).canRead()) {
            throw unknownCollection(collectionId, apiRoot);
        }
        return c;
    }

    private static CollectionInfo requireWritable(StoreTx tx, Principal who, String apiRoot, String collectionId) {
        CollectionInfo c = visible(tx, apiRoot, collectionId);
        Access access = Access.of(tx, who, c);
        if (!access.canWrite()) {
            if (!access.canRead()) {
                throw unknownCollection(collectionId, apiRoot);
            }
            throw new PermissionDeniedException(
                    "user '" + who.name() + "' may not write to collection '" + c.id() + "'");
        }
        return c;
    }

    /**
     * A collection by id or, as TAXII 2.1 allows in URLs, by its alias within the API root.
     */
    private static CollectionInfo visible(StoreTx tx, String apiRoot, String collectionId) {
        Optional<CollectionInfo> c = tx.collections().findCollection(collectionId);
        if (c.isEmpty() && apiRoot != null) {
            c = tx.collections().collections(apiRoot).stream()
                    .filter(x -> collectionId.equals(x.alias()))
                    .findFirst();
        }
        if (c.isEmpty() || (apiRoot != null && !c.get().apiRoot().equals(apiRoot))) {
            throw unknownCollection(collectionId, apiRoot);
        }
        return c.get();
    }

    private static NotFoundException unknownCollection(String collectionId, String apiRoot) {
        return new NotFoundException("collection " + Echo.quote(collectionId) + " does not exist"
                + (apiRoot == null ? "" : " in API root " + Echo.quote(apiRoot)));
    }

    /**
     * A partner reads only its own posts in a feedback collection: other members' feedback is
     * theirs, and not even its existence is shown.
     */
    private static ObjectFilter scoped(CollectionInfo c, Principal who, ObjectFilter filter) {
        return c.kind() == CollectionKind.FEEDBACK && !who.isProducer() ? filter.postedBy(who.name()) : filter;
    }

    private static void requireObject(StoreTx tx, CollectionInfo c, String objectId, ObjectFilter scope) {
        ObjectFilter any = ObjectFilter.EVERYTHING;
        if (scope.postedBy().isPresent()) {
            any = any.postedBy(scope.postedBy().get());
        }
        Page<VersionRecord> found = tx.objects().findVersions(c.id(), objectId, any, PageRequest.first(1));
        if (found.items().isEmpty()) {
            throw new NotFoundException(
                    "object " + Echo.quote(objectId) + " does not exist in collection '" + c.id() + "'");
        }
    }
}
