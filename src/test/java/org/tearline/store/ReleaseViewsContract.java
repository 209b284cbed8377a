package org.tearline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tearline.store.TestObjects.T0;
import static org.tearline.store.TestObjects.at;
import static org.tearline.store.TestObjects.audience;
import static org.tearline.store.TestObjects.id;
import static org.tearline.store.TestObjects.key;
import static org.tearline.store.TestObjects.policyVersion;
import static org.tearline.store.TestObjects.releaseState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.tearline.domain.AudienceRecord;
import org.tearline.domain.PolicyVersion;
import org.tearline.domain.ReleaseState;
import org.tearline.error.ConflictException;

/**
 * The contract of {@link ReleaseViews}: audiences, their policy versions and source
 * collections, and release states, on every database the store runs on.
 */
abstract class ReleaseViewsContract extends TestObjectsContract {

    // --- audiences -------------------------------------------------------------------------------

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
}
