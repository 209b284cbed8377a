package org.tearline.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.tearline.domain.QuarantinedObject;
import org.tearline.store.Quarantine;

/** {@link Quarantine} on one JDBC transaction. */
final class JdbcQuarantine extends JdbcRepository implements Quarantine {

    private static final String COLUMNS =
            "subscription_id, peer, remote_collection, object_id, body, reasons, digest, received_at";

    JdbcQuarantine(Connection conn, Dialect dialect, StatementCache statements) {
        super(conn, dialect, statements);
    }

    @Override
    public boolean keep(QuarantinedObject q) {
        return update(
                        "INSERT INTO peer_quarantine (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                                + " ON CONFLICT (subscription_id, digest) DO NOTHING",
                        listOf(
                                q.subscriptionId(),
                                q.peer(),
                                q.remoteCollection(),
                                q.objectId(),
                                q.body(),
                                q.reasons(),
                                q.digest(),
                                micros(q.received())))
                == 1;
    }

    @Override
    public List<QuarantinedObject> ofPeer(String peer, int limit) {
        return query(
                "SELECT " + COLUMNS + " FROM peer_quarantine WHERE peer = ?"
                        + " ORDER BY received_at DESC, subscription_id, digest LIMIT ?",
                listOf(peer, limit),
                JdbcQuarantine::quarantined);
    }

    @Override
    public long count(String peer) {
        return query("SELECT COUNT(*) FROM peer_quarantine WHERE peer = ?", List.of(peer), rs -> rs.getLong(1))
                .get(0);
    }

    private static QuarantinedObject quarantined(ResultSet rs) throws SQLException {
        return new QuarantinedObject(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                instant(rs, 8));
    }
}
