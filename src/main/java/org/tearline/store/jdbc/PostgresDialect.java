package org.tearline.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;
import org.tearline.store.StoreTx;

/**
 * PostgreSQL: rows locked FOR UPDATE; one identity index (migration 9), on object_version
 * itself, keyed on a hash of collection and id.
 */
final class PostgresDialect extends Dialect {

    /**
     * The condition on the collection (one parameter) of a lookup by id: an expression no
     * index serves, so the identity index, keyed on a hash of collection and id, is the only
     * one left. Given the plain column, PostgreSQL without statistics for a collection
     * combined the identity index with a scan of every primary-key entry of it.
     */
    private static final String COLLECTION_BY_ID = "(collection_id || '') = ?";

    PostgresDialect() {
        super("POSTGRESQL");
    }

    /**
     * Store#read promises one snapshot; READ COMMITTED, PostgreSQL's default, takes a new one
     * for every statement, so reads run REPEATABLE READ.
     */
    @Override
    <T> T inReadTransaction(JdbcStore store, Function<StoreTx, T> work) {
        return store.inPostgresTransaction(work, true);
    }

    /** Writers run side by side, READ COMMITTED; writers to one collection serialise on its row. */
    @Override
    <T> T inWriteTransaction(JdbcStore store, Function<StoreTx, T> work) {
        return store.inPostgresTransaction(work, false);
    }

    /** PostgreSQL checkpoints its own log. */
    @Override
    Runnable startLogCheckpointer(DataSource readPool) {
        return () -> {};
    }

    @Override
    String lockCollection() {
        return "SELECT last_seq, last_added FROM collection WHERE id = ? FOR UPDATE";
    }

    @Override
    String lockAuditHead() {
        return "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE";
    }

    @Override
    String text(ResultSet rs, int column) throws SQLException {
        return rs.getString(column);
    }

    @Override
    String identityKeys() {
        return "SELECT id_hash FROM object_version";
    }

    @Override
    String insertIdentity() {
        return null;
    }

    @Override
    List<String> deleteIdentity() {
        return List.of();
    }

    @Override
    void appendIdentityLookup(StringBuilder sql, int n) {
        sql.append("object_version v WHERE id_hash IN (")
                .append(JdbcRepository.placeholders(n))
                .append(") AND ")
                .append(COLLECTION_BY_ID);
    }

    /**
     * One probe per id rather than a list, which for a collection PostgreSQL has no
     * statistics for (a new collection, a big import before autovacuum's next ANALYZE) it
     * would serve by reading the collection.
     */
    @Override
    String versionsOf(
            Connection conn,
            String collectionId,
            List<String> ids,
            String columns,
            String condition,
            List<Object> params) {
        try {
            params.add(conn.createArrayOf(
                    "bigint",
                    ids.stream().map(id -> IdentityHash.of(collectionId, id)).toArray()));
            params.add(conn.createArrayOf("text", ids.toArray()));
        } catch (SQLException e) {
            throw JdbcStore.failure("preparing object ids", e);
        }
        params.add(collectionId);
        return "SELECT v.* FROM unnest(?::bigint[], ?::text[]) AS i(h, id)"
                + " CROSS JOIN LATERAL (SELECT " + columns + " FROM object_version"
                + " WHERE id_hash = i.h AND " + COLLECTION_BY_ID + " AND object_id = i.id"
                + condition + " OFFSET 0) v";
    }
}
