package org.tearline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.tearline.store.TestObjects.T0;
import static org.tearline.store.TestObjects.apiRoot;
import static org.tearline.store.TestObjects.at;
import static org.tearline.store.TestObjects.collection;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.tearline.domain.ApiRoot;
import org.tearline.domain.CollectionInfo;
import org.tearline.domain.CollectionKind;
import org.tearline.domain.StatusRecord;
import org.tearline.error.ConflictException;
import org.tearline.error.NotFoundException;

/**
 * The contract of {@link Collections}: API roots, collections and status resources, on every
 * database the store runs on.
 */
abstract class CollectionsContract extends TestObjectsContract {

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

    // --- status resources ------------------------------------------------------------------------

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
}
