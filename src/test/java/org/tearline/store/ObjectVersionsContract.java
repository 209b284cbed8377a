package org.tearline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.tearline.store.TestObjects.EVERYTHING_ON_ONE_PAGE;
import static org.tearline.store.TestObjects.FIRST;
import static org.tearline.store.TestObjects.FIRST_AND_LAST;
import static org.tearline.store.TestObjects.T0;
import static org.tearline.store.TestObjects.TAXII;
import static org.tearline.store.TestObjects.addedAfterFilter;
import static org.tearline.store.TestObjects.at;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;
import org.tearline.domain.Position;
import org.tearline.domain.Provenance;
import org.tearline.domain.StoredObject;
import org.tearline.domain.VersionRecord;
import org.tearline.error.NotFoundException;

/**
 * The contract of {@link ObjectVersions}: adding versions (stored, duplicate or conflicting),
 * finding and paging them by every filter, deleting and streaming them, the references between
 * objects, and many writers on one or two nodes, on every database the store runs on; a jqwik
 * property checks random histories against a plain in-memory model.
 */
abstract class ObjectVersionsContract extends TestObjectsContract {

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

        assertThat(provenance(coll, id, key(at(-2)))).contains(TAXII);
        assertThat(provenance(coll, id, key(at(-1)))).contains(feed);
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
                .map(ObjectVersionsContract::poolId)
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
                List<NewObject> objects = a.posts().stream()
                        .map(ObjectVersionsContract::poolObject)
                        .toList();
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
    void resettingSourceRefsKeepsWritersOutOfTheCollectionUntilItsTransactionEnds() {
        String coll = newCollection();
        Store other = openNode();
        CountDownLatch reset = new CountDownLatch(1);
        AtomicBoolean resetting = new AtomicBoolean(true);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> resetter = pool.submit(() -> store.write(tx -> {
                tx.objects().resetSourceRefs(coll);
                reset.countDown();
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                resetting.set(false);
                return null;
            }));
            try {
                assertThat(reset.await(30, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }

            List<AddResult> added = add(other, coll, tick(), List.of(indicator(id("indicator"), at(-1))));

            assertThat(resetting.get())
                    .as("another node's write to the collection waited for the reset's transaction")
                    .isFalse();
            assertThat(added).extracting(AddResult::outcome).containsExactly(AddResult.Outcome.STORED);
            await(resetter);
        } finally {
            pool.shutdownNow();
        }
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

    // --- concurrency -----------------------------------------------------------------------------

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
}
