package org.tearline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.tearline.store.TestObjects.EVERYTHING_ON_ONE_PAGE;
import static org.tearline.store.TestObjects.FIRST;
import static org.tearline.store.TestObjects.FIRST_AND_LAST;
import static org.tearline.store.TestObjects.T0;
import static org.tearline.store.TestObjects.TAXII;
import static org.tearline.store.TestObjects.account;
import static org.tearline.store.TestObjects.addedAfterFilter;
import static org.tearline.store.TestObjects.apiRoot;
import static org.tearline.store.TestObjects.at;
import static org.tearline.store.TestObjects.audience;
import static org.tearline.store.TestObjects.bulkyIndicator;
import static org.tearline.store.TestObjects.collection;
import static org.tearline.store.TestObjects.filter;
import static org.tearline.store.TestObjects.id;
import static org.tearline.store.TestObjects.idsFilter;
import static org.tearline.store.TestObjects.indicator;
import static org.tearline.store.TestObjects.key;
import static org.tearline.store.TestObjects.legacyIndicator;
import static org.tearline.store.TestObjects.malware;
import static org.tearline.store.TestObjects.micros;
import static org.tearline.store.TestObjects.numberOf;
import static org.tearline.store.TestObjects.observable;
import static org.tearline.store.TestObjects.policyVersion;
import static org.tearline.store.TestObjects.releaseState;
import static org.tearline.store.TestObjects.specVersionsFilter;
import static org.tearline.store.TestObjects.typesFilter;
import static org.tearline.store.TestObjects.versionKeys;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tearline.domain.Account;
import org.tearline.domain.ApiRoot;
import org.tearline.domain.ApiToken;
import org.tearline.domain.AudienceRecord;
import org.tearline.domain.CollectionInfo;
import org.tearline.domain.CollectionKind;
import org.tearline.domain.Grant;
import org.tearline.domain.PolicyVersion;
import org.tearline.domain.Position;
import org.tearline.domain.Provenance;
import org.tearline.domain.ReleaseState;
import org.tearline.domain.StatusRecord;
import org.tearline.domain.StoredObject;
import org.tearline.domain.VersionRecord;
import org.tearline.domain.WebSession;
import org.tearline.error.ConflictException;
import org.tearline.error.NotFoundException;
import org.tearline.error.TearlineException;

/**
 * The behaviour every {@link Store} must have. One subclass per implementation supplies empty
 * databases; every test gets its own, so no test depends on another.
 *
 * <p>Tests drive their own clock ({@link #tick()}) from {@link TestObjects#T0}, so date_added
 * values are known exactly. Times round-trip at microsecond precision, so tests use instants
 * without sub-microsecond digits.
 */
abstract class StoreContract {

    /** One empty database for one test, and the stores opened on it. */
    protected interface TestDatabase extends AutoCloseable {

        /** Opens a store (one "node") on this database, migrating it if needed. */
        Store open();

        /**
         * The provenance kept with one object version. The {@link Store} interface has no read
         * path for provenance, so each implementation's test reads it its own way.
         */
        Optional<Provenance> provenance(String collectionId, String objectId, String versionKey);

        /** Discards the database; every store opened on it is closed already. */
        @Override
        void close();
    }

    /** A fresh, empty database that nothing else uses. */
    protected abstract TestDatabase emptyDatabase();

    private TestDatabase database;
    private final List<Store> nodes = new ArrayList<>();
    /** The store under test: the first node opened on this test's database. */
    protected Store store;

    private Instant clock;

    // --- lifecycle (JUnit tests and jqwik properties) --------------------------------------------

    @BeforeEach
    final void openStore() {
        database = emptyDatabase();
        store = openNode();
        clock = T0;
    }

    @AfterEach
    final void closeStore() {
        try {
            nodes.forEach(Store::close);
            nodes.clear();
        } finally {
            if (database != null) {
                database.close();
                database = null;
            }
        }
    }

    @BeforeProperty
    final void openStoreForProperty() {
        openStore();
    }

    @AfterProperty
    final void closeStoreForProperty() {
        closeStore();
    }

    /** Opens another store on this test's database, as a second server node would. */
    protected final Store openNode() {
        Store node = database.open();
        nodes.add(node);
        return node;
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** The test clock, one second later than last time. */
    private Instant tick() {
        clock = clock.plusSeconds(1);
        return clock;
    }

    /*
     * Lambdas handed straight to assertThat(read(...)) declare (StoreTx tx): with an implicit
     * parameter type javac cannot choose among assertThat's overloads.
     */
    private <T> T read(Function<StoreTx, T> work) {
        return store.read(work);
    }

    private void write(Consumer<StoreTx> work) {
        store.write(tx -> {
            work.accept(tx);
            return null;
        });
    }

    private void ensureApiRoot(String name) {
        write(tx -> {
            if (tx.collections().findApiRoot(name).isEmpty()) {
                tx.collections().putApiRoot(apiRoot(name), T0);
            }
        });
    }

    /** A new empty collection in API root {@code api1}, created at {@link TestObjects#T0}. */
    private String newCollection() {
        ensureApiRoot("api1");
        String id = UUID.randomUUID().toString();
        write(tx -> tx.collections().createCollection(collection(id, "api1", null, T0)));
        return id;
    }

    private List<AddResult> add(String collectionId, NewObject... objects) {
        return add(collectionId, tick(), objects);
    }

    private List<AddResult> add(String collectionId, Instant now, NewObject... objects) {
        return add(store, collectionId, now, List.of(objects));
    }

    private static List<AddResult> add(Store node, String collectionId, Instant now, List<NewObject> objects) {
        return node.write(tx -> tx.objects().addObjects(collectionId, objects, now, TAXII));
    }

    private List<VersionRecord> manifest(String collectionId, ObjectFilter filter) {
        Page<VersionRecord> page = read(tx -> tx.objects().findManifest(collectionId, filter, EVERYTHING_ON_ONE_PAGE));
        assertThat(page.more()).isFalse();
        return page.items();
    }

    private List<StoredObject> objects(String collectionId, ObjectFilter filter) {
        Page<StoredObject> page = read(tx -> tx.objects().findObjects(collectionId, filter, EVERYTHING_ON_ONE_PAGE));
        assertThat(page.more()).isFalse();
        return page.items();
    }

    private List<VersionRecord> all(String collectionId) {
        return manifest(collectionId, ObjectFilter.EVERYTHING);
    }

    /** Reads every page of {@code limit} objects, following the positions the store hands out. */
    private List<Page<StoredObject>> walk(String collectionId, ObjectFilter filter, int limit, long maxBytes) {
        List<Page<StoredObject>> pages = new ArrayList<>();
        Optional<Position> after = Optional.empty();
        while (true) {
            PageRequest request = new PageRequest(limit, after, maxBytes);
            Page<StoredObject> page = read(tx -> tx.objects().findObjects(collectionId, filter, request));
            assertThat(page.last())
                    .as("the position of the last item")
                    .isEqualTo(
                            page.items().isEmpty()
                                    ? Optional.empty()
                                    : Optional.of(page.items()
                                            .get(page.items().size() - 1)
                                            .record()
                                            .position()));
            pages.add(page);
            if (!page.more()) {
                return pages;
            }
            assertThat(page.items()).as("a page followed by more is not empty").isNotEmpty();
            assertThat(pages).as("pages read").hasSizeLessThan(10_000);
            after = page.last();
        }
    }

    private static <T> List<T> concat(List<Page<T>> pages) {
        return pages.stream().flatMap(p -> p.items().stream()).toList();
    }

    private static List<VersionRecord> records(List<StoredObject> objects) {
        return objects.stream().map(StoredObject::record).toList();
    }

    /** Asserts the records are in strictly increasing (date_added, seq) order. */
    private static void assertInCollectionOrder(List<VersionRecord> records) {
        for (int i = 1; i < records.size(); i++) {
            VersionRecord a = records.get(i - 1);
            VersionRecord b = records.get(i);
            assertThat(b.dateAddedMicros() > a.dateAddedMicros()
                            || (b.dateAddedMicros() == a.dateAddedMicros() && b.seq() > a.seq()))
                    .as("%s comes after %s", b.position(), a.position())
                    .isTrue();
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("background work failed", e);
        }
    }

    // --- API roots -------------------------------------------------------------------------------

    @Test
    void apiRootIsFoundAfterPut() {
        ApiRoot root = apiRoot("intel");
        write(tx -> tx.collections().putApiRoot(root, T0));

        assertThat(read((StoreTx tx) -> tx.collections().findApiRoot("intel"))).contains(root);
        assertThat(read((StoreTx tx) -> tx.collections().findApiRoot("other"))).isEmpty();
    }

    @Test
    void apiRootWithoutDescriptionRoundTrips() {
        ApiRoot root = new ApiRoot("bare", "Bare", null, 1L);
        write(tx -> tx.collections().putApiRoot(root, T0));

        assertThat(read((StoreTx tx) -> tx.collections().findApiRoot("bare"))).contains(root);
    }

    @Test
    void apiRootsAreListedByName() {
        write(tx -> {
            tx.collections().putApiRoot(apiRoot("zeta"), T0);
            tx.collections().putApiRoot(apiRoot("alpha"), T0);
            tx.collections().putApiRoot(apiRoot("mid"), T0);
        });

        assertThat(read((StoreTx tx) -> tx.collections().apiRoots()))
                .extracting(ApiRoot::name)
                .containsExactly("alpha", "mid", "zeta");
    }

    @Test
    void puttingAnExistingApiRootUpdatesItInPlace() {
        write(tx -> tx.collections().putApiRoot(apiRoot("intel"), T0));
        write(tx -> tx.collections().createCollection(collection("c1", "intel", null, T0)));
        ApiRoot changed = new ApiRoot("intel", "Renamed", null, 2048L);

        write(tx -> tx.collections().putApiRoot(changed, at(10)));

        assertThat(read((StoreTx tx) -> tx.collections().apiRoots())).containsExactly(changed);
        assertThat(read((StoreTx tx) -> tx.collections().collections("intel")))
                .extracting(CollectionInfo::id)
                .containsExactly("c1");
    }

    // --- collections -----------------------------------------------------------------------------

    @Test
    void collectionIsFoundWithEveryField() {
        ensureApiRoot("api1");
        CollectionInfo c = new CollectionInfo(
                "c1",
                "api1",
                "Partner A",
                "Released to A",
                "partner-a",
                CollectionKind.VIEW,
                T0.plusNanos(123_456_000));
        CollectionInfo bare = new CollectionInfo("c2", "api1", "Inbound", null, null, CollectionKind.INBOUND, T0);
        write(tx -> {
            tx.collections().createCollection(c);
            tx.collections().createCollection(bare);
        });

        assertThat(read((StoreTx tx) -> tx.collections().findCollection("c1"))).contains(c);
        assertThat(read((StoreTx tx) -> tx.collections().findCollection("c2"))).contains(bare);
    }

    @Test
    void unknownCollectionIsNotFound() {
        newCollection();

        assertThat(read((StoreTx tx) -> tx.collections().findCollection("no-such-collection")))
                .isEmpty();
    }

    @Test
    void collectionsAreListedPerApiRootById() {
        ensureApiRoot("a");
        ensureApiRoot("b");
        write(tx -> {
            tx.collections().createCollection(collection("c3", "a", null, T0));
            tx.collections().createCollection(collection("c1", "a", null, T0));
            tx.collections().createCollection(collection("c2", "b", null, T0));
        });

        assertThat(read((StoreTx tx) -> tx.collections().collections("a")))
                .extracting(CollectionInfo::id)
                .containsExactly("c1", "c3");
        assertThat(read((StoreTx tx) -> tx.collections().collections("b")))
                .extracting(CollectionInfo::id)
                .containsExactly("c2");
        assertThat(read((StoreTx tx) -> tx.collections().collections("none"))).isEmpty();
        assertThat(read((StoreTx tx) -> tx.collections().allCollections()))
                .extracting(CollectionInfo::apiRoot, CollectionInfo::id)
                .containsExactly(tuple("a", "c1"), tuple("a", "c3"), tuple("b", "c2"));
    }

    @Test
    void duplicateCollectionIdConflictsEvenInAnotherApiRoot() {
        ensureApiRoot("a");
        ensureApiRoot("b");
        CollectionInfo original = collection("c1", "a", null, T0);
        write(tx -> tx.collections().createCollection(original));

        assertThatThrownBy(() -> write(tx -> tx.collections().createCollection(collection("c1", "a", "x", T0))))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> write(tx -> tx.collections().createCollection(collection("c1", "b", null, T0))))
                .isInstanceOf(ConflictException.class);
        assertThat(read((StoreTx tx) -> tx.collections().findCollection("c1"))).contains(original);
        assertThat(read((StoreTx tx) -> tx.collections().collections("b"))).isEmpty();
    }

    @Test
    void duplicateAliasWithinAnApiRootConflicts() {
        ensureApiRoot("a");
        write(tx -> tx.collections().createCollection(collection("c1", "a", "partner-a", T0)));

        assertThatThrownBy(() -> write(tx -> tx.collections().createCollection(collection("c2", "a", "partner-a", T0))))
                .isInstanceOf(ConflictException.class);
        assertThat(read((StoreTx tx) -> tx.collections().findCollection("c2"))).isEmpty();
    }

    @Test
    void sameAliasInAnotherApiRootIsAllowed() {
        ensureApiRoot("a");
        ensureApiRoot("b");
        write(tx -> tx.collections().createCollection(collection("c1", "a", "partner-a", T0)));
        write(tx -> tx.collections().createCollection(collection("c2", "b", "partner-a", T0)));

        assertThat(read((StoreTx tx) -> tx.collections().allCollections()))
                .extracting(CollectionInfo::alias)
                .containsExactly("partner-a", "partner-a");
    }

    @Test
    void collectionsWithoutAliasDoNotClash() {
        ensureApiRoot("a");
        write(tx -> tx.collections().createCollection(collection("c1", "a", null, T0)));
        write(tx -> tx.collections().createCollection(collection("c2", "a", null, T0)));

        assertThat(read((StoreTx tx) -> tx.collections().collections("a"))).hasSize(2);
    }

    @Test
    void collectionInAnUnknownApiRootIsNotFound() {
        assertThatThrownBy(() -> write(tx -> tx.collections().createCollection(collection("c1", "nowhere", null, T0))))
                .isInstanceOf(NotFoundException.class);
        assertThat(read((StoreTx tx) -> tx.collections().allCollections())).isEmpty();
    }

    // --- adding objects --------------------------------------------------------------------------

    @Test
    void newObjectIsStored() {
        String coll = newCollection();
        String id = id("indicator");
        NewObject o = indicator(id, at(-100));
        Instant now = tick();

        List<AddResult> results = add(coll, now, o);

        List<StoredObject> stored = objects(coll, ObjectFilter.EVERYTHING);
        assertThat(stored).hasSize(1);
        VersionRecord r = stored.get(0).record();
        assertThat(results)
                .as("the result names the version's place")
                .containsExactly(new AddResult(id, key(at(-100)), AddResult.Outcome.STORED, r.seq()));
        assertThat(r)
                .extracting(
                        VersionRecord::objectId,
                        VersionRecord::type,
                        VersionRecord::versionKey,
                        VersionRecord::specVersion,
                        VersionRecord::dateAddedMicros)
                .containsExactly(id, "indicator", key(at(-100)), "2.1", micros(now));
        assertThat(stored.get(0).json()).isEqualTo(o.json());
        assertThat(read((StoreTx tx) -> tx.objects().countVersions(coll))).isEqualTo(1);
    }

    @Test
    void jsonIsServedExactlyAsStored() {
        String coll = newCollection();
        NewObject o =
                indicator(id("indicator"), at(-100), "Крокус Сити Холл — ☢ \"quoted\" \\ \u00e9\u0301 \uD83D\uDCA3");

        add(coll, o);

        assertThat(objects(coll, ObjectFilter.EVERYTHING))
                .extracting(StoredObject::json)
                .containsExactly(o.json());
    }

    @Test
    void identicalRepostStoresNothing() {
        String coll = newCollection();
        NewObject o = indicator(id("indicator"), at(-100));
        add(coll, o);
        List<VersionRecord> before = all(coll);

        List<AddResult> results = add(coll, o);

        assertThat(results)
                .extracting(AddResult::id, AddResult::versionKey, AddResult::outcome)
                .containsExactly(tuple(o.id(), o.versionKey(), AddResult.Outcome.DUPLICATE));
        assertThat(all(coll)).isEqualTo(before);
    }

    @Test
    void aTransactionFillingANewCollectionFindsWhatItAddedEarlier() {
        String coll = newCollection();
        String a = id("indicator");
        String b = id("indicator");
        NewObject first = indicator(a, at(-100), "first");
        List<List<AddResult>> calls = store.write(tx -> {
            List<List<AddResult>> out = new ArrayList<>();
            out.add(tx.objects().addObjects(coll, List.of(first, indicator(b, at(-100))), tick(), TAXII));
            // Unrelated objects in between, as a view's later pages are.
            List<NewObject> others = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                others.add(indicator(id("indicator"), at(-100)));
            }
            out.add(tx.objects().addObjects(coll, others, tick(), TAXII));
            out.add(tx.objects()
                    .addObjects(
                            coll,
                            List.of(first, indicator(a, at(-100), "changed"), indicator(a, at(-50), "second")),
                            tick(),
                            TAXII));
            return out;
        });

        assertThat(calls.get(2))
                .extracting(AddResult::versionKey, AddResult::outcome)
                .containsExactly(
                        tuple(key(at(-100)), AddResult.Outcome.DUPLICATE),
                        tuple(key(at(-100)), AddResult.Outcome.CONFLICT),
                        tuple(key(at(-50)), AddResult.Outcome.STORED));
        assertThat(read((StoreTx tx) -> tx.objects().countVersions(coll))).isEqualTo(303);
        ObjectFilter latestOfA =
                new ObjectFilter(Set.of(a), Set.of(), VersionSelector.LAST, Set.of(), Optional.empty());
        assertThat(manifest(coll, latestOfA))
                .extracting(VersionRecord::versionKey)
                .containsExactly(key(at(-50)));
        ObjectFilter firstOfA = new ObjectFilter(
                Set.of(a), Set.of(), new VersionSelector(true, false, false, Set.of()), Set.of(), Optional.empty());
        assertThat(manifest(coll, firstOfA))
                .extracting(VersionRecord::versionKey)
                .containsExactly(key(at(-100)));
    }

    @Test
    void objectsAnotherNodeAddedAreDuplicatesWhenTheyArriveHere() {
        String coll = newCollection();
        // This node adds first, so it knows the collection before the other writes to it.
        add(coll, indicator(id("indicator"), at(-200)));
        Store other = openNode();
        String x = id("indicator");
        add(other, coll, tick(), List.of(indicator(x, at(-100))));

        assertThat(add(coll, indicator(x, at(-100))))
                .extracting(AddResult::outcome)
                .containsExactly(AddResult.Outcome.DUPLICATE);
        assertThat(add(coll, indicator(x, at(-100), "changed")))
                .extracting(AddResult::outcome)
                .containsExactly(AddResult.Outcome.CONFLICT);
        assertThat(add(coll, indicator(x, at(-50))))
                .extracting(AddResult::outcome)
                .containsExactly(AddResult.Outcome.STORED);
        assertThat(add(other, coll, tick(), List.of(indicator(x, at(-50)))))
                .extracting(AddResult::outcome)
                .containsExactly(AddResult.Outcome.DUPLICATE);
        assertThat(manifest(
                        coll, new ObjectFilter(Set.of(x), Set.of(), VersionSelector.LAST, Set.of(), Optional.empty())))
                .extracting(VersionRecord::versionKey)
                .containsExactly(key(at(-50)));
        assertThat(read((StoreTx tx) -> tx.objects().countVersions(coll))).isEqualTo(3);
    }

    @Test
    void anObjectWhoseAdditionWasRolledBackIsStoredOnceWhenItArrivesAgain() {
        String coll = newCollection();
        String x = id("indicator");
        assertThatThrownBy(() -> store.write(tx -> {
                    tx.objects().addObjects(coll, List.of(indicator(x, at(-100))), tick(), TAXII);
                    throw new IllegalStateException("abandoned");
                }))
                .hasMessage("abandoned");
        Store other = openNode();

        assertThat(add(other, coll, tick(), List.of(indicator(x, at(-100)))))
                .extracting(AddResult::outcome)
                .containsExactly(AddResult.Outcome.STORED);
        assertThat(add(coll, indicator(x, at(-100))))
                .extracting(AddResult::outcome)
                .containsExactly(AddResult.Outcome.DUPLICATE);
        assertThat(add(coll, indicator(id("indicator"), at(-100))))
                .extracting(AddResult::outcome)
                .containsExactly(AddResult.Outcome.STORED);
        assertThat(all(coll)).hasSize(2);
    }

    @Test
    void objectsAreFoundByIdAfterThousandsMoreHaveBeenAdded() {
        // Enough envelopes for a store's identity entries to leave the tier they start in.
        String coll = newCollection();
        List<String> first = new ArrayList<>();
        for (int envelope = 0; envelope < 6; envelope++) {
            List<NewObject> objects = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                String id = id("indicator");
                if (envelope == 0) {
                    first.add(id);
                }
                objects.add(indicator(id, at(-100)));
            }
            assertThat(add(store, coll, tick(), objects))
                    .extracting(AddResult::outcome)
                    .containsOnly(AddResult.Outcome.STORED);
        }
        List<String> some = first.subList(0, 40);

        assertThat(add(
                        store,
                        coll,
                        tick(),
                        first.stream().map(id -> indicator(id, at(-100))).toList()))
                .extracting(AddResult::outcome)
                .containsOnly(AddResult.Outcome.DUPLICATE);
        assertThat(add(
                        store,
                        coll,
                        tick(),
                        some.stream().map(id -> indicator(id, at(-50))).toList()))
                .extracting(AddResult::outcome)
                .containsOnly(AddResult.Outcome.STORED);
        assertThat(manifest(
                        coll,
                        new ObjectFilter(Set.copyOf(some), Set.of(), VersionSelector.LAST, Set.of(), Optional.empty())))
                .extracting(VersionRecord::versionKey)
                .hasSize(40)
                .containsOnly(key(at(-50)));
        assertThat(manifest(coll, new ObjectFilter(Set.copyOf(some), Set.of(), FIRST, Set.of(), Optional.empty())))
                .extracting(VersionRecord::versionKey)
                .hasSize(40)
                .containsOnly(key(at(-100)));
        assertThat(store.write((StoreTx tx) -> tx.objects().deleteObject(coll, some.get(0), ObjectFilter.EVERYTHING)))
                .isEqualTo(2);
        assertThat(read((StoreTx tx) -> tx.objects()
                                .findVersions(coll, some.get(0), ObjectFilter.EVERYTHING, EVERYTHING_ON_ONE_PAGE))
                        .items())
                .isEmpty();
        assertThat(read((StoreTx tx) -> tx.objects()
                                .findVersions(coll, some.get(1), ObjectFilter.EVERYTHING, EVERYTHING_ON_ONE_PAGE))
                        .items())
                .extracting(VersionRecord::versionKey)
                .containsExactly(key(at(-100)), key(at(-50)));
        assertThat(read((StoreTx tx) -> tx.objects().countVersions(coll))).isEqualTo(6_000 + 40 - 2);
    }

    @Test
    void sameVersionDifferentContentConflicts() {
        String coll = newCollection();
        String id = id("indicator");
        NewObject original = indicator(id, at(-100), "original");
        NewObject changed = indicator(id, at(-100), "changed without a new modified");
        add(coll, original);

        List<AddResult> results = add(coll, changed);

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(AddResult.Outcome.CONFLICT);
            assertThat(r.id()).isEqualTo(id);
            assertThat(r.versionKey()).isEqualTo(key(at(-100)));
        });
        assertThat(objects(coll, ObjectFilter.EVERYTHING))
                .extracting(StoredObject::json)
                .containsExactly(original.json());
    }

    @Test
    void newModifiedIsANewVersion() {
        String coll = newCollection();
        String id = id("indicator");
        add(coll, indicator(id, at(-100)));

        List<AddResult> results = add(coll, indicator(id, at(-50), "revised"));

        assertThat(results).extracting(AddResult::outcome).containsExactly(AddResult.Outcome.STORED);
        assertThat(all(coll)).extracting(VersionRecord::versionKey).containsExactly(key(at(-100)), key(at(-50)));
        assertThat(manifest(coll, ObjectFilter.LATEST))
                .extracting(VersionRecord::versionKey)
                .containsExactly(key(at(-50)));
        assertThat(manifest(coll, filter(FIRST)))
                .extracting(VersionRecord::versionKey)
                .containsExactly(key(at(-100)));
    }

    @Test
    void oneCallReportsEveryInputInOrder() {
        String coll = newCollection();
        String a = id("indicator");
        String b = id("malware");
        add(coll, indicator(a, at(-100), "first"));

        List<AddResult> results = add(
                coll,
                malware(b, at(-90)),
                indicator(a, at(-100), "first"),
                indicator(a, at(-100), "second"),
                indicator(a, at(-80)));

        assertThat(results)
                .extracting(AddResult::id, AddResult::versionKey, AddResult::outcome)
                .containsExactly(
                        tuple(b, key(at(-90)), AddResult.Outcome.STORED),
                        tuple(a, key(at(-100)), AddResult.Outcome.DUPLICATE),
                        tuple(a, key(at(-100)), AddResult.Outcome.CONFLICT),
                        tuple(a, key(at(-80)), AddResult.Outcome.STORED));
        assertThat(results)
                .filteredOn(r -> r.outcome() != AddResult.Outcome.STORED)
                .extracting(AddResult::seq)
                .containsOnly(0L);
    }

    @Test
    void addingNothingChangesNothing() {
        String coll = newCollection();

        assertThat(add(coll)).isEmpty();
        assertThat(read((StoreTx tx) -> tx.objects().lastDateAdded(coll))).isEqualTo(micros(T0));
        assertThat(read((StoreTx tx) -> tx.objects().countVersions(coll))).isZero();
    }

    @Test
    void oneCallSharesOneDateAddedTheCallsTime() {
        String coll = newCollection();
        Instant now = at(100).plusNanos(123_456_000);

        add(
                coll,
                now,
                indicator(id("indicator"), at(-1)),
                malware(id("malware"), at(-1)),
                observable(id("ipv4-addr"), "198.51.100.7"));

        assertThat(all(coll))
                .extracting(VersionRecord::dateAddedMicros)
                .containsOnly(micros(now))
                .hasSize(3);
        assertThat(all(coll).get(0).dateAdded()).isEqualTo(now);
    }

    @Test
    void dateAddedIncreasesEvenWhenTheClockGoesBackwards() {
        String coll = newCollection();
        add(coll, at(100), indicator(id("indicator"), at(-1)));
        add(coll, at(50), indicator(id("indicator"), at(-1)), indicator(id("indicator"), at(-1)));
        add(coll, at(100), indicator(id("indicator"), at(-1)));

        List<Long> added =
                all(coll).stream().map(VersionRecord::dateAddedMicros).toList();

        assertThat(added.get(0)).isEqualTo(micros(at(100)));
        assertThat(added.get(1)).isGreaterThan(added.get(0)).isEqualTo(added.get(2));
        assertThat(added.get(3)).isGreaterThan(added.get(2));
    }

    @Test
    void dateAddedIncreasesWhenTheClockStandsStill() {
        String coll = newCollection();
        Instant now = at(100);
        add(coll, now, indicator(id("indicator"), at(-1)));
        add(coll, now, indicator(id("indicator"), at(-1)));

        List<VersionRecord> all = all(coll);

        assertThat(all.get(1).dateAddedMicros()).isGreaterThan(all.get(0).dateAddedMicros());
    }

    @Test
    void seqIncreasesInCollectionOrderAndIsUnique() {
        String coll = newCollection();
        for (int call = 0; call < 5; call++) {
            add(
                    coll,
                    at(10 - call),
                    indicator(id("indicator"), at(-1)),
                    malware(id("malware"), at(-1)),
                    indicator(id("indicator"), at(-1)));
        }

        List<VersionRecord> all = all(coll);

        assertThat(all).hasSize(15);
        assertInCollectionOrder(all);
        assertThat(all).extracting(VersionRecord::seq).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void storedVersionsOfOneCallKeepTheCallsOrder() {
        String coll = newCollection();
        List<NewObject> given = IntStream.range(0, 30)
                .mapToObj(i -> i % 2 == 0 ? indicator(id("indicator"), at(-i)) : malware(id("malware"), at(-i)))
                .toList();

        store.write(tx -> tx.objects().addObjects(coll, given, tick(), TAXII));

        assertThat(all(coll))
                .extracting(VersionRecord::objectId)
                .containsExactlyElementsOf(given.stream().map(NewObject::id).toList());
    }

    @Test
    void olderVersionPostedLaterKeepsFirstAndLastRight() {
        String coll = newCollection();
        String id = id("indicator");
        add(coll, indicator(id, at(-100)));
        add(coll, indicator(id, at(-300)));
        add(coll, indicator(id, at(-200)));

        assertThat(manifest(coll, ObjectFilter.LATEST))
                .extracting(VersionRecord::versionKey)
                .containsExactly(key(at(-100)));
        assertThat(manifest(coll, filter(FIRST)))
                .extracting(VersionRecord::versionKey)
                .containsExactly(key(at(-300)));
        assertThat(all(coll))
                .extracting(VersionRecord::versionKey)
                .containsExactly(key(at(-100)), key(at(-300)), key(at(-200)));
    }

    @Test
    void severalVersionsOfOneObjectInOneCall() {
        String coll = newCollection();
        String id = id("indicator");
        add(coll, indicator(id, at(-250)));

        List<AddResult> results = add(
                coll,
                indicator(id, at(-200)),
                indicator(id, at(-300)),
                indicator(id, at(-100)),
                indicator(id, at(-200)));

        assertThat(results)
                .extracting(AddResult::outcome)
                .containsExactly(
                        AddResult.Outcome.STORED,
                        AddResult.Outcome.STORED,
                        AddResult.Outcome.STORED,
                        AddResult.Outcome.DUPLICATE);
        assertThat(all(coll))
                .extracting(VersionRecord::versionKey)
                .containsExactly(key(at(-250)), key(at(-200)), key(at(-300)), key(at(-100)));
        assertThat(manifest(coll, filter(FIRST_AND_LAST)))
                .extracting(VersionRecord::versionKey)
                .containsExactly(key(at(-300)), key(at(-100)));
    }

    @Test
    void sameVersionTwiceInOneCallWithDifferentContentConflicts() {
        String coll = newCollection();
        String id = id("indicator");

        List<AddResult> results = add(coll, indicator(id, at(-1), "one"), indicator(id, at(-1), "two"));

        assertThat(results)
                .extracting(AddResult::outcome)
                .containsExactly(AddResult.Outcome.STORED, AddResult.Outcome.CONFLICT);
        assertThat(objects(coll, ObjectFilter.EVERYTHING))
                .extracting(StoredObject::json)
                .containsExactly(indicator(id, at(-1), "one").json());
    }

    @Test
    void unversionedObjectIsVersionedByItsDateAdded() {
        String coll = newCollection();
        NewObject o = observable(id("ipv4-addr"), "198.51.100.7");
        Instant now = at(5).plusNanos(250_000);

        List<AddResult> results = add(coll, now, o);

        assertThat(results)
                .extracting(AddResult::versionKey, AddResult::outcome)
                .containsExactly(tuple(key(now), AddResult.Outcome.STORED));
        assertThat(all(coll)).singleElement().satisfies(r -> {
            assertThat(r.versionKey()).isEqualTo(key(now));
            assertThat(r.dateAddedMicros()).isEqualTo(micros(now));
            assertThat(r.version()).isEqualTo("2024-03-07T09:00:05.00025Z");
        });
    }

    @Test
    void identicalUnversionedRepostIsADuplicate() {
        String coll = newCollection();
        NewObject o = observable(id("ipv4-addr"), "198.51.100.7");
        Instant first = tick();
        add(coll, first, o);

        List<AddResult> results = add(coll, o);

        assertThat(results)
                .extracting(AddResult::versionKey, AddResult::outcome)
                .containsExactly(tuple(key(first), AddResult.Outcome.DUPLICATE));
        assertThat(all(coll)).hasSize(1);
    }

    @Test
    void changedUnversionedObjectIsANewVersion() {
        String coll = newCollection();
        String id = id("ipv4-addr");
        Instant first = tick();
        add(coll, first, observable(id, "198.51.100.7"));
        Instant second = tick();

        List<AddResult> results = add(coll, second, observable(id, "198.51.100.8"));

        assertThat(results)
                .extracting(AddResult::versionKey, AddResult::outcome)
                .containsExactly(tuple(key(second), AddResult.Outcome.STORED));
        assertThat(all(coll)).extracting(VersionRecord::versionKey).containsExactly(key(first), key(second));
        assertThat(objects(coll, ObjectFilter.LATEST))
                .extracting(StoredObject::json)
                .containsExactly(observable(id, "198.51.100.8").json());
        // posting the first content again is recognised as the first version
        assertThat(add(coll, observable(id, "198.51.100.7")))
                .extracting(AddResult::versionKey, AddResult::outcome)
                .containsExactly(tuple(key(first), AddResult.Outcome.DUPLICATE));
    }

    @Test
    void twoContentsOfOneUnversionedObjectInOneCallAreTwoVersions() {
        String coll = newCollection();
        String id = id("ipv4-addr");
        Instant now = tick();

        List<AddResult> results = add(
                coll,
                now,
                observable(id, "198.51.100.7"),
                observable(id, "198.51.100.8"),
                observable(id, "198.51.100.7"));

        assertThat(results)
                .extracting(AddResult::versionKey, AddResult::outcome)
                .containsExactly(
                        tuple(key(now), AddResult.Outcome.STORED),
                        tuple(key(now.plusNanos(1)), AddResult.Outcome.STORED),
                        tuple(key(now), AddResult.Outcome.DUPLICATE));
        assertThat(objects(coll, ObjectFilter.LATEST))
                .extracting(StoredObject::json)
                .containsExactly(observable(id, "198.51.100.8").json());
    }

    @Test
    void addingToAnUnknownCollectionIsNotFound() {
        newCollection();

        assertThatThrownBy(() -> add("no-such-collection", indicator(id("indicator"), at(-1))))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void provenanceIsKeptWithEveryVersion() {
        String coll = newCollection();
        String id = id("indicator");
        Provenance feed = new Provenance("feed", "https://partner.example/taxii2/");
        store.write(tx -> tx.objects().addObjects(coll, List.of(indicator(id, at(-2))), tick(), TAXII));
        store.write(tx -> tx.objects().addObjects(coll, List.of(indicator(id, at(-1))), tick(), feed));
        // a duplicate does not overwrite where the version came from
        store.write(tx -> tx.objects().addObjects(coll, List.of(indicator(id, at(-2))), tick(), feed));

        assertThat(database.provenance(coll, id, key(at(-2)))).contains(TAXII);
        assertThat(database.provenance(coll, id, key(at(-1)))).contains(feed);
    }

    @Test
    void collectionsKeepSeparateObjects() {
        String c1 = newCollection();
        String c2 = newCollection();
        String id = id("indicator");
        add(c1, indicator(id, at(-1), "in c1"));

        List<AddResult> results = add(c2, indicator(id, at(-1), "in c2"));

        assertThat(results).extracting(AddResult::outcome).containsExactly(AddResult.Outcome.STORED);
        assertThat(objects(c1, ObjectFilter.EVERYTHING))
                .extracting(StoredObject::json)
                .containsExactly(indicator(id, at(-1), "in c1").json());
        assertThat(objects(c2, ObjectFilter.EVERYTHING))
                .extracting(StoredObject::json)
                .containsExactly(indicator(id, at(-1), "in c2").json());
    }

    // --- finding objects: a small history shared by the filter tests -----------------------------

    /**
     * Three calls: indicator A (three versions, the middle one posted last), malware M (two
     * versions), a STIX 2.0 indicator L and an observable O (two contents, so two versions).
     * Collection order: A1 M1 | A3 L1 O1 | A2 M2 O2.
     */
    private final class History {
        final String coll = newCollection();
        final String a = id("indicator");
        final String m = id("malware");
        final String l = id("indicator");
        final String o = id("ipv4-addr");
        final Map<String, String> labels = new HashMap<>();

        History() {
            call(at(100), List.of("A1", "M1"), indicator(a, at(-300)), malware(m, at(-300)));
            call(
                    at(200),
                    List.of("A3", "L1", "O1"),
                    indicator(a, at(-100)),
                    legacyIndicator(l, at(-250)),
                    observable(o, "198.51.100.1"));
            call(
                    at(300),
                    List.of("A2", "M2", "O2"),
                    indicator(a, at(-200)),
                    malware(m, at(-50)),
                    observable(o, "198.51.100.2"));
        }

        private void call(Instant now, List<String> names, NewObject... objects) {
            List<AddResult> results = add(coll, now, objects);
            assertThat(results).extracting(AddResult::outcome).containsOnly(AddResult.Outcome.STORED);
            for (int i = 0; i < names.size(); i++) {
                labels.put(results.get(i).id() + "@" + results.get(i).versionKey(), names.get(i));
            }
        }

        List<String> find(ObjectFilter filter) {
            List<VersionRecord> manifest = manifest(coll, filter);
            List<StoredObject> objects = objects(coll, filter);
            assertThat(records(objects)).as("objects and manifest agree").isEqualTo(manifest);
            assertInCollectionOrder(manifest);
            return label(manifest);
        }

        List<String> label(List<VersionRecord> records) {
            return records.stream()
                    .map(r -> labels.getOrDefault(r.objectId() + "@" + r.versionKey(), "?"))
                    .toList();
        }

        ObjectFilter combined(
                Set<String> ids,
                Set<String> types,
                VersionSelector versions,
                Set<String> specVersions,
                Optional<Long> addedAfter) {
            return new ObjectFilter(ids, types, versions, specVersions, addedAfter);
        }
    }

    @Test
    void everyVersionComesInCollectionOrder() {
        History h = new History();

        assertThat(h.find(ObjectFilter.EVERYTHING)).containsExactly("A1", "M1", "A3", "L1", "O1", "A2", "M2", "O2");
    }

    @Test
    void defaultFilterReturnsTheLatestVersionOfEachObject() {
        History h = new History();

        assertThat(h.find(ObjectFilter.LATEST)).containsExactly("A3", "L1", "M2", "O2");
    }

    @Test
    void versionFirstReturnsTheEarliestVersionOfEachObject() {
        History h = new History();

        assertThat(h.find(filter(FIRST))).containsExactly("A1", "M1", "L1", "O1");
    }

    @Test
    void versionFirstAndLastReturnsBothEndsOnce() {
        History h = new History();

        assertThat(h.find(filter(FIRST_AND_LAST))).containsExactly("A1", "M1", "A3", "L1", "O1", "M2", "O2");
    }

    @Test
    void exactVersionsSelectThoseVersions() {
        History h = new History();

        assertThat(h.find(filter(versionKeys(at(-200))))).containsExactly("A2");
        assertThat(h.find(filter(versionKeys(at(-300), at(-250))))).containsExactly("A1", "M1", "L1");
        assertThat(h.find(filter(versionKeys(at(-999))))).isEmpty();
    }

    @Test
    void exactVersionsCombineWithFirstAndLast() {
        History h = new History();

        assertThat(h.find(filter(new VersionSelector(false, true, false, Set.of(key(at(-200)))))))
                .containsExactly("A3", "L1", "A2", "M2", "O2");
        assertThat(h.find(filter(new VersionSelector(true, false, false, Set.of(key(at(-100)), key(at(-50)))))))
                .containsExactly("A1", "M1", "A3", "L1", "O1", "M2");
    }

    @Test
    void idsFilterSelectsThoseObjects() {
        History h = new History();

        assertThat(h.find(idsFilter(h.a, h.o))).containsExactly("A1", "A3", "O1", "A2", "O2");
        assertThat(h.find(idsFilter("indicator--00000000-0000-4000-8000-000000000000")))
                .isEmpty();
    }

    @Test
    void typesFilterSelectsThoseTypes() {
        History h = new History();

        assertThat(h.find(typesFilter("malware", "ipv4-addr"))).containsExactly("M1", "O1", "M2", "O2");
        assertThat(h.find(typesFilter("indicator"))).containsExactly("A1", "A3", "L1", "A2");
    }

    @Test
    void specVersionsFilterSelectsThoseSpecVersions() {
        History h = new History();

        assertThat(h.find(specVersionsFilter("2.0"))).containsExactly("L1");
        assertThat(h.find(specVersionsFilter("2.1"))).containsExactly("A1", "M1", "A3", "O1", "A2", "M2", "O2");
        assertThat(h.find(specVersionsFilter("2.0", "2.1"))).hasSize(8);
    }

    @Test
    void addedAfterIsExclusive() {
        History h = new History();

        assertThat(h.find(addedAfterFilter(micros(at(200))))).containsExactly("A2", "M2", "O2");
        assertThat(h.find(addedAfterFilter(micros(at(200)) - 1))).containsExactly("A3", "L1", "O1", "A2", "M2", "O2");
        assertThat(h.find(addedAfterFilter(micros(at(300))))).isEmpty();
    }

    @Test
    void filtersCombineWithAnd() {
        History h = new History();

        assertThat(h.find(h.combined(
                        Set.of(h.a, h.m, h.l),
                        Set.of("indicator"),
                        VersionSelector.LAST,
                        Set.of("2.1"),
                        Optional.of(micros(at(100))))))
                .containsExactly("A3");
        assertThat(h.find(h.combined(
                        Set.of(h.a, h.m, h.l), Set.of("indicator"), VersionSelector.LAST, Set.of(), Optional.empty())))
                .containsExactly("A3", "L1");
        assertThat(h.find(h.combined(
                        Set.of(), Set.of("malware"), VersionSelector.ALL, Set.of("2.1"), Optional.of(micros(at(100))))))
                .containsExactly("M2");
    }

    @Test
    void addedAfterDoesNotMoveFirstOrLast() {
        History h = new History();

        // A's first version (A1) was added at 100, so A has no first version added after 100
        assertThat(h.find(h.combined(Set.of(), Set.of(), FIRST, Set.of(), Optional.of(micros(at(100))))))
                .containsExactly("L1", "O1");
        // A's latest version (A3) was added before A2
        assertThat(h.find(h.combined(Set.of(), Set.of(), VersionSelector.LAST, Set.of(), Optional.of(micros(at(200))))))
                .containsExactly("M2", "O2");
    }

    @Test
    void filterMatchingNothingGivesAnEmptyPage() {
        History h = new History();

        Page<StoredObject> page =
                read(tx -> tx.objects().findObjects(h.coll, typesFilter("campaign"), PageRequest.first(10)));

        assertThat(page.items()).isEmpty();
        assertThat(page.more()).isFalse();
        assertThat(page.last()).isEmpty();
    }

    @Test
    void emptyCollectionHasNothingToFind() {
        String coll = newCollection();

        assertThat(objects(coll, ObjectFilter.EVERYTHING)).isEmpty();
        assertThat(manifest(coll, ObjectFilter.LATEST)).isEmpty();
        assertThat(read(tx -> tx.objects()
                                .findVersions(coll, id("indicator"), ObjectFilter.EVERYTHING, PageRequest.first(10)))
                        .items())
                .isEmpty();
    }

    @Test
    void versionsOfOneObjectComeInCollectionOrder() {
        History h = new History();

        assertThat(h.label(read(tx ->
                                tx.objects().findVersions(h.coll, h.a, ObjectFilter.EVERYTHING, EVERYTHING_ON_ONE_PAGE))
                        .items()))
                .containsExactly("A1", "A3", "A2");
        assertThat(h.label(read(tx ->
                                tx.objects().findVersions(h.coll, h.a, filter(FIRST_AND_LAST), EVERYTHING_ON_ONE_PAGE))
                        .items()))
                .containsExactly("A1", "A3");
        assertThat(h.label(read(tx -> tx.objects()
                                .findVersions(h.coll, h.a, addedAfterFilter(micros(at(100))), EVERYTHING_ON_ONE_PAGE))
                        .items()))
                .containsExactly("A3", "A2");
        assertThat(read(tx -> tx.objects()
                                .findVersions(h.coll, id("indicator"), ObjectFilter.EVERYTHING, EVERYTHING_ON_ONE_PAGE))
                        .items())
                .isEmpty();
    }

    @Test
    void versionsPageLikeObjects() {
        String coll = newCollection();
        String id = id("indicator");
        for (int v = 0; v < 7; v++) {
            add(coll, indicator(id, at(-v)), malware(id("malware"), at(-v)));
        }

        Page<VersionRecord> first =
                read(tx -> tx.objects().findVersions(coll, id, ObjectFilter.EVERYTHING, PageRequest.first(4)));
        Page<VersionRecord> second = read(tx -> tx.objects()
                .findVersions(
                        coll,
                        id,
                        ObjectFilter.EVERYTHING,
                        TestObjects.after(first.last().orElseThrow(), 4)));

        assertThat(first.items()).hasSize(4);
        assertThat(first.more()).isTrue();
        assertThat(second.items()).hasSize(3);
        assertThat(second.more()).isFalse();
        assertThat(concatVersions(first, second))
                .extracting(VersionRecord::versionKey)
                .containsExactlyElementsOf(
                        IntStream.range(0, 7).mapToObj(v -> key(at(-v))).toList());
    }

    private static List<VersionRecord> concatVersions(Page<VersionRecord> a, Page<VersionRecord> b) {
        List<VersionRecord> out = new ArrayList<>(a.items());
        out.addAll(b.items());
        return out;
    }

    // --- paging ----------------------------------------------------------------------------------

    @Test
    void pagingVisitsEveryRowExactlyOnce() {
        String coll = newCollection();
        for (int call = 0; call < 6; call++) {
            add(coll, indicator(id("indicator"), at(-call)), malware(id("malware"), at(-call)));
        }
        List<StoredObject> onePage = objects(coll, ObjectFilter.EVERYTHING);

        List<Page<StoredObject>> pages = walk(coll, ObjectFilter.EVERYTHING, 5, Long.MAX_VALUE);

        assertThat(pages).extracting(p -> p.items().size()).containsExactly(5, 5, 2);
        assertThat(concat(pages)).isEqualTo(onePage);
    }

    @Test
    void pagingThroughRowsSharingOneDateAddedVisitsEachOnce() {
        String coll = newCollection();
        NewObject[] batch = IntStream.range(0, 25)
                .mapToObj(i -> indicator(id("indicator"), at(-i)))
                .toArray(NewObject[]::new);
        add(coll, batch);
        add(coll, indicator(id("indicator"), at(-1)));

        List<Page<StoredObject>> pages = walk(coll, ObjectFilter.EVERYTHING, 4, Long.MAX_VALUE);

        List<String> ids =
                concat(pages).stream().map(o -> o.record().objectId()).toList();
        assertThat(ids).hasSize(26).doesNotHaveDuplicates();
        assertThat(ids.subList(0, 25))
                .containsExactlyElementsOf(
                        List.of(batch).stream().map(NewObject::id).toList());
        assertThat(concat(pages)).isEqualTo(objects(coll, ObjectFilter.EVERYTHING));
    }

    @Test
    void moreIsFalseOnTheLastPage() {
        String coll = newCollection();
        for (int i = 0; i < 6; i++) {
            add(coll, indicator(id("indicator"), at(-i)));
        }

        List<Page<StoredObject>> pages = walk(coll, ObjectFilter.EVERYTHING, 3, Long.MAX_VALUE);

        assertThat(pages).extracting(Page::more).containsExactly(true, false);
        assertThat(pages.get(1).items()).hasSize(3);
        assertThat(pages.get(1).last())
                .contains(pages.get(1).items().get(2).record().position());
        Page<StoredObject> beyond = read(tx -> tx.objects()
                .findObjects(
                        coll,
                        ObjectFilter.EVERYTHING,
                        TestObjects.after(pages.get(1).last().orElseThrow(), 3)));
        assertThat(beyond.items()).isEmpty();
        assertThat(beyond.more()).isFalse();
    }

    @Test
    void pagingAppliesTheFilterOnEveryPage() {
        String coll = newCollection();
        String id = id("indicator");
        for (int v = 0; v < 9; v++) {
            add(coll, indicator(id, at(-100 + v)), malware(id("malware"), at(-v)));
        }
        ObjectFilter filter = new ObjectFilter(
                Set.of(), Set.of("malware"), VersionSelector.ALL, Set.of(), Optional.of(micros(at(2))));

        List<Page<StoredObject>> pages = walk(coll, filter, 2, Long.MAX_VALUE);

        assertThat(concat(pages))
                .extracting(o -> o.record().type())
                .containsOnly("malware")
                .hasSize(7);
        assertThat(concat(pages)).isEqualTo(objects(coll, filter));
    }

    @Test
    void objectsAddedWhilePagingComeAfterEveryPositionHandedOut() {
        String coll = newCollection();
        for (int i = 0; i < 5; i++) {
            add(coll, at(100), indicator(id("indicator"), at(-i)));
        }
        Page<StoredObject> first =
                read(tx -> tx.objects().findObjects(coll, ObjectFilter.EVERYTHING, PageRequest.first(3)));
        // the clock went backwards before the next post
        String late = id("malware");
        add(coll, at(50), malware(late, at(-1)));

        Page<StoredObject> rest = read(tx -> tx.objects()
                .findObjects(
                        coll,
                        ObjectFilter.EVERYTHING,
                        TestObjects.after(first.last().orElseThrow(), 100)));

        assertThat(rest.items()).hasSize(3);
        assertThat(rest.items().get(2).record().objectId()).isEqualTo(late);
        assertThat(rest.items().get(2).record().position().dateAddedMicros())
                .isGreaterThan(first.last().orElseThrow().dateAddedMicros());
    }

    @Test
    void byteBudgetEndsAPageEarly() {
        String coll = newCollection();
        NewObject[] bulky = IntStream.range(0, 6)
                .mapToObj(i -> bulkyIndicator(id("indicator"), at(-i), 1_000))
                .toArray(NewObject[]::new);
        add(coll, bulky);
        long size = bulky[0].json().length();
        assertThat(bulky).extracting(o -> (long) o.json().length()).containsOnly(size);

        Page<StoredObject> page = read(tx -> tx.objects()
                .findObjects(
                        coll, ObjectFilter.EVERYTHING, new PageRequest(100, Optional.empty(), 2 * size + size / 2)));

        // a page stops once its JSON passes the budget: the third object passes it
        assertThat(page.items()).hasSize(3);
        assertThat(page.more()).isTrue();
        assertThat(page.last()).contains(page.items().get(2).record().position());
    }

    @Test
    void byteBudgetStillReturnsOneObjectPerPage() {
        String coll = newCollection();
        NewObject[] bulky = IntStream.range(0, 4)
                .mapToObj(i -> bulkyIndicator(id("indicator"), at(-i), 2_000))
                .toArray(NewObject[]::new);
        add(coll, bulky);

        List<Page<StoredObject>> pages = walk(coll, ObjectFilter.EVERYTHING, 100, 1);

        assertThat(pages).extracting(p -> p.items().size()).containsExactly(1, 1, 1, 1);
        assertThat(pages).extracting(Page::more).containsExactly(true, true, true, false);
        assertThat(concat(pages)).isEqualTo(objects(coll, ObjectFilter.EVERYTHING));
    }

    @Test
    void byteBudgetThatFitsEverythingEndsWithoutMore() {
        String coll = newCollection();
        NewObject[] bulky = IntStream.range(0, 3)
                .mapToObj(i -> bulkyIndicator(id("indicator"), at(-i), 500))
                .toArray(NewObject[]::new);
        add(coll, bulky);
        long total = List.of(bulky).stream().mapToLong(o -> o.json().length()).sum();

        Page<StoredObject> page = read(tx -> tx.objects()
                .findObjects(coll, ObjectFilter.EVERYTHING, new PageRequest(100, Optional.empty(), total + 1)));

        assertThat(page.items()).hasSize(3);
        assertThat(page.more()).isFalse();
    }

    // --- the model: random histories against a plain in-memory collection ------------------------

    /** One object to post: which of the pool's objects, which version, which content. */
    record Post(int object, int version, int variant) {}

    /** One step of a history. */
    sealed interface Step permits AddStep, DeleteStep {}

    /** One addObjects call at {@code T0 + clock} seconds (the clock jumps back and forth). */
    record AddStep(List<Post> posts, int clock) implements Step {}

    /** One deleteObject call. */
    record DeleteStep(int object, VersionSelector versions) implements Step {}

    /** One query, read in one big page and in pages of {@code pageSize}. */
    record Query(ObjectFilter filter, int pageSize) {}

    private static final int POOL = 6;
    private static final int VERSIONS = 4;

    /** Objects 0-3 carry modified timestamps; 4 and 5 are observables versioned by date_added. */
    private static String poolId(int object) {
        String type = switch (object) {
            case 2 -> "malware";
            case 4, 5 -> "ipv4-addr";
            default -> "indicator";
        };
        return type + "--00000000-0000-4000-8000-00000000000" + object;
    }

    private static Instant poolVersion(int version) {
        return at(-1_000 + 60L * version);
    }

    private static NewObject poolObject(Post p) {
        String id = poolId(p.object());
        Instant modified = poolVersion(p.version());
        if (id.startsWith("ipv4-addr")) {
            return observable(id, "198.51.100." + p.variant());
        }
        if (id.startsWith("malware")) {
            return malware(id, modified, "family " + p.variant());
        }
        return p.variant() == 2 ? legacyIndicator(id, modified) : indicator(id, modified, "variant " + p.variant());
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<Post> post = Combinators.combine(
                        Arbitraries.integers().between(0, POOL - 1),
                        Arbitraries.integers().between(0, VERSIONS - 1),
                        Arbitraries.integers().between(0, 2))
                .as(Post::new);
        Arbitrary<Step> add = Combinators.combine(
                        post.list().ofMinSize(0).ofMaxSize(6),
                        Arbitraries.integers().between(0, 20))
                .as(AddStep::new);
        Arbitrary<Step> delete = Combinators.combine(Arbitraries.integers().between(0, POOL - 1), selectors())
                .as(DeleteStep::new);
        return Arbitraries.frequencyOf(Tuple.of(6, add), Tuple.of(1, delete))
                .list()
                .ofMinSize(1)
                .ofMaxSize(10);
    }

    @Provide
    Arbitrary<List<Query>> queries() {
        Arbitrary<Set<String>> ids = orNone(Arbitraries.integers()
                .between(0, POOL - 1)
                .map(StoreContract::poolId)
                .set()
                .ofMinSize(1)
                .ofMaxSize(4));
        Arbitrary<Set<String>> types = orNone(Arbitraries.of("indicator", "malware", "ipv4-addr", "note")
                .set()
                .ofMinSize(1)
                .ofMaxSize(2));
        Arbitrary<Set<String>> specVersions = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(Set.<String>of())),
                Tuple.of(1, Arbitraries.of(Set.of("2.1"), Set.of("2.0"), Set.of("2.0", "2.1"))));
        Arbitrary<Optional<Long>> addedAfter =
                Arbitraries.integers().between(0, 22).map(s -> micros(at(s))).optional(0.3);
        Arbitrary<ObjectFilter> filter = Combinators.combine(ids, types, selectors(), specVersions, addedAfter)
                .as(ObjectFilter::new);
        return Combinators.combine(filter, Arbitraries.integers().between(1, 6))
                .as(Query::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(4);
    }

    /** No restriction (an empty set) half of the time. */
    private static Arbitrary<Set<String>> orNone(Arbitrary<Set<String>> values) {
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(Set.<String>of())), Tuple.of(1, values));
    }

    private static Arbitrary<VersionSelector> selectors() {
        Arbitrary<Set<String>> keys = Arbitraries.integers()
                .between(0, VERSIONS)
                .map(v -> key(poolVersion(v)))
                .set()
                .ofMaxSize(2);
        return Combinators.combine(
                        Arbitraries.of(true, false),
                        Arbitraries.of(true, false),
                        Arbitraries.of(true, false).edgeCases(c -> c.add(false)),
                        keys)
                .filter((first, last, all, k) -> first || last || all || !k.isEmpty())
                .as(VersionSelector::new);
    }

    @Property(tries = 200, edgeCases = EdgeCasesMode.MIXIN)
    void storeAgreesWithASimpleModel(@ForAll("histories") List<Step> history, @ForAll("queries") List<Query> queries) {
        String coll = newCollection();
        StoreModel model = new StoreModel();
        for (Step step : history) {
            if (step instanceof AddStep a) {
                List<NewObject> objects =
                        a.posts().stream().map(StoreContract::poolObject).toList();
                Instant now = at(a.clock());
                List<StoreModel.Expected> expected = model.add(objects, now);
                List<AddResult> actual = add(store, coll, now, objects);
                actual.forEach(r -> Statistics.label("outcome")
                        .collect(r.outcome() + (r.id().startsWith("ipv4-addr") ? " unversioned" : "")));
                assertThat(actual)
                        .extracting(AddResult::id, AddResult::versionKey, AddResult::outcome)
                        .as("results of %s", a)
                        .containsExactlyElementsOf(expected.stream()
                                .map(e -> tuple(e.id(), e.versionKey(), e.outcome()))
                                .toList());
            } else if (step instanceof DeleteStep d) {
                ObjectFilter f = filter(d.versions());
                int deleted = store.write(tx -> tx.objects().deleteObject(coll, poolId(d.object()), f));
                Statistics.label("delete").collect(deleted > 0 ? "deleted" : "deleted nothing");
                assertThat(deleted).as("deleted by %s", d).isEqualTo(model.delete(poolId(d.object()), f));
            }
        }
        assertThat(read((StoreTx tx) -> tx.objects().countVersions(coll)))
                .isEqualTo(model.find(ObjectFilter.EVERYTHING).size());
        assertInCollectionOrder(all(coll));
        for (Query q : queries) {
            List<StoreModel.Entry> expected = model.find(q.filter());
            Statistics.label("query").collect(expected.isEmpty() ? "empty" : "rows");
            List<StoredObject> onePage = objects(coll, q.filter());
            assertThat(onePage)
                    .as("objects for %s", q.filter())
                    .extracting(
                            o -> o.record().objectId(),
                            o -> o.record().type(),
                            o -> o.record().versionKey(),
                            o -> o.record().specVersion(),
                            o -> o.record().dateAddedMicros(),
                            StoredObject::json)
                    .containsExactlyElementsOf(expected.stream()
                            .map(e -> tuple(e.id(), e.type(), e.versionKey(), e.specVersion(), e.dateAdded(), e.json()))
                            .toList());
            assertThat(manifest(coll, q.filter())).isEqualTo(records(onePage));

            List<Page<StoredObject>> pages = walk(coll, q.filter(), q.pageSize(), Long.MAX_VALUE);
            assertThat(pages).allSatisfy(p -> assertThat(p.items().size()).isLessThanOrEqualTo(q.pageSize()));
            assertThat(concat(pages)).as("pages of %d", q.pageSize()).isEqualTo(onePage);

            List<StoredObject> streamed = new ArrayList<>();
            store.read(tx -> {
                tx.objects().forEachObject(coll, q.filter(), streamed::add);
                return null;
            });
            assertThat(streamed).isEqualTo(onePage);
        }
        // the generators must keep producing every case the model distinguishes
        Statistics.label("outcome")
                .coverage(c -> List.of("STORED", "DUPLICATE", "CONFLICT", "STORED unversioned", "DUPLICATE unversioned")
                        .forEach(o -> c.check(o).count(n -> n > 0)));
        Statistics.label("delete").coverage(c -> c.check("deleted").count(n -> n > 0));
        Statistics.label("query").coverage(c -> c.check("rows").percentage(p -> p > 30));
    }

    // --- deleting --------------------------------------------------------------------------------

    @Test
    void deletingAllVersionsRemovesTheObject() {
        History h = new History();

        int deleted = store.write(tx -> tx.objects().deleteObject(h.coll, h.a, ObjectFilter.EVERYTHING));

        assertThat(deleted).isEqualTo(3);
        assertThat(h.find(ObjectFilter.EVERYTHING)).containsExactly("M1", "L1", "O1", "M2", "O2");
        assertThat(read((StoreTx tx) -> tx.objects().countVersions(h.coll))).isEqualTo(5);
    }

    @Test
    void deletingSelectedVersionsKeepsTheRest() {
        History h = new History();

        int deleted = store.write(tx -> tx.objects().deleteObject(h.coll, h.a, filter(versionKeys(at(-200)))));

        assertThat(deleted).isEqualTo(1);
        assertThat(h.find(idsFilter(h.a))).containsExactly("A1", "A3");
        assertThat(h.find(filter(FIRST_AND_LAST))).containsExactly("A1", "M1", "A3", "L1", "O1", "M2", "O2");
    }

    @Test
    void deletingTheLatestVersionMakesThePreviousOneLatest() {
        History h = new History();

        int deleted = store.write(tx -> tx.objects().deleteObject(h.coll, h.a, filter(VersionSelector.LAST)));

        assertThat(deleted).isEqualTo(1);
        assertThat(h.find(ObjectFilter.LATEST)).containsExactly("L1", "A2", "M2", "O2");
        assertThat(h.find(filter(FIRST))).containsExactly("A1", "M1", "L1", "O1");
    }

    @Test
    void deletingTheFirstVersionMakesTheNextOneFirst() {
        History h = new History();

        int deleted = store.write(tx -> tx.objects().deleteObject(h.coll, h.a, filter(FIRST)));

        assertThat(deleted).isEqualTo(1);
        assertThat(h.find(filter(FIRST))).containsExactly("M1", "L1", "O1", "A2");
        assertThat(h.find(ObjectFilter.LATEST)).containsExactly("A3", "L1", "M2", "O2");
    }

    @Test
    void deletingTheOnlyVersionLeftOfAnObjectKeepsTheOthersFlags() {
        History h = new History();
        store.write(tx -> tx.objects().deleteObject(h.coll, h.a, filter(FIRST_AND_LAST)));

        int deleted = store.write(tx -> tx.objects().deleteObject(h.coll, h.a, ObjectFilter.LATEST));

        assertThat(deleted).isEqualTo(1);
        assertThat(h.find(idsFilter(h.a))).isEmpty();
        assertThat(h.find(ObjectFilter.LATEST)).containsExactly("L1", "M2", "O2");
    }

    @Test
    void deletingIgnoresTheFiltersIdsAndTypes() {
        History h = new History();

        int deleted = store.write(tx -> tx.objects()
                .deleteObject(
                        h.coll,
                        h.a,
                        new ObjectFilter(
                                Set.of(h.m), Set.of("malware"), VersionSelector.ALL, Set.of(), Optional.empty())));

        assertThat(deleted).isEqualTo(3);
        assertThat(h.find(ObjectFilter.EVERYTHING)).containsExactly("M1", "L1", "O1", "M2", "O2");
    }

    @Test
    void deletingLeavesOtherCollectionsUntouched() {
        String c1 = newCollection();
        String c2 = newCollection();
        String id = id("indicator");
        add(c1, indicator(id, at(-2)), indicator(id, at(-1)));
        add(c2, indicator(id, at(-2)), indicator(id, at(-1)));
        List<VersionRecord> before = all(c2);

        assertThat(store.write((StoreTx tx) -> tx.objects().deleteObject(c1, id, ObjectFilter.EVERYTHING)))
                .isEqualTo(2);

        assertThat(all(c1)).isEmpty();
        assertThat(all(c2)).isEqualTo(before);
        assertThat(manifest(c2, filter(FIRST_AND_LAST))).hasSize(2);
    }

    @Test
    void deletingAnUnknownObjectDeletesNothing() {
        History h = new History();

        assertThat(store.write(
                        (StoreTx tx) -> tx.objects().deleteObject(h.coll, id("indicator"), ObjectFilter.EVERYTHING)))
                .isZero();
        assertThat(store.write((StoreTx tx) -> tx.objects().deleteObject(h.coll, h.a, filter(versionKeys(at(-999))))))
                .isZero();
        assertThat(h.find(ObjectFilter.EVERYTHING)).hasSize(8);
    }

    @Test
    void deletingFromAnUnknownCollectionIsNotFound() {
        assertThatThrownBy(() -> store.write((StoreTx tx) ->
                        tx.objects().deleteObject("no-such-collection", id("indicator"), ObjectFilter.EVERYTHING)))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void deletedVersionCanBeAddedAgain() {
        String coll = newCollection();
        String id = id("indicator");
        add(coll, indicator(id, at(-2)), indicator(id, at(-1)));
        store.write(tx -> tx.objects().deleteObject(coll, id, ObjectFilter.LATEST));

        List<AddResult> results = add(coll, indicator(id, at(-1), "reissued"));

        assertThat(results).extracting(AddResult::outcome).containsExactly(AddResult.Outcome.STORED);
        assertThat(objects(coll, ObjectFilter.LATEST))
                .extracting(StoredObject::json)
                .containsExactly(indicator(id, at(-1), "reissued").json());
    }

    // --- streaming -------------------------------------------------------------------------------

    @Test
    void forEachObjectStreamsMatchingObjectsInCollectionOrder() {
        History h = new History();
        List<StoredObject> streamed = new ArrayList<>();

        store.read(tx -> {
            tx.objects().forEachObject(h.coll, ObjectFilter.LATEST, streamed::add);
            return null;
        });

        assertThat(h.label(records(streamed))).containsExactly("A3", "L1", "M2", "O2");
        assertThat(streamed).isEqualTo(objects(h.coll, ObjectFilter.LATEST));
    }

    @Test
    void forEachObjectStreamsALargeCollection() {
        String coll = newCollection();
        int total = 20_000;
        // nearly all in one call, a few in a second one: two date_added values to cross
        for (int[] range : new int[][] {{0, total - 10}, {total - 10, total}}) {
            add(
                    store,
                    coll,
                    tick(),
                    IntStream.range(range[0], range[1])
                            .mapToObj(TestObjects::numberedIndicator)
                            .toList());
        }
        AtomicLong count = new AtomicLong();
        BitSet seen = new BitSet(total);
        Position[] previous = new Position[1];

        store.read(tx -> {
            tx.objects().forEachObject(coll, ObjectFilter.EVERYTHING, o -> {
                int n = numberOf(o.record().objectId());
                assertThat(n).as("object number in collection order").isEqualTo(count.get());
                assertThat(seen.get(n)).isFalse();
                seen.set(n);
                if (previous[0] != null) {
                    assertThat(o.record().dateAddedMicros()).isGreaterThanOrEqualTo(previous[0].dateAddedMicros());
                }
                previous[0] = o.record().position();
                count.incrementAndGet();
            });
            return null;
        });

        assertThat(count.get()).isEqualTo(total);
        assertThat(seen.cardinality()).isEqualTo(total);
    }

    // --- lastDateAdded and countVersions ---------------------------------------------------------

    @Test
    void lastDateAddedOfAnEmptyCollectionIsItsCreationTime() {
        ensureApiRoot("api1");
        Instant created = T0.minusSeconds(3600).plusNanos(42_000);
        write(tx -> tx.collections().createCollection(collection("c1", "api1", null, created)));

        assertThat(read((StoreTx tx) -> tx.objects().lastDateAdded("c1"))).isEqualTo(micros(created));
    }

    @Test
    void lastDateAddedIsTheNewestDateAdded() {
        String coll = newCollection();
        NewObject o = indicator(id("indicator"), at(-1));
        add(coll, at(100), o);
        assertThat(read((StoreTx tx) -> tx.objects().lastDateAdded(coll))).isEqualTo(micros(at(100)));

        add(coll, at(200), o);
        assertThat(read((StoreTx tx) -> tx.objects().lastDateAdded(coll)))
                .as("after a duplicate")
                .isEqualTo(micros(at(100)));

        add(coll, at(150), indicator(id("indicator"), at(-1)));
        long last = read(tx -> tx.objects().lastDateAdded(coll));
        assertThat(last).as("after the clock went back").isGreaterThan(micros(at(100)));
        assertThat(all(coll).get(1).dateAddedMicros()).isEqualTo(last);
    }

    @Test
    void lastDateAddedOfAnUnknownCollectionIsNotFound() {
        assertThatThrownBy(() -> read((StoreTx tx) -> tx.objects().lastDateAdded("no-such-collection")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void countVersionsCountsEveryStoredVersion() {
        History h = new History();
        String other = newCollection();

        assertThat(read((StoreTx tx) -> tx.objects().countVersions(h.coll))).isEqualTo(8);
        assertThat(read((StoreTx tx) -> tx.objects().countVersions(other))).isZero();
    }

    // --- status resources ------------------------------------------------------------------------

    private static StatusRecord status(String id, String apiRoot) {
        String a = "indicator--00000000-0000-4000-8000-000000000001";
        return new StatusRecord(
                id,
                apiRoot,
                "c1",
                "analyst-1",
                T0.plusNanos(654_321_000),
                "complete",
                List.of(
                        new StatusRecord.Detail(a, "2024-03-07T08:00:00.000Z", null),
                        new StatusRecord.Detail(a, "2024-03-07T08:30:00.123456Z", "this version is already stored")),
                List.of(
                        new StatusRecord.Detail(
                                "objects[2]", null, "objects[2]: [not-an-object] each item must be a JSON object"),
                        new StatusRecord.Detail(a, "2024-03-07T08:00:00.000Z", "Ошибка: «version-conflict» ☢")),
                List.of(new StatusRecord.Detail(a, "2024-03-07T09:00:00.000Z", "")));
    }

    @Test
    void statusIsFoundByApiRootAndId() {
        StatusRecord s = status(UUID.randomUUID().toString(), "api1");
        write(tx -> tx.collections().saveStatus(s));

        assertThat(read((StoreTx tx) -> tx.collections().findStatus("api1", s.id())))
                .contains(s);
    }

    @Test
    void statusDetailsRoundTripIncludingNulls() {
        StatusRecord s = status(UUID.randomUUID().toString(), "api1");
        write(tx -> tx.collections().saveStatus(s));

        StatusRecord found =
                read(tx -> tx.collections().findStatus("api1", s.id())).orElseThrow();

        assertThat(found.successes()).isEqualTo(s.successes());
        assertThat(found.failures()).isEqualTo(s.failures());
        assertThat(found.failures().get(0).version()).isNull();
        assertThat(found.successes().get(0).message()).isNull();
        assertThat(found.pendings()).isEqualTo(s.pendings());
        assertThat(found.pendings().get(0).message()).isEmpty();
        assertThat(found.totalCount()).isEqualTo(5);
    }

    @Test
    void statusWithoutDetailsRoundTrips() {
        StatusRecord s =
                new StatusRecord("s1", "api1", "c1", "analyst-1", T0, "pending", List.of(), List.of(), List.of());
        write(tx -> tx.collections().saveStatus(s));

        assertThat(read((StoreTx tx) -> tx.collections().findStatus("api1", "s1")))
                .contains(s);
    }

    @Test
    void statusIsNotFoundInAnotherApiRoot() {
        StatusRecord s = status(UUID.randomUUID().toString(), "api1");
        write(tx -> tx.collections().saveStatus(s));

        assertThat(read((StoreTx tx) -> tx.collections().findStatus("api2", s.id())))
                .isEmpty();
        assertThat(read((StoreTx tx) ->
                        tx.collections().findStatus("api1", UUID.randomUUID().toString())))
                .isEmpty();
    }

    // --- accounts, tokens, grants ----------------------------------------------------------------

    @Test
    void accountIsFoundByName() {
        Account analyst = account("analyst-1", Account.Role.PRODUCER);
        Account partner = new Account("partner-a", null, Account.Role.PARTNER, T0.plusNanos(7_000), true);
        write(tx -> {
            tx.accounts().createAccount(analyst);
            tx.accounts().createAccount(partner);
        });

        assertThat(read((StoreTx tx) -> tx.accounts().findAccount("analyst-1"))).contains(analyst);
        assertThat(read((StoreTx tx) -> tx.accounts().findAccount("partner-a"))).contains(partner);
        assertThat(read(tx -> tx.accounts().findAccount("partner-a"))
                        .orElseThrow()
                        .password())
                .isEmpty();
        assertThat(read((StoreTx tx) -> tx.accounts().findAccount("nobody"))).isEmpty();
    }

    @Test
    void accountsAreListedByName() {
        write(tx -> {
            tx.accounts().createAccount(account("carol", Account.Role.PARTNER));
            tx.accounts().createAccount(account("alice", Account.Role.PRODUCER));
            tx.accounts().createAccount(account("bob", Account.Role.PARTNER));
        });

        assertThat(read((StoreTx tx) -> tx.accounts().accounts()))
                .extracting(Account::name)
                .containsExactly("alice", "bob", "carol");
    }

    @Test
    void duplicateAccountNameConflicts() {
        Account original = account("alice", Account.Role.PRODUCER);
        write(tx -> tx.accounts().createAccount(original));

        assertThatThrownBy(() -> write(tx -> tx.accounts().createAccount(account("alice", Account.Role.PARTNER))))
                .isInstanceOf(ConflictException.class);
        assertThat(read((StoreTx tx) -> tx.accounts().findAccount("alice"))).contains(original);
    }

    @Test
    void updatePasswordReplacesTheHash() {
        Account alice = account("alice", Account.Role.PRODUCER);
        write(tx -> tx.accounts().createAccount(alice));
        write(tx -> tx.accounts().createAccount(account("bob", Account.Role.PRODUCER)));

        write(tx -> tx.accounts().updatePassword("alice", "$argon2id$new"));

        assertThat(read((StoreTx tx) -> tx.accounts().findAccount("alice")))
                .contains(new Account("alice", "$argon2id$new", alice.role(), alice.created(), alice.disabled()));
        assertThat(read((StoreTx tx) -> tx.accounts().findAccount("bob"))
                        .orElseThrow()
                        .passwordHash())
                .isEqualTo(account("bob", Account.Role.PRODUCER).passwordHash());
    }

    @Test
    void updatePasswordOfAnUnknownAccountIsNotFound() {
        assertThatThrownBy(() -> write(tx -> tx.accounts().updatePassword("nobody", "$argon2id$x")))
                .isInstanceOf(NotFoundException.class);
        assertThat(read((StoreTx tx) -> tx.accounts().accounts())).isEmpty();
    }

    @Test
    void tokenIsFoundById() {
        write(tx -> tx.accounts().createAccount(account("alice", Account.Role.PRODUCER)));
        ApiToken laptop = new ApiToken("tok-1", "alice", "c2VjcmV0LWhhc2g", "laptop", T0.plusNanos(1_000), false);
        ApiToken old = new ApiToken("tok-2", "alice", "b2xkLWhhc2g", null, T0, true);
        write(tx -> {
            tx.accounts().createToken(laptop);
            tx.accounts().createToken(old);
        });

        assertThat(read((StoreTx tx) -> tx.accounts().findToken("tok-1"))).contains(laptop);
        assertThat(read((StoreTx tx) -> tx.accounts().findToken("tok-2"))).contains(old);
        assertThat(read((StoreTx tx) -> tx.accounts().findToken("tok-3"))).isEmpty();
    }

    @Test
    void tokensAreListedRevokedAndKeepTheirExpiry() {
        write(tx -> tx.accounts().createAccount(account("alice", Account.Role.PRODUCER)));
        write(tx -> tx.accounts().createAccount(account("bob", Account.Role.PARTNER)));
        ApiToken expiring = new ApiToken("tok-1", "alice", "aGFzaC0x", "ci", T0, false, T0.plusSeconds(3_600));
        ApiToken plain = new ApiToken("tok-2", "alice", "aGFzaC0y", null, T0.plusSeconds(1), false);
        ApiToken bobs = new ApiToken("tok-3", "bob", "aGFzaC0z", null, T0, false);
        write(tx -> {
            tx.accounts().createToken(plain);
            tx.accounts().createToken(expiring);
            tx.accounts().createToken(bobs);
        });

        assertThat(read((StoreTx tx) -> tx.accounts().tokensOf("alice"))).containsExactly(expiring, plain);
        assertThat(read((StoreTx tx) -> tx.accounts().tokens())).containsExactly(expiring, plain, bobs);
        assertThat(store.write((StoreTx tx) -> tx.accounts().revokeToken("tok-1")))
                .isTrue();
        assertThat(store.write((StoreTx tx) -> tx.accounts().revokeToken("tok-9")))
                .isFalse();
        assertThat(read((StoreTx tx) -> tx.accounts().findToken("tok-1"))
                        .orElseThrow()
                        .revoked())
                .isTrue();
        assertThat(read((StoreTx tx) -> tx.accounts().findToken("tok-2"))
                        .orElseThrow()
                        .revoked())
                .isFalse();
    }

    @Test
    void disablingAnAccountAndEndingItsSessions() {
        write(tx -> tx.accounts().createAccount(account("alice", Account.Role.PRODUCER)));
        write(tx -> tx.accounts().createAccount(account("bob", Account.Role.PRODUCER)));
        write(tx -> {
            tx.signIns().createSession(new WebSession("s1", "alice", "c1", T0, T0.plusSeconds(60)));
            tx.signIns().createSession(new WebSession("s2", "alice", "c2", T0, T0.plusSeconds(60)));
            tx.signIns().createSession(new WebSession("s3", "bob", "c3", T0, T0.plusSeconds(60)));
        });

        write(tx -> tx.accounts().setDisabled("alice", true));
        assertThat(store.write((StoreTx tx) -> tx.signIns().deleteSessionsOf("alice")))
                .isEqualTo(2);

        assertThat(read((StoreTx tx) -> tx.accounts().findAccount("alice"))
                        .orElseThrow()
                        .disabled())
                .isTrue();
        assertThat(read((StoreTx tx) -> tx.accounts().findAccount("bob"))
                        .orElseThrow()
                        .disabled())
                .isFalse();
        assertThat(read((StoreTx tx) -> tx.signIns().findSession("s1"))).isEmpty();
        assertThat(read((StoreTx tx) -> tx.signIns().findSession("s3"))).isPresent();
        assertThatThrownBy(() -> write(tx -> tx.accounts().setDisabled("nobody", true)))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void loginFailuresCountLockAndAreForgotten() {
        Instant t = T0;
        Instant forget = t.minusSeconds(86_400);
        write(tx -> {
            tx.signIns().countLoginFailure("addr:a", true, t, forget);
            tx.signIns().countLoginFailure("addr:a", true, t, forget);
            tx.signIns().countLoginFailure("addr:a", false, t, forget);
        });
        LoginFailures a =
                read((StoreTx tx) -> tx.signIns().findLoginFailures("addr:a")).orElseThrow();
        assertThat(a.failures()).isEqualTo(2);
        assertThat(a.held()).isEqualTo(3);
        assertThat(a.lockedUntil()).isEqualTo(Instant.EPOCH);

        write(tx -> {
            tx.signIns().lockLogin("addr:a", t.plusSeconds(5));
            tx.signIns().loginRecorded("addr:a", t);
        });
        a = read((StoreTx tx) -> tx.signIns().findLoginFailures("addr:a")).orElseThrow();
        assertThat(a.lockedUntil()).isEqualTo(t.plusSeconds(5));
        assertThat(a.held()).isZero();
        assertThat(a.lastEntry()).isEqualTo(t);

        // A failure after a quiet day starts the count again.
        Instant later = t.plusSeconds(2 * 86_400);
        assertThat(store.write((StoreTx tx) ->
                                tx.signIns().countLoginFailure("addr:a", true, later, later.minusSeconds(86_400)))
                        .failures())
                .isEqualTo(1);

        write(tx -> tx.signIns().countLoginFailure("user:x", false, t, forget));
        assertThat(store.write((StoreTx tx) -> tx.signIns().forgetLoginFailures(t.plusSeconds(1))))
                .isEqualTo(1);
        assertThat(read((StoreTx tx) -> tx.signIns().findLoginFailures("user:x")))
                .isEmpty();
        write(tx -> tx.signIns().clearLoginFailures("addr:a"));
        assertThat(read((StoreTx tx) -> tx.signIns().findLoginFailures("addr:a")))
                .isEmpty();
    }

    @Test
    void puttingAGrantAgainReplacesIt() {
        String coll = newCollection();
        write(tx -> tx.accounts().createAccount(account("partner-a", Account.Role.PARTNER)));
        write(tx -> tx.accounts().putGrant(new Grant("partner-a", coll, true, false)));
        assertThat(read((StoreTx tx) -> tx.accounts().findGrant("partner-a", coll)))
                .contains(new Grant("partner-a", coll, true, false));

        write(tx -> tx.accounts().putGrant(new Grant("partner-a", coll, false, true)));

        assertThat(read((StoreTx tx) -> tx.accounts().findGrant("partner-a", coll)))
                .contains(new Grant("partner-a", coll, false, true));
        assertThat(read((StoreTx tx) -> tx.accounts().grantsOf("partner-a"))).hasSize(1);
    }

    @Test
    void grantsOfListsOneAccountsGrantsByCollection() {
        ensureApiRoot("api1");
        write(tx -> {
            for (String c : List.of("c2", "c1", "c3")) {
                tx.collections().createCollection(collection(c, "api1", null, T0));
            }
            tx.accounts().createAccount(account("partner-a", Account.Role.PARTNER));
            tx.accounts().createAccount(account("partner-b", Account.Role.PARTNER));
            tx.accounts().putGrant(new Grant("partner-a", "c3", true, false));
            tx.accounts().putGrant(new Grant("partner-a", "c1", true, true));
            tx.accounts().putGrant(new Grant("partner-b", "c2", true, false));
        });

        assertThat(read((StoreTx tx) -> tx.accounts().grantsOf("partner-a")))
                .containsExactly(new Grant("partner-a", "c1", true, true), new Grant("partner-a", "c3", true, false));
        assertThat(read((StoreTx tx) -> tx.accounts().grantsOf("partner-c"))).isEmpty();
        assertThat(read((StoreTx tx) -> tx.accounts().findGrant("partner-b", "c1")))
                .isEmpty();
    }

    // --- audiences -------------------------------------------------------------------------------

    /** A new audience on policy version 1, created at {@link TestObjects#T0}, with its view. */
    private AudienceRecord newAudience(String name) {
        AudienceRecord a = audience(name, newCollection(), T0);
        write(tx -> tx.releaseViews().createAudience(a));
        return a;
    }

    @Test
    void audienceIsFoundWithEveryField() {
        String view = newCollection();
        AudienceRecord a =
                new AudienceRecord("partner-a", view, 7, T0.plusNanos(123_456_000), at(3600).plusNanos(1_000));
        write(tx -> tx.releaseViews().createAudience(a));

        assertThat(read((StoreTx tx) -> tx.releaseViews().findAudience("partner-a")))
                .contains(a);
        assertThat(read((StoreTx tx) -> tx.releaseViews().findAudience("partner-b")))
                .isEmpty();
    }

    @Test
    void audiencesAreListedByName() {
        newAudience("zeta");
        newAudience("alpha");
        newAudience("mid");

        assertThat(read((StoreTx tx) -> tx.releaseViews().audiences()))
                .extracting(AudienceRecord::name)
                .containsExactly("alpha", "mid", "zeta");
    }

    @Test
    void duplicateAudienceNameConflicts() {
        AudienceRecord original = newAudience("partner-a");
        String otherView = newCollection();

        assertThatThrownBy(() ->
                        write(tx -> tx.releaseViews().createAudience(audience("partner-a", otherView, at(10)))))
                .isInstanceOf(ConflictException.class);
        assertThat(read((StoreTx tx) -> tx.releaseViews().audiences())).containsExactly(original);
    }

    @Test
    void updateAudienceRecordsTheNewPolicyVersionAndTime() {
        AudienceRecord a = newAudience("partner-a");
        AudienceRecord b = newAudience("partner-b");

        write(tx -> tx.releaseViews().updateAudience("partner-a", 2, at(50).plusNanos(7_000)));

        assertThat(read((StoreTx tx) -> tx.releaseViews().findAudience("partner-a")))
                .contains(
                        new AudienceRecord("partner-a", a.viewCollectionId(), 2, a.created(), at(50).plusNanos(7_000)));
        assertThat(read((StoreTx tx) -> tx.releaseViews().findAudience("partner-b")))
                .contains(b);
    }

    // --- policy versions -------------------------------------------------------------------------

    @Test
    void policyVersionsComeOldestFirstPerAudience() {
        newAudience("partner-a");
        newAudience("partner-b");
        PolicyVersion a1 = policyVersion("partner-a", 1, at(10).plusNanos(5_000));
        PolicyVersion a2 = policyVersion("partner-a", 2, at(20));
        PolicyVersion a3 = policyVersion("partner-a", 3, at(30));
        PolicyVersion b1 = policyVersion("partner-b", 1, at(15));
        // stored out of order, so the order read back cannot be the order of storing
        write(tx -> {
            tx.releaseViews().addPolicyVersion(a2);
            tx.releaseViews().addPolicyVersion(b1);
            tx.releaseViews().addPolicyVersion(a3);
        });
        write(tx -> tx.releaseViews().addPolicyVersion(a1));

        assertThat(read((StoreTx tx) -> tx.releaseViews().policyVersions("partner-a")))
                .containsExactly(a1, a2, a3);
        assertThat(read((StoreTx tx) -> tx.releaseViews().policyVersions("partner-b")))
                .containsExactly(b1);
        assertThat(read((StoreTx tx) -> tx.releaseViews().policyVersions("partner-c")))
                .isEmpty();
    }

    @Test
    void duplicatePolicyVersionConflicts() {
        newAudience("partner-a");
        PolicyVersion v1 = policyVersion("partner-a", 1, at(10));
        write(tx -> tx.releaseViews().addPolicyVersion(v1));
        PolicyVersion again =
                new PolicyVersion("partner-a", 1, "audience: partner-a\n", "other-digest", at(20), "analyst-2");

        assertThatThrownBy(() -> write(tx -> tx.releaseViews().addPolicyVersion(again)))
                .isInstanceOf(org.tearline.error.ConflictException.class)
                .hasMessageContaining("partner-a");
        assertThat(read((StoreTx tx) -> tx.releaseViews().policyVersions("partner-a")))
                .containsExactly(v1);
    }

    @Test
    void releaseStatesGivenTwiceInOneCallKeepTheLast() {
        newAudience("partner-a");
        String id = "indicator--11111111-1111-4111-8111-111111111111";
        ReleaseState first = new ReleaseState("partner-a", id, id, ReleaseState.Status.WITHHELD, null, null);
        ReleaseState last = new ReleaseState(
                "partner-a", id, id, ReleaseState.Status.RELEASED, "20261120090000000000000", "digest");
        write(tx -> tx.releaseViews().putReleaseStates(List.of(first, last)));
        assertThat(read((StoreTx tx) -> tx.releaseViews().releaseStates("partner-a", List.of(id))))
                .containsExactly(Map.entry(id, last));
    }

    // --- audience sources ------------------------------------------------------------------------

    @Test
    void settingAudienceSourcesReplacesThem() {
        newAudience("partner-a");
        newAudience("partner-b");
        String c1 = newCollection();
        String c2 = newCollection();
        String c3 = newCollection();
        write(tx -> {
            tx.releaseViews().setAudienceSources("partner-a", List.of(c1, c2));
            tx.releaseViews().setAudienceSources("partner-b", List.of(c1));
        });
        assertThat(read((StoreTx tx) -> tx.releaseViews().audienceSources("partner-a")))
                .containsExactlyInAnyOrder(c1, c2);

        write(tx -> tx.releaseViews().setAudienceSources("partner-a", List.of(c3, c2)));

        assertThat(read((StoreTx tx) -> tx.releaseViews().audienceSources("partner-a")))
                .containsExactlyInAnyOrder(c2, c3);
        assertThat(read((StoreTx tx) -> tx.releaseViews().audienceSources("partner-b")))
                .containsExactly(c1);

        write(tx -> tx.releaseViews().setAudienceSources("partner-a", List.of()));

        assertThat(read((StoreTx tx) -> tx.releaseViews().audienceSources("partner-a")))
                .isEmpty();
        assertThat(read((StoreTx tx) -> tx.releaseViews().audienceSources("partner-b")))
                .containsExactly(c1);
    }

    @Test
    void audiencesOfSourceAreTheAudiencesDrawingOnIt() {
        newAudience("partner-b");
        newAudience("partner-a");
        newAudience("partner-c");
        String c1 = newCollection();
        String c2 = newCollection();
        String unused = newCollection();
        write(tx -> {
            tx.releaseViews().setAudienceSources("partner-b", List.of(c1, c2));
            tx.releaseViews().setAudienceSources("partner-a", List.of(c1));
            tx.releaseViews().setAudienceSources("partner-c", List.of(c2));
        });

        assertThat(read((StoreTx tx) -> tx.releaseViews().audiencesOfSource(c1)))
                .containsExactlyInAnyOrder("partner-a", "partner-b");
        assertThat(read((StoreTx tx) -> tx.releaseViews().audiencesOfSource(c2)))
                .containsExactlyInAnyOrder("partner-b", "partner-c");
        assertThat(read((StoreTx tx) -> tx.releaseViews().audiencesOfSource(unused)))
                .isEmpty();

        write(tx -> tx.releaseViews().setAudienceSources("partner-b", List.of(c2)));

        assertThat(read((StoreTx tx) -> tx.releaseViews().audiencesOfSource(c1)))
                .containsExactly("partner-a");
    }

    // --- release states --------------------------------------------------------------------------

    @Test
    void releaseStatesRoundTripWithEveryStatus() {
        List<ReleaseState> states = new ArrayList<>();
        for (ReleaseState.Status status : ReleaseState.Status.values()) {
            states.add(releaseState("partner-a", id("indicator"), status, at(-10)));
        }
        // never published: no view version, no view digest
        states.add(releaseState("partner-a", id("indicator"), ReleaseState.Status.WITHHELD, null));
        write(tx -> tx.releaseViews().putReleaseStates(states));

        Map<String, ReleaseState> found = read(tx -> tx.releaseViews()
                .releaseStates(
                        "partner-a",
                        states.stream().map(ReleaseState::originalId).toList()));

        assertThat(found)
                .containsExactlyInAnyOrderEntriesOf(
                        states.stream().collect(Collectors.toMap(ReleaseState::originalId, s -> s)));
        assertThat(found.values()).extracting(ReleaseState::status).containsOnly(ReleaseState.Status.values());
        ReleaseState neverPublished = found.get(states.get(states.size() - 1).originalId());
        assertThat(neverPublished.viewVersion()).isNull();
        assertThat(neverPublished.viewDigest()).isNull();
    }

    @Test
    void puttingAReleaseStateAgainReplacesIt() {
        String x = id("indicator");
        String y = id("malware");
        ReleaseState yState = releaseState("partner-a", y, ReleaseState.Status.RELEASED, at(-5));
        write(tx -> tx.releaseViews()
                .putReleaseStates(List.of(releaseState("partner-a", x, ReleaseState.Status.WITHHELD, null), yState)));

        ReleaseState released = releaseState("partner-a", x, ReleaseState.Status.RELEASED, at(-1));
        write(tx -> tx.releaseViews().putReleaseStates(List.of(released)));
        assertThat(read((StoreTx tx) -> tx.releaseViews().releaseStates("partner-a", List.of(x, y))))
                .containsOnly(Map.entry(x, released), Map.entry(y, yState));

        // back to nothing published: the view version and digest are cleared, not kept
        ReleaseState withheld = new ReleaseState(
                "partner-a", x, "indicator--" + UUID.randomUUID(), ReleaseState.Status.WITHHELD, null, null);
        write(tx -> tx.releaseViews().putReleaseStates(List.of(withheld)));
        assertThat(read((StoreTx tx) -> tx.releaseViews().releaseStates("partner-a", List.of(x, y))))
                .containsOnly(Map.entry(x, withheld), Map.entry(y, yState));
    }

    @Test
    void releaseStatesAreOnlyThoseAskedForOfThatAudience() {
        String x = id("indicator");
        String y = id("indicator");
        String z = id("malware");
        ReleaseState ax = releaseState("partner-a", x, ReleaseState.Status.RELEASED, at(-1));
        ReleaseState ay = releaseState("partner-a", y, ReleaseState.Status.KEPT, at(-2));
        ReleaseState az = releaseState("partner-a", z, ReleaseState.Status.REVOKED, at(-3));
        ReleaseState bx = releaseState("partner-b", x, ReleaseState.Status.WITHHELD, null);
        write(tx -> tx.releaseViews().putReleaseStates(List.of(ax, ay, az, bx)));

        assertThat(read((StoreTx tx) ->
                        tx.releaseViews().releaseStates("partner-a", List.of(x, z, id("indicator"), x))))
                .containsOnly(Map.entry(x, ax), Map.entry(z, az));
        assertThat(read((StoreTx tx) -> tx.releaseViews().releaseStates("partner-b", List.of(x, y, z))))
                .containsOnly(Map.entry(x, bx));
        assertThat(read((StoreTx tx) -> tx.releaseViews().releaseStates("partner-c", List.of(x, y, z))))
                .isEmpty();
        assertThat(read((StoreTx tx) -> tx.releaseViews().releaseStates("partner-a", List.of())))
                .isEmpty();
    }

    @Test
    void findsAReleaseStateByItsReleasedIdWhetherDerivedOrOriginal() {
        String x = id("indicator");
        String y = id("indicator");
        // partner-a's ids are derived; partner-b received x as it is, and y under a derived
        // id, as it receives every notice
        ReleaseState derived = releaseState("partner-a", x, ReleaseState.Status.RELEASED, at(-1));
        ReleaseState asIs = new ReleaseState("partner-b", x, x, ReleaseState.Status.KEPT, key(at(-2)), "digest-x");
        ReleaseState renamed = releaseState("partner-b", y, ReleaseState.Status.REVOKED, at(-3));
        write(tx -> tx.releaseViews().putReleaseStates(List.of(derived, asIs, renamed)));

        assertThat(read((StoreTx tx) -> tx.releaseViews().releaseStateByReleasedId("partner-a", derived.releasedId())))
                .contains(derived);
        assertThat(read((StoreTx tx) -> tx.releaseViews().releaseStateByReleasedId("partner-b", x)))
                .contains(asIs);
        assertThat(read((StoreTx tx) -> tx.releaseViews().releaseStateByReleasedId("partner-b", renamed.releasedId())))
                .contains(renamed);
        // an original id is not a released id of an audience that derives its ids, nor is one
        // audience's released id another's
        assertThat(read((StoreTx tx) -> tx.releaseViews().releaseStateByReleasedId("partner-a", x)))
                .isEmpty();
        assertThat(read((StoreTx tx) -> tx.releaseViews().releaseStateByReleasedId("partner-b", y)))
                .isEmpty();
        assertThat(read((StoreTx tx) -> tx.releaseViews().releaseStateByReleasedId("partner-b", derived.releasedId())))
                .isEmpty();

        // a state whose id changes from derived to original is found only by the new one
        ReleaseState nowAsIs =
                new ReleaseState("partner-a", x, x, ReleaseState.Status.RELEASED, key(at(1)), "digest-x2");
        write(tx -> tx.releaseViews().putReleaseStates(List.of(nowAsIs)));
        assertThat(read((StoreTx tx) -> tx.releaseViews().releaseStateByReleasedId("partner-a", x)))
                .contains(nowAsIs);
        assertThat(read((StoreTx tx) -> tx.releaseViews().releaseStateByReleasedId("partner-a", derived.releasedId())))
                .isEmpty();
    }

    @Test
    void releaseStatesOfManyObjectsAreAllFound() {
        // more ids than one IN list takes, both in what is stored and in what is asked
        List<ReleaseState> stored = IntStream.range(0, 1_300)
                .mapToObj(n -> releaseState(
                        "partner-a",
                        TestObjects.numberedId(n),
                        ReleaseState.Status.values()[n % 4],
                        n % 5 == 0 ? null : at(-n)))
                .toList();
        write(tx -> tx.releaseViews().putReleaseStates(stored));
        List<String> asked =
                IntStream.range(100, 1_400).mapToObj(TestObjects::numberedId).toList();

        Map<String, ReleaseState> found = read(tx -> tx.releaseViews().releaseStates("partner-a", asked));

        assertThat(found)
                .hasSize(1_200)
                .containsExactlyInAnyOrderEntriesOf(stored.subList(100, 1_300).stream()
                        .collect(Collectors.toMap(ReleaseState::originalId, s -> s)));
    }

    @Test
    void forEachReleaseStateStreamsEveryStateOfOneAudience() {
        List<ReleaseState> mine = List.of(
                releaseState("partner-a", id("indicator"), ReleaseState.Status.RELEASED, at(-1)),
                releaseState("partner-a", id("malware"), ReleaseState.Status.WITHHELD, null),
                releaseState("partner-a", id("indicator"), ReleaseState.Status.REVOKED, at(-2)));
        ReleaseState theirs = releaseState("partner-b", mine.get(0).originalId(), ReleaseState.Status.KEPT, at(-3));
        write(tx -> {
            tx.releaseViews().putReleaseStates(mine);
            tx.releaseViews().putReleaseStates(List.of(theirs));
        });
        List<ReleaseState> streamed = new ArrayList<>();

        store.read(tx -> {
            tx.releaseViews().forEachReleaseState("partner-a", streamed::add);
            return null;
        });

        assertThat(streamed).containsExactlyInAnyOrderElementsOf(mine);
        List<ReleaseState> none = new ArrayList<>();
        store.read(tx -> {
            tx.releaseViews().forEachReleaseState("partner-c", none::add);
            return null;
        });
        assertThat(none).isEmpty();
    }

    // --- source references -----------------------------------------------------------------------

    @Test
    void replacingSourceRefsReplacesOnlyTheGivenReferrersInThatCollection() {
        String c1 = newCollection();
        String c2 = newCollection();
        String r1 = id("report");
        String r2 = id("relationship");
        String t1 = id("indicator");
        String t2 = id("malware");
        String t3 = id("identity");
        write(tx -> {
            tx.objects()
                    .replaceSourceRefs(
                            c1,
                            Map.of(
                                    r1, List.of(new SourceRef(t1, r1, true), new SourceRef(t2, r1, false)),
                                    r2, List.of(new SourceRef(t1, r2, false))));
            tx.objects().replaceSourceRefs(c2, Map.of(r1, List.of(new SourceRef(t1, r1, false))));
        });

        write(tx -> tx.objects().replaceSourceRefs(c1, Map.of(r1, List.of(new SourceRef(t3, r1, true)))));

        assertThat(read((StoreTx tx) -> tx.objects().referrers(List.of(c1), List.of(t1, t2, t3))))
                .containsExactlyInAnyOrder(new SourceRef(t3, r1, true), new SourceRef(t1, r2, false));
        assertThat(read((StoreTx tx) -> tx.objects().referrers(List.of(c2), List.of(t1, t2, t3))))
                .containsExactly(new SourceRef(t1, r1, false));

        // a referrer given no references has none left
        write(tx -> tx.objects().replaceSourceRefs(c1, Map.of(r2, List.of())));

        assertThat(read((StoreTx tx) -> tx.objects().referrers(List.of(c1), List.of(t1, t2, t3))))
                .containsExactly(new SourceRef(t3, r1, true));
    }

    @Test
    void resettingSourceRefsForgetsThoseOfThatCollectionOnly() {
        String c1 = newCollection();
        String c2 = newCollection();
        String r = id("report");
        String t = id("indicator");
        write(tx -> {
            tx.objects().replaceSourceRefs(c1, Map.of(r, List.of(new SourceRef(t, r, true))));
            tx.objects().replaceSourceRefs(c2, Map.of(r, List.of(new SourceRef(t, r, false))));
        });

        write(tx -> tx.objects().resetSourceRefs(c1));

        assertThat(read((StoreTx tx) -> tx.objects().referrers(List.of(c1, c2), List.of(t))))
                .containsExactly(new SourceRef(t, r, false));
        assertThatThrownBy(() -> write(tx -> tx.objects().resetSourceRefs(id("collection"))))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void duplicateTargetsOfOneReferrerMergeRequiredIfAnyIs() {
        String coll = newCollection();
        String r1 = id("report");
        String r2 = id("report");
        String r3 = id("report");
        String t = id("indicator");
        Map<String, List<SourceRef>> refs = new LinkedHashMap<>();
        refs.put(r1, List.of(new SourceRef(t, r1, true), new SourceRef(t, r1, false)));
        refs.put(r2, List.of(new SourceRef(t, r2, false), new SourceRef(t, r2, true)));
        refs.put(r3, List.of(new SourceRef(t, r3, false), new SourceRef(t, r3, false)));

        write(tx -> tx.objects().replaceSourceRefs(coll, refs));

        assertThat(read((StoreTx tx) -> tx.objects().referrers(List.of(coll), List.of(t))))
                .containsExactlyInAnyOrder(
                        new SourceRef(t, r1, true), new SourceRef(t, r2, true), new SourceRef(t, r3, false));
    }

    @Test
    void referrersAreFoundAcrossCollectionsForManyTargets() {
        String c1 = newCollection();
        String c2 = newCollection();
        String notAsked = newCollection();
        // more targets than one IN list takes: targets 0..649 referred to in c1, 650..699 in c2
        Map<String, List<SourceRef>> inC1 = new HashMap<>();
        Map<String, List<SourceRef>> inC2 = new HashMap<>();
        List<SourceRef> expected = new ArrayList<>();
        for (int n = 0; n < 700; n++) {
            String referrer = String.format("report--00000000-0000-4000-8000-%012d", n);
            SourceRef ref = new SourceRef(TestObjects.numberedId(n), referrer, n % 3 == 0);
            (n < 650 ? inC1 : inC2).put(referrer, List.of(ref));
            expected.add(ref);
        }
        String late = id("sighting");
        SourceRef lateRef = new SourceRef(TestObjects.numberedId(620), late, true);
        inC2.put(late, List.of(lateRef));
        expected.add(lateRef);
        write(tx -> {
            tx.objects().replaceSourceRefs(c1, inC1);
            tx.objects().replaceSourceRefs(c2, inC2);
            tx.objects()
                    .replaceSourceRefs(
                            notAsked, Map.of(late, List.of(new SourceRef(TestObjects.numberedId(1), late, true))));
        });
        List<String> targets =
                IntStream.range(0, 750).mapToObj(TestObjects::numberedId).toList();

        assertThat(read((StoreTx tx) -> tx.objects().referrers(List.of(c1, c2), targets)))
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(read((StoreTx tx) -> tx.objects().referrers(List.of(c2), targets)))
                .containsExactlyInAnyOrderElementsOf(expected.subList(650, 701));
        assertThat(read((StoreTx tx) -> tx.objects().referrers(List.of(), targets)))
                .isEmpty();
        assertThat(read((StoreTx tx) -> tx.objects().referrers(List.of(c1, c2), List.of())))
                .isEmpty();
    }

    // --- latest objects across collections -------------------------------------------------------

    @Test
    void latestObjectsGivesTheLatestVersionOfEachObject() {
        String coll = newCollection();
        String a = id("indicator");
        String m = id("malware");
        NewObject latestA = indicator(a, at(-100), "latest");
        add(coll, indicator(a, at(-300)), malware(m, at(-50)));
        add(coll, latestA);
        add(coll, indicator(a, at(-200)));

        Map<String, StoredObject> found =
                read(tx -> tx.objects().latestObjects(List.of(coll), List.of(a, m, id("indicator"))));

        assertThat(found).containsOnlyKeys(a, m);
        assertThat(found.get(a).json()).isEqualTo(latestA.json());
        assertThat(found.get(m).json()).isEqualTo(malware(m, at(-50)).json());
        assertThat(records(List.copyOf(found.values())))
                .containsExactlyInAnyOrderElementsOf(manifest(coll, ObjectFilter.LATEST));
        assertThat(read((StoreTx tx) -> tx.objects().latestObjects(List.of(coll), List.of())))
                .isEmpty();
        assertThat(read((StoreTx tx) -> tx.objects().latestObjects(List.of(), List.of(a))))
                .isEmpty();
    }

    @Test
    void latestObjectsTakesTheLaterVersionWhenAnObjectIsInSeveralCollections() {
        String c1 = newCollection();
        String c2 = newCollection();
        String x = id("indicator");
        String y = id("indicator");
        String onlyInC2 = id("malware");
        add(c1, indicator(x, at(-100), "x in c1"), indicator(y, at(-10), "y in c1"));
        add(c2, indicator(x, at(-50), "x in c2"), indicator(y, at(-20), "y in c2"), malware(onlyInC2, at(-1)));

        for (List<String> collections : List.of(List.of(c1, c2), List.of(c2, c1))) {
            Map<String, StoredObject> found =
                    read(tx -> tx.objects().latestObjects(collections, List.of(x, y, onlyInC2)));

            assertThat(found).as("in %s", collections).containsOnlyKeys(x, y, onlyInC2);
            assertThat(found.get(x).json())
                    .isEqualTo(indicator(x, at(-50), "x in c2").json());
            assertThat(found.get(y).json())
                    .isEqualTo(indicator(y, at(-10), "y in c1").json());
        }
        assertThat(read((StoreTx tx) -> tx.objects().latestObjects(List.of(c1), List.of(x, onlyInC2))))
                .containsOnlyKeys(x);
    }

    @Test
    void latestObjectsFindsManyObjects() {
        String c1 = newCollection();
        String c2 = newCollection();
        // more ids than one IN list takes, in each collection and in what is asked
        add(
                store,
                c1,
                tick(),
                IntStream.range(0, 700).mapToObj(TestObjects::numberedIndicator).toList());
        add(
                store,
                c2,
                tick(),
                IntStream.range(700, 1_300)
                        .mapToObj(TestObjects::numberedIndicator)
                        .toList());
        List<String> asked =
                IntStream.range(50, 1_350).mapToObj(TestObjects::numberedId).toList();

        Map<String, StoredObject> found = read(tx -> tx.objects().latestObjects(List.of(c1, c2), asked));

        assertThat(found).hasSize(1_250);
        assertThat(found.keySet()).containsExactlyInAnyOrderElementsOf(asked.subList(0, 1_250));
        found.forEach((id, o) -> assertThat(o.json())
                .isEqualTo(TestObjects.numberedIndicator(numberOf(id)).json()));
    }

    @Test
    void idsOfTypeListsObjectsOfThatTypeInTheGivenCollections() {
        String c1 = newCollection();
        String c2 = newCollection();
        String notAsked = newCollection();
        String a = id("indicator");
        String b = id("indicator");
        String m = id("malware");
        String elsewhere = id("indicator");
        add(c1, indicator(a, at(-2)), malware(m, at(-2)));
        add(c1, indicator(a, at(-1)));
        add(c2, indicator(a, at(-3)), indicator(b, at(-1)));
        add(notAsked, indicator(elsewhere, at(-1)));

        assertThat(read((StoreTx tx) -> tx.objects().idsOfType(List.of(c1, c2), "indicator")))
                .containsExactlyInAnyOrder(a, b);
        assertThat(read((StoreTx tx) -> tx.objects().idsOfType(List.of(c2), "malware")))
                .isEmpty();
        assertThat(read((StoreTx tx) -> tx.objects().idsOfType(List.of(c1, c2), "malware")))
                .containsExactly(m);
        assertThat(read((StoreTx tx) -> tx.objects().idsOfType(List.of(), "indicator")))
                .isEmpty();
    }

    // --- secrets ---------------------------------------------------------------------------------

    @Test
    void firstSecretCandidateWins() {
        assertThat(store.write((StoreTx tx) -> tx.secrets().secret("cursor-key", "first", T0)))
                .isEqualTo("first");
        assertThat(store.write((StoreTx tx) -> tx.secrets().secret("cursor-key", "second", at(1))))
                .isEqualTo("first");
        assertThat(store.write((StoreTx tx) -> tx.secrets().secret("other-key", "third", at(2))))
                .isEqualTo("third");
    }

    @Test
    void replacedSecretIsWhatEveryNodeGetsFromThenOn() {
        Store other = openNode();
        write(tx -> {
            tx.secrets().secret("releasing-identity", "{\"name\":\"Old name\"}", T0);
            tx.secrets().secret("cursor-key", "untouched", T0);
        });

        write(tx -> tx.secrets().replaceSecret("releasing-identity", "{\"name\":\"New name\"}"));

        assertThat(other.write((StoreTx tx) -> tx.secrets().secret("releasing-identity", "candidate", at(1))))
                .isEqualTo("{\"name\":\"New name\"}");
        assertThat(store.write((StoreTx tx) -> tx.secrets().secret("cursor-key", "candidate", at(1))))
                .isEqualTo("untouched");
    }

    @Test
    void secretsAreSharedBetweenNodes() {
        Store other = openNode();
        assertThat(store.write((StoreTx tx) -> tx.secrets().secret("cursor-key", "from-node-1", T0)))
                .isEqualTo("from-node-1");

        assertThat(other.write((StoreTx tx) -> tx.secrets().secret("cursor-key", "from-node-2", T0)))
                .isEqualTo("from-node-1");
    }

    @Test
    void racingNodesAgreeOnOneSecret() {
        List<Store> nodes = List.of(store, openNode());
        List<String> values = runConcurrently(
                8, n -> nodes.get(n % 2).write(tx -> tx.secrets().secret("cursor-key", "candidate-" + n, T0)));

        assertThat(values).hasSize(8).containsOnly(values.get(0));
        assertThat(values.get(0)).startsWith("candidate-");
    }

    // --- transactions ----------------------------------------------------------------------------

    @Test
    void failedWriteLeavesNothingBehind() {
        String coll = newCollection();
        RuntimeException boom = new IllegalStateException("boom");

        assertThatThrownBy(() -> store.write((StoreTx tx) -> {
                    tx.objects().addObjects(coll, List.of(indicator(id("indicator"), at(-1))), at(100), TAXII);
                    tx.accounts().createAccount(account("alice", Account.Role.PRODUCER));
                    tx.collections().putApiRoot(apiRoot("api2"), T0);
                    tx.collections().saveStatus(status("s1", "api1"));
                    tx.secrets().secret("cursor-key", "lost", T0);
                    throw boom;
                }))
                .isSameAs(boom);

        assertThat(all(coll)).isEmpty();
        assertThat(read((StoreTx tx) -> tx.objects().lastDateAdded(coll))).isEqualTo(micros(T0));
        assertThat(read((StoreTx tx) -> tx.accounts().findAccount("alice"))).isEmpty();
        assertThat(read((StoreTx tx) -> tx.collections().findApiRoot("api2"))).isEmpty();
        assertThat(read((StoreTx tx) -> tx.collections().findStatus("api1", "s1")))
                .isEmpty();
        assertThat(store.write((StoreTx tx) -> tx.secrets().secret("cursor-key", "kept", T0)))
                .isEqualTo("kept");
        add(coll, at(50), indicator(id("indicator"), at(-1)));
        assertThat(all(coll)).extracting(VersionRecord::dateAddedMicros).containsExactly(micros(at(50)));
    }

    @Test
    void failedWriteLeavesNoReleaseRecordsBehind() {
        AudienceRecord a = newAudience("partner-a");
        PolicyVersion v1 = policyVersion("partner-a", 1, T0);
        String source = newCollection();
        String otherSource = newCollection();
        String x = id("indicator");
        String y = id("indicator");
        String r = id("report");
        ReleaseState xState = releaseState("partner-a", x, ReleaseState.Status.RELEASED, at(-1));
        SourceRef ref = new SourceRef(x, r, true);
        write(tx -> {
            tx.releaseViews().addPolicyVersion(v1);
            tx.releaseViews().setAudienceSources("partner-a", List.of(source));
            tx.releaseViews().putReleaseStates(List.of(xState));
            tx.objects().replaceSourceRefs(source, Map.of(r, List.of(ref)));
            tx.secrets().secret("releasing-identity", "kept", T0);
        });
        String otherView = newCollection();
        RuntimeException boom = new IllegalStateException("boom");

        assertThatThrownBy(() -> store.write((StoreTx tx) -> {
                    tx.releaseViews().createAudience(audience("partner-b", otherView, at(1)));
                    tx.releaseViews().addPolicyVersion(policyVersion("partner-b", 1, at(1)));
                    tx.releaseViews().setAudienceSources("partner-b", List.of(source));
                    tx.releaseViews().updateAudience("partner-a", 2, at(1));
                    tx.releaseViews().addPolicyVersion(policyVersion("partner-a", 2, at(1)));
                    tx.releaseViews().setAudienceSources("partner-a", List.of(otherSource));
                    tx.releaseViews()
                            .putReleaseStates(List.of(
                                    releaseState("partner-a", x, ReleaseState.Status.REVOKED, at(1)),
                                    releaseState("partner-a", y, ReleaseState.Status.RELEASED, at(1))));
                    tx.objects()
                            .replaceSourceRefs(
                                    source,
                                    Map.of(
                                            r,
                                            List.of(new SourceRef(y, r, false)),
                                            y,
                                            List.of(new SourceRef(x, y, true))));
                    tx.secrets().replaceSecret("releasing-identity", "lost");
                    throw boom;
                }))
                .isSameAs(boom);

        assertThat(read((StoreTx tx) -> tx.releaseViews().audiences())).containsExactly(a);
        assertThat(read((StoreTx tx) -> tx.releaseViews().policyVersions("partner-a")))
                .containsExactly(v1);
        assertThat(read((StoreTx tx) -> tx.releaseViews().policyVersions("partner-b")))
                .isEmpty();
        assertThat(read((StoreTx tx) -> tx.releaseViews().audienceSources("partner-a")))
                .containsExactly(source);
        assertThat(read((StoreTx tx) -> tx.releaseViews().audiencesOfSource(source)))
                .containsExactly("partner-a");
        assertThat(read((StoreTx tx) -> tx.releaseViews().releaseStates("partner-a", List.of(x, y))))
                .containsOnly(Map.entry(x, xState));
        assertThat(read((StoreTx tx) -> tx.objects().referrers(List.of(source), List.of(x, y))))
                .containsExactly(ref);
        assertThat(store.write((StoreTx tx) -> tx.secrets().secret("releasing-identity", "new", T0)))
                .isEqualTo("kept");
    }

    @Test
    void storeRecoversAfterADatabaseError() {
        String coll = newCollection();

        assertThatThrownBy(() -> write(
                        tx -> tx.accounts().createToken(new ApiToken("tok-1", "nobody", "hash", null, T0, false))))
                .isInstanceOf(TearlineException.class);

        add(coll, indicator(id("indicator"), at(-1)));
        assertThat(all(coll)).hasSize(1);
        assertThat(read((StoreTx tx) -> tx.accounts().findToken("tok-1"))).isEmpty();
    }

    @Test
    void writeSeesItsOwnChanges() {
        String coll = newCollection();
        String id = id("indicator");

        List<VersionRecord> seen = store.write(tx -> {
            tx.objects().addObjects(coll, List.of(indicator(id, at(-2))), at(1), TAXII);
            tx.objects().addObjects(coll, List.of(indicator(id, at(-1))), at(2), TAXII);
            return tx.objects()
                    .findManifest(coll, ObjectFilter.LATEST, EVERYTHING_ON_ONE_PAGE)
                    .items();
        });

        assertThat(seen).extracting(VersionRecord::versionKey).containsExactly(key(at(-1)));
    }

    @Test
    void readSeesCommittedWrites() {
        String coll = newCollection();
        Store other = openNode();
        NewObject o = indicator(id("indicator"), at(-1));

        add(coll, o);

        assertThat(other.read((StoreTx tx) ->
                                tx.objects().findObjects(coll, ObjectFilter.LATEST, EVERYTHING_ON_ONE_PAGE))
                        .items())
                .extracting(StoredObject::json)
                .containsExactly(o.json());
    }

    @Test
    void readWorksOnOneSnapshot() {
        String coll = newCollection();
        add(coll, indicator(id("indicator"), at(-1)));
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            List<Long> counts = store.read(tx -> {
                long before = tx.objects().countVersions(coll);
                await(writer.submit(() -> add(coll, indicator(id("indicator"), at(-1)))));
                long after = tx.objects().countVersions(coll);
                long listed = tx.objects()
                        .findManifest(coll, ObjectFilter.EVERYTHING, EVERYTHING_ON_ONE_PAGE)
                        .items()
                        .size();
                return List.of(before, after, listed);
            });

            assertThat(counts)
                    .as("counts inside one read while another transaction wrote")
                    .containsExactly(1L, 1L, 1L);
            assertThat(read((StoreTx tx) -> tx.objects().countVersions(coll))).isEqualTo(2);
        } finally {
            writer.shutdownNow();
        }
    }

    @Test
    void dataSurvivesReopeningTheStore() {
        String coll = newCollection();
        NewObject o = indicator(id("indicator"), at(-1));
        add(coll, at(100), o);
        store.close();

        Store reopened = openNode();

        assertThat(reopened.read((StoreTx tx) ->
                                tx.objects().findObjects(coll, ObjectFilter.LATEST, EVERYTHING_ON_ONE_PAGE))
                        .items())
                .extracting(StoredObject::json)
                .containsExactly(o.json());
        assertThat(reopened.write((StoreTx tx) ->
                        tx.objects().addObjects(coll, List.of(indicator(id("indicator"), at(-1))), at(10), TAXII)))
                .extracting(AddResult::outcome)
                .containsExactly(AddResult.Outcome.STORED);
        assertThat(reopened.read((StoreTx tx) -> tx.objects().lastDateAdded(coll)))
                .isGreaterThan(micros(at(100)));
    }

    @Test
    void storeIsHealthyUntilClosed() {
        assertThat(store.isHealthy()).isTrue();
        assertThat(store.describe()).isNotBlank();

        store.close();

        assertThat(store.isHealthy()).isFalse();
    }

    // --- concurrency -----------------------------------------------------------------------------

    /** Runs {@code work(n)} for n in 0..threads-1 on as many threads, started together. */
    private static <T> List<T> runConcurrently(int threads, java.util.function.IntFunction<T> work) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int n = 0; n < threads; n++) {
                int thread = n;
                Callable<T> task = () -> {
                    start.await();
                    return work.apply(thread);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            return futures.stream().map(StoreContract::await).toList();
        } finally {
            pool.shutdownNow();
        }
    }

    /** One addObjects call made by a concurrent writer, and what it reported. */
    private record Call(List<NewObject> objects, List<AddResult> results) {}

    @Test
    void concurrentWritersKeepExactlyOneCopyOfEachVersion() {
        concurrentWriters(List.of(store), 4);
    }

    @Test
    void concurrentWritersOnTwoNodesKeepExactlyOneCopyOfEachVersion() {
        concurrentWriters(List.of(store, openNode()), 4);
    }

    private void concurrentWriters(List<Store> writers, int threads) {
        String coll = newCollection();
        List<NewObject> pool = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String id = (i % 3 == 0 ? "malware" : "indicator") + "--00000000-0000-4000-8000-0000000000" + (10 + i);
            for (int v = 0; v < 4; v++) {
                pool.add(i % 3 == 0 ? malware(id, at(-100 + 10L * v)) : indicator(id, at(-100 + 10L * v)));
            }
        }
        List<NewObject> observables = IntStream.range(0, 3)
                .mapToObj(i -> observable("ipv4-addr--00000000-0000-4000-8000-00000000000" + i, "203.0.113." + i))
                .toList();
        pool.addAll(observables);

        List<List<Call>> perThread = runConcurrently(threads, t -> {
            Random random = new Random(1_000 + t);
            Store node = writers.get(t % writers.size());
            List<Call> calls = new ArrayList<>();
            for (int c = 0; c < 25; c++) {
                List<NewObject> objects = IntStream.range(0, 1 + random.nextInt(8))
                        .mapToObj(x -> pool.get(random.nextInt(pool.size())))
                        .toList();
                Instant now = at(random.nextInt(5));
                calls.add(new Call(objects, add(node, coll, now, objects)));
            }
            return calls;
        });
        List<Call> calls = perThread.stream().flatMap(List::stream).toList();

        List<AddResult> results =
                calls.stream().flatMap(c -> c.results().stream()).toList();
        assertThat(results).extracting(AddResult::outcome).doesNotContain(AddResult.Outcome.CONFLICT);
        Map<String, Long> storedPerVersion = results.stream()
                .filter(r -> r.outcome() == AddResult.Outcome.STORED)
                .collect(
                        Collectors.groupingBy(r -> r.id() + "@" + r.versionKey(), TreeMap::new, Collectors.counting()));
        assertThat(storedPerVersion.values()).as("each version stored once").containsOnly(1L);
        Set<String> postedVersioned = calls.stream()
                .flatMap(c -> c.objects().stream())
                .filter(o -> o.versionKey() != null)
                .map(o -> o.id() + "@" + o.versionKey())
                .collect(Collectors.toCollection(HashSet::new));
        Set<String> postedObservables = calls.stream()
                .flatMap(c -> c.objects().stream())
                .filter(o -> o.versionKey() == null)
                .map(NewObject::id)
                .collect(Collectors.toCollection(HashSet::new));

        List<VersionRecord> all = all(coll);
        assertThat(all)
                .extracting(r -> r.objectId() + "@" + r.versionKey())
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(storedPerVersion.keySet());
        assertThat(all)
                .filteredOn(r -> !r.type().equals("ipv4-addr"))
                .extracting(r -> r.objectId() + "@" + r.versionKey())
                .containsExactlyInAnyOrderElementsOf(postedVersioned);
        assertThat(all)
                .filteredOn(r -> r.type().equals("ipv4-addr"))
                .extracting(VersionRecord::objectId)
                .containsExactlyInAnyOrderElementsOf(postedObservables);
        assertThat(all).extracting(VersionRecord::seq).doesNotHaveDuplicates();
        assertInCollectionOrder(all);

        Map<String, List<String>> keysById = new TreeMap<>();
        for (VersionRecord r : all) {
            keysById.computeIfAbsent(r.objectId(), k -> new ArrayList<>()).add(r.versionKey());
        }
        Map<String, String> firsts = new TreeMap<>();
        Map<String, String> lasts = new TreeMap<>();
        keysById.forEach((id, keys) -> {
            firsts.put(id, keys.stream().min(String::compareTo).orElseThrow());
            lasts.put(id, keys.stream().max(String::compareTo).orElseThrow());
        });
        assertThat(byId(manifest(coll, filter(FIRST)))).as("first flags").isEqualTo(firsts);
        assertThat(byId(manifest(coll, ObjectFilter.LATEST))).as("latest flags").isEqualTo(lasts);

        // every call that stored something has a date_added of its own
        Map<String, Long> dateAdded = new HashMap<>();
        all.forEach(r -> dateAdded.put(r.objectId() + "@" + r.versionKey(), r.dateAddedMicros()));
        List<Long> callDates = new ArrayList<>();
        for (Call c : calls) {
            Set<Long> dates = c.results().stream()
                    .filter(r -> r.outcome() == AddResult.Outcome.STORED)
                    .map(r -> dateAdded.get(r.id() + "@" + r.versionKey()))
                    .collect(Collectors.toSet());
            assertThat(dates).hasSizeLessThanOrEqualTo(1);
            callDates.addAll(dates);
        }
        assertThat(callDates).doesNotHaveDuplicates();
    }

    private static Map<String, String> byId(List<VersionRecord> records) {
        Map<String, String> out = new LinkedHashMap<>();
        for (VersionRecord r : records) {
            assertThat(out.put(r.objectId(), r.versionKey()))
                    .as("one row for %s", r.objectId())
                    .isNull();
        }
        return new TreeMap<>(out);
    }

    @Test
    void racingCollectionCreationsOnTwoNodesConflict() {
        ensureApiRoot("api1");
        Store other = openNode();
        CollectionInfo mine = collection("c1", "api1", "partner-a", T0);

        assertRacingWriteConflicts(
                tx -> tx.collections().createCollection(mine),
                () -> other.write(tx -> {
                    tx.collections().createCollection(collection("c1", "api1", null, at(1)));
                    return null;
                }));
        assertRacingWriteConflicts(
                tx -> tx.collections().createCollection(collection("c2", "api1", "partner-b", T0)),
                () -> other.write(tx -> {
                    tx.collections().createCollection(collection("c3", "api1", "partner-b", at(1)));
                    return null;
                }));

        assertThat(read((StoreTx tx) -> tx.collections().allCollections()))
                .extracting(CollectionInfo::id)
                .containsExactly("c1", "c2");
        assertThat(read((StoreTx tx) -> tx.collections().findCollection("c1"))).contains(mine);
    }

    @Test
    void racingAccountCreationsOnTwoNodesConflict() {
        Store other = openNode();
        Account mine = account("alice", Account.Role.PRODUCER);

        assertRacingWriteConflicts(
                tx -> tx.accounts().createAccount(mine),
                () -> other.write(tx -> {
                    tx.accounts().createAccount(account("alice", Account.Role.PARTNER));
                    return null;
                }));

        assertThat(read((StoreTx tx) -> tx.accounts().findAccount("alice"))).contains(mine);
    }

    @Test
    void racingAudienceCreationsOnTwoNodesConflict() {
        String view = newCollection();
        String otherView = newCollection();
        Store other = openNode();
        AudienceRecord mine = audience("partner-a", view, T0);

        assertRacingWriteConflicts(
                tx -> tx.releaseViews().createAudience(mine),
                () -> other.write(tx -> {
                    tx.releaseViews().createAudience(audience("partner-a", otherView, at(1)));
                    return null;
                }));

        assertThat(read((StoreTx tx) -> tx.releaseViews().audiences())).containsExactly(mine);
    }

    /**
     * Runs {@code first} in a write that stays open a moment after it, while {@code second}
     * (another node's write of the same thing) starts; the second must fail with a conflict.
     */
    private void assertRacingWriteConflicts(Consumer<StoreTx> first, Runnable second) {
        CountDownLatch firstDone = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> firstWrite = pool.submit(() -> store.write(tx -> {
                first.accept(tx);
                firstDone.countDown();
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            try {
                firstDone.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            assertThatThrownBy(second::run).isInstanceOf(ConflictException.class);
            await(firstWrite);
        } finally {
            pool.shutdownNow();
        }
    }
}
