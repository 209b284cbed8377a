package org.tearline.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;
import org.tearline.store.StoreTx;

/**
 * How the databases Tearline runs on differ, as one strategy per database
 * ({@link SqliteDialect}, {@link PostgresDialect}): how transactions begin and writers take
 * turns, who checkpoints the log, how a collection and the record's head are locked, how object identities are indexed and listed, and how text is read in bulk. The
 * repositories ask their dialect rather than testing which database they are on.
 */
public abstract sealed class Dialect permits SqliteDialect, PostgresDialect {

    // The subclasses have no other callers of their package-private constructors than these
    // two fields, so nothing starts initialising a subclass before Dialect: no second thread
    // can hold one while waiting for the other.
    /** SQLite, one file in the data directory. */
    @SuppressWarnings("ClassInitializationDeadlock")
    public static final Dialect SQLITE = new SqliteDialect();
    /** PostgreSQL, for production and for several nodes. */
    @SuppressWarnings("ClassInitializationDeadlock")
    public static final Dialect POSTGRESQL = new PostgresDialect();

    private final String name;

    Dialect(String name) {
        this.name = name;
    }

    /** The database's name, in capitals (SQLITE, POSTGRESQL). */
    public final String name() {
        return name;
    }

    @Override
    public final String toString() {
        return name;
    }

    /** Runs one read-only transaction of {@code store}, on one snapshot. */
    abstract <T> T inReadTransaction(JdbcStore store, Function<StoreTx, T> work);

    /** Runs one writing transaction of {@code store}, committed when {@code work} returns. */
    abstract <T> T inWriteTransaction(JdbcStore store, Function<StoreTx, T> work);

    /**
     * Starts what checkpoints the database's write-ahead log in the background, once the store
     * is migrated, reading through {@code readPool}; returns what stops it.
     */
    abstract Runnable startLogCheckpointer(DataSource readPool);

    /** Reads a collection's counters and locks it against other writers until commit. */
    abstract String lockCollection();

    /** Reads the disclosure record's head and locks it against other appenders. */
    abstract String lockAuditHead();

    /** A text column of a row read in bulk. */
    abstract String text(ResultSet rs, int column) throws SQLException;

    /** The query for every identity key stored, to build the filter of known ids from. */
    abstract String identityKeys();

    /**
     * The statement that records a new version's identity (id_hash, version_added,
     * version_seq), or null where object_version's own index is the identity.
     */
    abstract String insertIdentity();

    /**
     * The statements that forget one version's identity (id_hash, version_added,
     * version_seq), each to be run for every version deleted; none where object_version's own
     * index is the identity.
     */
    abstract List<String> deleteIdentity();

    /**
     * The FROM clause and the start of the WHERE clause that find {@code n} ids of one
     * collection through their identities, taking {@code n} identity hashes and then the
     * collection; it names object_version {@code v}.
     */
    abstract void appendIdentityLookup(StringBuilder sql, int n);

    /**
     * The query for the versions of the given objects (distinct ids) in one collection, with
     * {@code columns} and an optional extra condition ({@code " AND ..."}), adding its
     * parameters to {@code params}.
     */
    abstract String versionsOf(
            Connection conn,
            String collectionId,
            List<String> ids,
            String columns,
            String condition,
            List<Object> params);

    /**
     * The FROM clause and the start of the WHERE clause of a query for the versions of objects
     * by id in one collection, adding their parameters; the caller may add {@code " AND ..."}
     * conditions on object_version's columns, named unqualified or as {@code v}'s.
     *
     * <p>Each id must be found through its identity ({@link #appendIdentityLookup}): a plan
     * that reads the collection's rows and filters them would make every lookup cost as much
     * as the collection is big, and a planner without statistics for the collection may pick
     * one.
     */
    final void appendByIds(StringBuilder sql, List<Object> params, String collectionId, Collection<String> ids) {
        // A list of one is an equality to both planners.
        List<String> sorted = ids.stream().distinct().sorted().toList();
        appendIdentityLookup(sql, sorted.size());
        sql.append(" AND v.object_id IN (")
                .append(JdbcRepository.placeholders(sorted.size()))
                .append(')');
        sorted.forEach(id -> params.add(IdentityHash.of(collectionId, id)));
        params.add(collectionId);
        params.addAll(sorted);
    }
}
