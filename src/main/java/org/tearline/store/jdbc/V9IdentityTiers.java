package org.tearline.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Migration 9: on SQLite, object identities move from the index of migration 8 into tiered
 * tables ({@link IdentityTiers}), one per tier, with the view object_identity over all of
 * them; every existing version's entry goes into the last tier, in key order, and the old
 * index is dropped. The tables are {@code WITHOUT ROWID}: the entries are the B-tree itself
 * rather than a table and an index beside it.
 *
 * <p>On PostgreSQL nothing changes: the index of migration 8 stays, since there moving entries
 * from tier to tier costs more than the random index pages it saves (docs/benchmarks.md,
 * 2026-12-06). The migration still runs there, so that both databases carry the same history.
 */
final class V9IdentityTiers extends StoreMigration {

    V9IdentityTiers() {
        super(9, "identity tiers", 9_001, Dialect.SQLITE);
    }

    /** The view over every tier; migration 10 makes it again after replacing tier 0. */
    static String view() {
        StringBuilder view = new StringBuilder("CREATE VIEW object_identity AS ");
        for (int tier = 0; tier <= IdentityTiers.LAST; tier++) {
            view.append(tier == 0 ? "" : " UNION ALL ")
                    .append("SELECT ")
                    .append(tier)
                    .append(" AS tier, id_hash, version_added, version_seq FROM ")
                    .append(IdentityTiers.table(tier));
        }
        return view.toString();
    }

    @Override
    void apply(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (int tier = 0; tier <= IdentityTiers.LAST; tier++) {
                // An entry names its object_version row: with the collection, which the key
                // implies, version_added and version_seq are that row's primary key. They are
                // not named date_added and seq so that queries joining the two can name
                // object_version's columns unqualified.
                s.execute("CREATE TABLE " + IdentityTiers.table(tier) + " ("
                        + " id_hash INTEGER NOT NULL,"
                        + " version_added INTEGER NOT NULL,"
                        + " version_seq INTEGER NOT NULL,"
                        + " PRIMARY KEY (id_hash, version_added, version_seq)) WITHOUT ROWID");
            }
            s.execute(view());
            // Read through the old index, so the last tier is written in its own key order.
            s.execute("INSERT INTO " + IdentityTiers.table(IdentityTiers.LAST)
                    + " (id_hash, version_added, version_seq)"
                    + " SELECT id_hash, date_added, seq FROM object_version"
                    + " ORDER BY id_hash, date_added, seq");
            s.execute("DROP INDEX object_version_id_hash");
        }
    }
}
