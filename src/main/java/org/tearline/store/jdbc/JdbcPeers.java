package org.tearline.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tearline.domain.Peer;
import org.tearline.domain.PeerSubscription;
import org.tearline.domain.Provenance;
import org.tearline.domain.ReceivedFrom;
import org.tearline.store.Peers;

/** {@link Peers} on one JDBC transaction. */
final class JdbcPeers extends JdbcRepository implements Peers {

    private static final String PEER_COLUMNS = "name, discovery_url, api_root_url, username, sealed_secret,"
            + " ca_file, created_at, last_ok_at, failing_since, last_error, last_error_at";

    private static final String SUBSCRIPTION_COLUMNS = "id, peer, remote_collection, local_collection,"
            + " every_seconds, created_at, cursor_next, cursor_added_after, cursor_mode, received,"
            + " quarantined, errors, last_pull_at, newest_added, last_error, last_error_at";

    JdbcPeers(Connection conn, Dialect dialect, StatementCache statements) {
        super(conn, dialect, statements);
    }

    @Override
    public boolean addPeer(Peer p) {
        return update(
                        "INSERT INTO peer (" + PEER_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                + " ON CONFLICT (name) DO NOTHING",
                        listOf(
                                p.name(),
                                p.discoveryUrl(),
                                p.apiRootUrl(),
                                p.user(),
                                p.sealedSecret(),
                                p.caFile(),
                                micros(p.created()),
                                micros(p.lastOk()),
                                micros(p.failingSince()),
                                p.lastError(),
                                micros(p.lastErrorAt())))
                == 1;
    }

    @Override
    public Optional<Peer> findPeer(String name) {
        return first(query("SELECT " + PEER_COLUMNS + " FROM peer WHERE name = ?", List.of(name), JdbcPeers::peer));
    }

    @Override
    public List<Peer> peers() {
        return query("SELECT " + PEER_COLUMNS + " FROM peer ORDER BY name", List.of(), JdbcPeers::peer);
    }

    @Override
    public boolean removePeer(String name) {
        update("DELETE FROM peer_subscription WHERE peer = ?", List.of(name));
        return update("DELETE FROM peer WHERE name = ?", List.of(name)) == 1;
    }

    @Override
    public void peerOk(String name, Instant at) {
        update(
                "UPDATE peer SET last_ok_at = ?, failing_since = NULL, last_error = NULL, last_error_at = NULL"
                        + " WHERE name = ?",
                listOf(micros(at), name));
    }

    @Override
    public void peerFailed(String name, String error, Instant at) {
        update(
                "UPDATE peer SET failing_since = COALESCE(failing_since, ?), last_error = ?, last_error_at = ?"
                        + " WHERE name = ?",
                listOf(micros(at), error, micros(at), name));
    }

    @Override
    public boolean addSubscription(PeerSubscription s) {
        return update(
                        "INSERT INTO peer_subscription (" + SUBSCRIPTION_COLUMNS + ") VALUES"
                                + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                + " ON CONFLICT (peer, remote_collection, local_collection) DO NOTHING",
                        listOf(
                                s.id(),
                                s.peer(),
                                s.remoteCollection(),
                                s.localCollection(),
                                s.every(),
                                micros(s.created()),
                                s.cursor().next(),
                                s.cursor().addedAfterMicros(),
                                s.cursor().mode().dbName(),
                                s.received(),
                                s.quarantined(),
                                s.errors(),
                                micros(s.lastPull()),
                                micros(s.newestAdded()),
                                s.lastError(),
                                micros(s.lastErrorAt())))
                == 1;
    }

    @Override
    public Optional<PeerSubscription> findSubscription(String id) {
        return first(query(
                "SELECT " + SUBSCRIPTION_COLUMNS + " FROM peer_subscription WHERE id = ?",
                List.of(id),
                JdbcPeers::subscription));
    }

    @Override
    public List<PeerSubscription> subscriptions(String peer) {
        return peer == null
                ? query(
                        "SELECT " + SUBSCRIPTION_COLUMNS + " FROM peer_subscription ORDER BY peer, created_at, id",
                        List.of(),
                        JdbcPeers::subscription)
                : query(
                        "SELECT " + SUBSCRIPTION_COLUMNS
                                + " FROM peer_subscription WHERE peer = ? ORDER BY created_at, id",
                        List.of(peer),
                        JdbcPeers::subscription);
    }

    @Override
    public void advance(
            String subscriptionId,
            PeerSubscription.Cursor cursor,
            long received,
            long quarantined,
            Instant newestAdded,
            Instant at) {
        update(
                "UPDATE peer_subscription SET cursor_next = ?, cursor_added_after = ?, cursor_mode = ?,"
                        + " received = received + ?, quarantined = quarantined + ?,"
                        + " newest_added = COALESCE(?, newest_added), last_pull_at = ? WHERE id = ?",
                listOf(
                        cursor.next(),
                        cursor.addedAfterMicros(),
                        cursor.mode().dbName(),
                        received,
                        quarantined,
                        micros(newestAdded),
                        micros(at),
                        subscriptionId));
    }

    @Override
    public void pulled(String subscriptionId, String error, Instant at) {
        if (error == null) {
            update(
                    "UPDATE peer_subscription SET last_pull_at = ?, last_error = NULL, last_error_at = NULL"
                            + " WHERE id = ?",
                    listOf(micros(at), subscriptionId));
        } else {
            update(
                    "UPDATE peer_subscription SET last_pull_at = ?, last_error = ?, last_error_at = ?,"
                            + " errors = errors + 1 WHERE id = ?",
                    listOf(micros(at), error, micros(at), subscriptionId));
        }
    }

    @Override
    public void recordReceived(List<ReceivedFrom> received) {
        for (ReceivedFrom r : received) {
            update(
                    "INSERT INTO peer_received (collection_id, object_id, version, peer, remote_collection,"
                            + " remote_date_added, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                            + " ON CONFLICT (collection_id, object_id, version) DO NOTHING",
                    listOf(
                            r.collectionId(),
                            r.objectId(),
                            r.versionKey(),
                            r.peer(),
                            r.remoteCollection(),
                            micros(r.remoteDateAdded()),
                            micros(r.received())));
        }
    }

    @Override
    public Map<String, Provenance> provenance(String collectionId, Collection<VersionKey> versions) {
        Map<String, Provenance> out = new HashMap<>();
        for (VersionKey v : versions) {
            // By the primary key: the version's place, which the caller read with its record.
            forEachRow(
                    "SELECT prov_channel, prov_source FROM object_version"
                            + " WHERE collection_id = ? AND date_added = ? AND seq = ?",
                    listOf(collectionId, v.dateAddedMicros(), v.seq()),
                    rs -> out.put(
                            v.objectId() + "@" + v.versionKey(), new Provenance(rs.getString(1), rs.getString(2))));
        }
        return out;
    }

    @Override
    public Map<String, ReceivedFrom> receivedFrom(String collectionId, String objectId) {
        Map<String, ReceivedFrom> out = new HashMap<>();
        forEachRow(
                "SELECT collection_id, object_id, version, peer, remote_collection, remote_date_added,"
                        + " received_at FROM peer_received WHERE collection_id = ? AND object_id = ?",
                List.of(collectionId, objectId),
                rs -> out.put(
                        rs.getString(2) + "@" + rs.getString(3),
                        new ReceivedFrom(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                instant(rs, 6),
                                instant(rs, 7))));
        return out;
    }

    private static Peer peer(ResultSet rs) throws SQLException {
        return new Peer(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                instant(rs, 7),
                instant(rs, 8),
                instant(rs, 9),
                rs.getString(10),
                instant(rs, 11));
    }

    private static PeerSubscription subscription(ResultSet rs) throws SQLException {
        long added = rs.getLong(8);
        Long addedAfter = rs.wasNull() ? null : added;
        return new PeerSubscription(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getLong(5),
                instant(rs, 6),
                new PeerSubscription.Cursor(
                        rs.getString(7), addedAfter, PeerSubscription.Mode.ofDbName(rs.getString(9))),
                rs.getLong(10),
                rs.getLong(11),
                rs.getLong(12),
                instant(rs, 13),
                instant(rs, 14),
                rs.getString(15),
                instant(rs, 16));
    }
}
