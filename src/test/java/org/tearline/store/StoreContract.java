package org.tearline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tearline.store.TestObjects.EVERYTHING_ON_ONE_PAGE;
import static org.tearline.store.TestObjects.T0;
import static org.tearline.store.TestObjects.TAXII;
import static org.tearline.store.TestObjects.account;
import static org.tearline.store.TestObjects.apiRoot;
import static org.tearline.store.TestObjects.at;
import static org.tearline.store.TestObjects.audience;
import static org.tearline.store.TestObjects.id;
import static org.tearline.store.TestObjects.indicator;
import static org.tearline.store.TestObjects.key;
import static org.tearline.store.TestObjects.micros;
import static org.tearline.store.TestObjects.policyVersion;
import static org.tearline.store.TestObjects.releaseState;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.tearline.domain.Account;
import org.tearline.domain.ApiToken;
import org.tearline.domain.AudienceRecord;
import org.tearline.domain.PolicyVersion;
import org.tearline.domain.ReleaseState;
import org.tearline.domain.StoredObject;
import org.tearline.domain.VersionRecord;
import org.tearline.error.TearlineException;

/**
 * The contract of {@link Store} itself: a write is one transaction across every repository
 * (all or nothing), a read one snapshot, and the store survives failures and reopening, on
 * every database the store runs on. Each repository has a contract of its own.
 */
abstract class StoreContract extends TestObjectsContract {

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
}
