package org.tearline.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * A schema migration written in Java, for what SQL alone cannot do or must do differently on
 * each database. Every one runs on both databases, so that both carry the same history, and
 * each decides with {@link #runsOn} what it does on which.
 *
 * <p>Flyway checksums Java migrations only when told one: each gives a fixed value, so that an
 * edit changing what a migration does is visible to anyone who also bumps its checksum.
 */
abstract class StoreMigration implements JavaMigration {

    private final MigrationVersion version;
    private final String description;
    private final int checksum;

    StoreMigration(int version, String description, int checksum) {
        this.version = MigrationVersion.fromVersion(Integer.toString(version));
        this.description = description;
        this.checksum = checksum;
    }

    @Override
    public final MigrationVersion getVersion() {
        return version;
    }

    @Override
    public final String getDescription() {
        return description;
    }

    @Override
    public final Integer getChecksum() {
        return checksum;
    }

    @Override
    public final boolean canExecuteInTransaction() {
        return true;
    }

    /** True when the connection is to the database of {@code dialect}. */
    static boolean runsOn(Connection c, Dialect dialect) throws SQLException {
        return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT)
                .contains(dialect.name().toLowerCase(Locale.ROOT));
    }
}
