package org.tearline.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * A schema migration written in Java, for what SQL alone cannot do or must do differently on
 * each database. Every one is recorded on both databases, so that both carry the same history;
 * one made for a single database changes nothing on the other.
 *
 * <p>Flyway checksums Java migrations only when told one: each gives a fixed value, so that an
 * edit changing what a migration does is visible to anyone who also bumps its checksum.
 */
abstract class StoreMigration implements JavaMigration {

    private final MigrationVersion version;
    private final String description;
    private final int checksum;
    /** The one database whose schema it changes; empty when it changes both. */
    private final Optional<Dialect> only;

    /** A migration that changes the schema on both databases. */
    StoreMigration(int version, String description, int checksum) {
        this(version, description, checksum, Optional.empty());
    }

    /** A migration that changes the schema of {@code only}'s database alone. */
    StoreMigration(int version, String description, int checksum, Dialect only) {
        this(version, description, checksum, Optional.of(only));
    }

    private StoreMigration(int version, String description, int checksum, Optional<Dialect> only) {
        this.version = MigrationVersion.fromVersion(Integer.toString(version));
        this.description = description;
        this.checksum = checksum;
        this.only = only;
    }

    /** Changes the schema, on the database (or databases) this migration is for. */
    abstract void apply(Connection c) throws SQLException;

    @Override
    public final void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        if (only.isEmpty() || runsOn(c, only.get())) {
            apply(c);
        }
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
    private static boolean runsOn(Connection c, Dialect dialect) throws SQLException {
        return c.getMetaData()
                .getDatabaseProductName()
                .toLowerCase(Locale.ROOT)
                .contains(dialect.name().toLowerCase(Locale.ROOT));
    }
}
