package org.tearline.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Migration 8: object_version's identity index keyed on {@link IdentityHash} instead of the
 * collection, id and version as text. Written in Java because the key is a SHA-256, which
 * neither SQLite nor every PostgreSQL computes the same way in SQL; existing rows get theirs
 * here, one object at a time through the old index, before it is dropped.
 */
final class V8IdentityHash extends StoreMigration {

    /** Objects whose rows are updated per round. */
    private static final int BATCH = 5_000;

    V8IdentityHash() {
        super(8, "identity hash", 8_001);
    }

    @Override
    void apply(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE object_version ADD COLUMN id_hash BIGINT NOT NULL DEFAULT 0");
        }
        String lastCollection = "";
        String lastId = "";
        try (PreparedStatement next = c.prepareStatement("SELECT DISTINCT collection_id,"
                        + " object_id FROM object_version WHERE (collection_id, object_id) > (?, ?)"
                        + " ORDER BY collection_id, object_id LIMIT " + BATCH);
                PreparedStatement set = c.prepareStatement(
                        "UPDATE object_version" + " SET id_hash = ? WHERE collection_id = ? AND object_id = ?")) {
            while (true) {
                next.setString(1, lastCollection);
                next.setString(2, lastId);
                List<String[]> objects = new ArrayList<>(BATCH);
                try (ResultSet rs = next.executeQuery()) {
                    while (rs.next()) {
                        objects.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
                if (objects.isEmpty()) {
                    break;
                }
                for (String[] o : objects) {
                    set.setLong(1, IdentityHash.of(o[0], o[1]));
                    set.setString(2, o[0]);
                    set.setString(3, o[1]);
                    set.addBatch();
                }
                set.executeBatch();
                String[] last = objects.get(objects.size() - 1);
                lastCollection = last[0];
                lastId = last[1];
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("DROP INDEX object_version_identity");
            s.execute("CREATE INDEX object_version_id_hash ON object_version (id_hash)");
        }
    }
}
