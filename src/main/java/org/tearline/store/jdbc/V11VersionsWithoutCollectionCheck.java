package org.tearline.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Migration 11: on PostgreSQL, object versions no longer carry a foreign key to their
 * collection. PostgreSQL checks such a key with a query and a share lock on the collection's
 * row for every inserted row; on the benchmark machine that added about 9 µs to the 15 to 18 µs
 * a version's insert costs the database, the largest part of it after the indexes. The key
 * guarded nothing the store does not already guarantee: every version is added under
 * {@code addObjects}, which first locks the collection's row and refuses a collection that does
 * not exist, and collections are never deleted.
 *
 * <p>On SQLite the key stays: a table's constraints can only change there by copying the whole
 * table, and SQLite's check is a probe of a small, cached index.
 */
final class V11VersionsWithoutCollectionCheck extends StoreMigration {

    V11VersionsWithoutCollectionCheck() {
        super(11, "object versions without a foreign key on PostgreSQL", 11_001, Dialect.POSTGRESQL);
    }

    @Override
    void apply(Connection c) throws SQLException {
        // Named by PostgreSQL when V1 made it; looked up rather than assumed, and only the key
        // to collection is dropped.
        List<String> keys = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT conname FROM pg_constraint"
                        + " WHERE conrelid = 'object_version'::regclass AND contype = 'f'"
                        + " AND confrelid = 'collection'::regclass")) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        try (Statement s = c.createStatement()) {
            for (String key : keys) {
                s.execute("ALTER TABLE object_version DROP CONSTRAINT \"" + key.replace("\"", "\"\"") + "\"");
            }
        }
    }
}
