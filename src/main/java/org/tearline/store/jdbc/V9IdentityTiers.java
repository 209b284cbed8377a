package org.tearline.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Migration 9: object identities move from an index on object_version into tiered tables
 * ({@link IdentityTiers}), one per tier, with the view object_identity over all of them. Every
 * existing version's entry goes into the last tier, in key order, and the old index is dropped.
 * Written in Java because the tables are declared differently on each database: on SQLite they
 * are {@code WITHOUT ROWID}, so the entries are the B-tree itself rather than a table and an
 * index beside it.
 */
final class V9IdentityTiers implements JavaMigration {

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("9");
    }

    @Override
    public String getDescription() {
        return "identity tiers";
    }

    @Override
    public Integer getChecksum() {
        // As for V8: Flyway checksums Java migrations only when told one.
        return 9_001;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        boolean sqlite = c.getMetaData().getDatabaseProductName().toLowerCase(
                java.util.Locale.ROOT).contains("sqlite");
        try (Statement s = c.createStatement()) {
            StringBuilder view = new StringBuilder("CREATE VIEW object_identity AS ");
            for (int tier = 0; tier <= IdentityTiers.LAST; tier++) {
                // version_added and version_seq name the object_version row (with the
                // collection, its primary key); they are not named date_added and seq so that
                // queries joining the two can name object_version's columns unqualified.
                s.execute("CREATE TABLE " + IdentityTiers.table(tier) + " ("
                        + " id_hash BIGINT NOT NULL,"
                        + " version_added BIGINT NOT NULL,"
                        + " version_seq BIGINT NOT NULL,"
                        + " PRIMARY KEY (id_hash, version_added, version_seq))"
                        + (sqlite ? " WITHOUT ROWID" : ""));
                view.append(tier == 0 ? "" : " UNION ALL ").append("SELECT ").append(tier)
                        .append(" AS tier, id_hash, version_added, version_seq FROM ")
                        .append(IdentityTiers.table(tier));
            }
            s.execute(view.toString());
            // Read through the old index, so the last tier is written in its own key order.
            s.execute("INSERT INTO " + IdentityTiers.table(IdentityTiers.LAST)
                    + " (id_hash, version_added, version_seq)"
                    + " SELECT id_hash, date_added, seq FROM object_version"
                    + " ORDER BY id_hash, date_added, seq");
            s.execute("DROP INDEX object_version_id_hash");
        }
    }
}
