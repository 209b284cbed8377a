package org.tearline.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Migration 10: on SQLite, tier 0 of the identity entries ({@link IdentityTiers}) keeps its
 * entries in the order they were added instead of in key order. Keyed by identity, every
 * envelope's entries landed on nearly every page of the tier, so each commit wrote all of its
 * pages to the log again; in arrival order a commit writes the tier's last page or two. A
 * lookup reads the whole tier instead of probing it, which at its cap of a few thousand entries
 * costs less than one commit's pages did, and lookups are rare (the filter of known ids skips
 * them for objects never seen). Entries leave the tier in key order as before, so the tiers
 * after it are unchanged.
 *
 * <p>On PostgreSQL, which has no tiers (migration 9), nothing changes.
 */
final class V10FirstTierInOrder extends StoreMigration {

    V10FirstTierInOrder() {
        super(10, "first identity tier in order of arrival", 10_001, Dialect.SQLITE);
    }

    @Override
    void apply(Connection c) throws SQLException {
        String first = IdentityTiers.table(0);
        try (Statement s = c.createStatement()) {
            // The view names the table; it is made again, unchanged, once the table is back.
            s.execute("DROP VIEW object_identity");
            s.execute("ALTER TABLE " + first + " RENAME TO " + first + "_keyed");
            // A rowid table: each entry is appended after the last, whatever its key.
            s.execute("CREATE TABLE " + first + " ("
                    + " id_hash INTEGER NOT NULL,"
                    + " version_added INTEGER NOT NULL,"
                    + " version_seq INTEGER NOT NULL)");
            s.execute("INSERT INTO " + first + " (id_hash, version_added, version_seq)"
                    + " SELECT id_hash, version_added, version_seq FROM " + first + "_keyed"
                    + " ORDER BY version_added, version_seq");
            s.execute("DROP TABLE " + first + "_keyed");
            s.execute(V9IdentityTiers.view());
        }
    }
}
