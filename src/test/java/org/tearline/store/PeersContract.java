package org.tearline.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tearline.domain.CollectionKind;
import org.tearline.domain.Peer;
import org.tearline.domain.PeerSubscription;
import org.tearline.domain.PeerSubscription.Cursor;
import org.tearline.domain.PeerSubscription.Mode;
import org.tearline.domain.Provenance;
import org.tearline.domain.QuarantinedObject;
import org.tearline.domain.ReceivedFrom;
import org.tearline.domain.VersionRecord;

/**
 * The contract of {@link Peers} and {@link Quarantine}: peers and their state, subscriptions
 * and their cursors, where received versions came from, and what was kept aside, on every
 * database the store runs on.
 */
abstract class PeersContract extends RepositoryContract {

    private static Peer peer(String name) {
        return new Peer(
                name, "https://" + name + ".example/taxii2/", null, "us", "c2VhbGVk", null, T0, null, null, null, null);
    }

    private static PeerSubscription subscription(String id, String peer, String remote, String local) {
        return new PeerSubscription(id, peer, remote, local, 60, T0, Cursor.START, 0, 0, 0, null, null, null, null);
    }

    @Test
    void aPeerIsAddedOnceFoundListedByNameAndRemovedWithItsSubscriptions() {
        String inbound = collection("inbound-1", CollectionKind.INBOUND);

        assertThat(write((StoreTx tx) -> tx.peers().addPeer(peer("beta")))).isTrue();
        assertThat(write((StoreTx tx) -> tx.peers().addPeer(peer("alpha")))).isTrue();
        assertThat(write((StoreTx tx) -> tx.peers().addPeer(peer("beta"))))
                .as("same name")
                .isFalse();
        write((StoreTx tx) -> tx.peers().addSubscription(subscription("s1", "beta", "remote-1", inbound)));

        assertThat(read((StoreTx tx) -> tx.peers().findPeer("beta"))).contains(peer("beta"));
        assertThat(read((StoreTx tx) -> tx.peers().findPeer("gamma"))).isEmpty();
        assertThat(read((StoreTx tx) -> tx.peers().peers()).stream().map(Peer::name))
                .containsExactly("alpha", "beta");

        assertThat(write((StoreTx tx) -> tx.peers().removePeer("beta"))).isTrue();
        assertThat(write((StoreTx tx) -> tx.peers().removePeer("beta"))).isFalse();
        assertThat(read((StoreTx tx) -> tx.peers().subscriptions(null))).isEmpty();
        assertThat(read((StoreTx tx) -> tx.peers().peers()).stream().map(Peer::name))
                .containsExactly("alpha");
    }

    @Test
    void aRunOfFailuresKeepsWhenItBeganAndASuccessEndsIt() {
        write((StoreTx tx) -> tx.peers().addPeer(peer("beta")));

        write((StoreTx tx) -> {
            tx.peers().peerFailed("beta", "tls: untrusted", T0.plusSeconds(1));
            tx.peers().peerFailed("beta", "unreachable: refused", T0.plusSeconds(5));
            return null;
        });
        Peer failing = read((StoreTx tx) -> tx.peers().findPeer("beta")).orElseThrow();
        assertThat(failing.failingSince()).isEqualTo(T0.plusSeconds(1));
        assertThat(failing.lastError()).isEqualTo("unreachable: refused");
        assertThat(failing.lastErrorAt()).isEqualTo(T0.plusSeconds(5));

        write((StoreTx tx) -> {
            tx.peers().peerOk("beta", T0.plusSeconds(9));
            return null;
        });
        Peer ok = read((StoreTx tx) -> tx.peers().findPeer("beta")).orElseThrow();
        assertThat(ok.failing()).isFalse();
        assertThat(ok.lastError()).isNull();
        assertThat(ok.lastOk()).isEqualTo(T0.plusSeconds(9));
    }

    @Test
    void aSubscriptionIsUniquePerPeerRemoteAndLocalCollection() {
        String inbound = collection("inbound-1", CollectionKind.INBOUND);
        String other = collection("inbound-2", CollectionKind.INBOUND);
        write((StoreTx tx) -> tx.peers().addPeer(peer("beta")));
        write((StoreTx tx) -> tx.peers().addPeer(peer("gamma")));

        assertThat(write((StoreTx tx) -> tx.peers().addSubscription(subscription("s1", "beta", "r1", inbound))))
                .isTrue();
        assertThat(write((StoreTx tx) -> tx.peers().addSubscription(subscription("s2", "beta", "r1", inbound))))
                .isFalse();
        assertThat(write((StoreTx tx) -> tx.peers().addSubscription(subscription("s3", "beta", "r1", other))))
                .isTrue();
        assertThat(write((StoreTx tx) -> tx.peers().addSubscription(subscription("s4", "gamma", "r1", inbound))))
                .isTrue();

        assertThat(read((StoreTx tx) -> tx.peers().subscriptions("beta")).stream()
                        .map(PeerSubscription::id))
                .containsExactlyInAnyOrder("s1", "s3");
        assertThat(read((StoreTx tx) -> tx.peers().subscriptions(null))).hasSize(3);
        assertThat(read((StoreTx tx) -> tx.peers().findSubscription("s1")))
                .contains(subscription("s1", "beta", "r1", inbound));
        assertThat(read((StoreTx tx) -> tx.peers().findSubscription("s2"))).isEmpty();
    }

    @Test
    void advancingMovesTheCursorAddsToTheCountsAndKeepsTheNewestDateAdded() {
        String inbound = collection("inbound-1", CollectionKind.INBOUND);
        write((StoreTx tx) -> tx.peers().addPeer(peer("beta")));
        write((StoreTx tx) -> tx.peers().addSubscription(subscription("s1", "beta", "r1", inbound)));
        Instant newest = Instant.parse("2026-01-01T00:00:00.123456Z");

        write((StoreTx tx) -> {
            tx.peers().advance("s1", new Cursor("tok-1", 1_000L, Mode.OBJECTS), 10, 2, newest, T0.plusSeconds(1));
            tx.peers().advance("s1", new Cursor(null, 2_000L, Mode.MANIFEST), 5, 0, null, T0.plusSeconds(2));
            return null;
        });

        PeerSubscription s =
                read((StoreTx tx) -> tx.peers().findSubscription("s1")).orElseThrow();
        assertThat(s.cursor()).isEqualTo(new Cursor(null, 2_000L, Mode.MANIFEST));
        assertThat(s.received()).isEqualTo(15);
        assertThat(s.quarantined()).isEqualTo(2);
        assertThat(s.newestAdded()).as("a null newest keeps the one known").isEqualTo(newest);
        assertThat(s.lastPull()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void aCursorMovedInATransactionThatFailsStaysWhereItWas() {
        String inbound = collection("inbound-1", CollectionKind.INBOUND);
        write((StoreTx tx) -> tx.peers().addPeer(peer("beta")));
        write((StoreTx tx) -> tx.peers().addSubscription(subscription("s1", "beta", "r1", inbound)));

        try {
            write((StoreTx tx) -> {
                tx.peers().advance("s1", new Cursor("tok", 5L, Mode.OBJECTS), 3, 0, null, T0);
                throw new IllegalStateException("crash before commit");
            });
        } catch (IllegalStateException expected) {
            // the transaction rolled back
        }

        PeerSubscription s =
                read((StoreTx tx) -> tx.peers().findSubscription("s1")).orElseThrow();
        assertThat(s.cursor()).isEqualTo(Cursor.START);
        assertThat(s.received()).isZero();
    }

    @Test
    void aFinishedPullClearsOrRecordsTheErrorAndCountsFailures() {
        String inbound = collection("inbound-1", CollectionKind.INBOUND);
        write((StoreTx tx) -> tx.peers().addPeer(peer("beta")));
        write((StoreTx tx) -> tx.peers().addSubscription(subscription("s1", "beta", "r1", inbound)));

        write((StoreTx tx) -> {
            tx.peers().pulled("s1", "server_error: HTTP 500", T0.plusSeconds(1));
            return null;
        });
        PeerSubscription failed =
                read((StoreTx tx) -> tx.peers().findSubscription("s1")).orElseThrow();
        assertThat(failed.errors()).isEqualTo(1);
        assertThat(failed.lastError()).isEqualTo("server_error: HTTP 500");

        write((StoreTx tx) -> {
            tx.peers().pulled("s1", null, T0.plusSeconds(2));
            return null;
        });
        PeerSubscription ok =
                read((StoreTx tx) -> tx.peers().findSubscription("s1")).orElseThrow();
        assertThat(ok.errors()).isEqualTo(1);
        assertThat(ok.lastError()).isNull();
        assertThat(ok.lastPull()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void theOriginsOfStoredVersionsAreFoundByTheirPlaceAndReceivedDetailsByObject() {
        String inbound = collection("inbound-1", CollectionKind.INBOUND);
        String id = TestObjects.id("indicator");
        Instant v1 = T0.plusSeconds(1);
        write((StoreTx tx) -> tx.objects()
                .addObjects(inbound, List.of(TestObjects.indicator(id, v1)), T0, new Provenance("peer", "beta")));
        VersionRecord stored = read((StoreTx tx) -> tx.objects()
                        .findVersions(inbound, id, ObjectFilter.EVERYTHING, PageRequest.first(10))
                        .items())
                .get(0);
        Instant remoteAdded = Instant.parse("2025-12-31T23:50:00.5Z");
        ReceivedFrom from = new ReceivedFrom(inbound, id, stored.versionKey(), "beta", "r1", remoteAdded, T0);

        write((StoreTx tx) -> {
            tx.peers().recordReceived(List.of(from));
            tx.peers().recordReceived(List.of(from));
            return null;
        });

        String key = id + "@" + stored.versionKey();
        Map<String, Provenance> how = read((StoreTx tx) -> tx.peers()
                .provenance(
                        inbound,
                        List.of(new Peers.VersionKey(
                                id, stored.versionKey(), stored.dateAddedMicros(), stored.seq()))));
        assertThat(how).containsExactly(Map.entry(key, new Provenance("peer", "beta")));
        assertThat(read((StoreTx tx) -> tx.peers().receivedFrom(inbound, id))).containsExactly(Map.entry(key, from));
        assertThat(read((StoreTx tx) -> tx.peers().receivedFrom(inbound, TestObjects.id("indicator"))))
                .isEmpty();
    }

    @Test
    void theQuarantineKeepsOneRowPerBodyPerSubscriptionNewestFirst() {
        QuarantinedObject a =
                new QuarantinedObject("s1", "beta", "r1", "indicator--x", "{\"a\":1}", "[required] pattern", "d1", T0);
        QuarantinedObject b =
                new QuarantinedObject("s1", "beta", "r1", null, "[1]", "[not-an-object]", "d2", T0.plusSeconds(1));
        QuarantinedObject c = new QuarantinedObject("s9", "gamma", "r2", null, "[1]", "[not-an-object]", "d2", T0);

        assertThat(write((StoreTx tx) -> tx.quarantine().keep(a))).isTrue();
        assertThat(write((StoreTx tx) -> tx.quarantine().keep(b))).isTrue();
        assertThat(write((StoreTx tx) -> tx.quarantine().keep(a)))
                .as("pulled again")
                .isFalse();
        assertThat(write((StoreTx tx) -> tx.quarantine().keep(c)))
                .as("another subscription")
                .isTrue();

        assertThat(read((StoreTx tx) -> tx.quarantine().ofPeer("beta", 10))).containsExactly(b, a);
        assertThat(read((StoreTx tx) -> tx.quarantine().ofPeer("beta", 1))).containsExactly(b);
        assertThat(read((StoreTx tx) -> tx.quarantine().count("beta"))).isEqualTo(2);
        assertThat(read((StoreTx tx) -> tx.quarantine().count("gamma"))).isEqualTo(1);
        assertThat(read((StoreTx tx) -> tx.quarantine().count("nobody"))).isZero();
    }
}
