package org.tearline.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;
import org.tearline.store.StoreTx;

/**
 * SQLite: one writer at a time, so a plain read locks; identities kept in tiers
 * ({@link IdentityTiers}), each entry naming one row by its primary key.
 */
final class SqliteDialect extends Dialect {

    private static final String INSERT_IDENTITY =
            "INSERT INTO " + IdentityTiers.table(0) + " (id_hash, version_added, version_seq) VALUES (?, ?, ?)";

    /** An entry is in one tier or another; which, only the tables know. */
    private static final List<String> DELETE_IDENTITY = deleteIdentityStatements();

    SqliteDialect() {
        super("SQLITE");
    }

    private static List<String> deleteIdentityStatements() {
        List<String> out = new ArrayList<>();
        for (int tier = 0; tier <= IdentityTiers.LAST; tier++) {
            out.add("DELETE FROM " + IdentityTiers.table(tier) + " WHERE id_hash = ?"
                    + " AND version_added = ? AND version_seq = ?");
        }
        return List.copyOf(out);
    }

    /** Thanks to WAL, reads run beside the one writer, each on the snapshot of its first read. */
    @Override
    <T> T inReadTransaction(JdbcStore store, Function<StoreTx, T> work) {
        return store.inSqliteTransaction(false, "BEGIN DEFERRED", work);
    }

    /**
     * SQLite has one writer anyway: taking the write lock up front avoids deadlocked upgrades
     * from a read lock.
     */
    @Override
    <T> T inWriteTransaction(JdbcStore store, Function<StoreTx, T> work) {
        return store.inSqliteTransaction(true, "BEGIN IMMEDIATE", work);
    }

    /**
     * Left to SQLite, checkpoints run inside a commit, stalling that request; a background
     * thread does most of the copying instead (see {@link SqliteCheckpointer}).
     */
    @Override
    Runnable startLogCheckpointer(DataSource readPool) {
        return new SqliteCheckpointer(readPool)::close;
    }

    @Override
    String lockCollection() {
        // The write transaction began with BEGIN IMMEDIATE: it already holds the database's
        // single write lock, so a plain read is enough.
        return "SELECT last_seq, last_added FROM collection WHERE id = ?";
    }

    @Override
    String lockAuditHead() {
        return "SELECT seq, hash FROM audit_head WHERE id = 1";
    }

    /**
     * sqlite-jdbc's getString hands each value over in a direct buffer that JNI builds by
     * calling back into Java, which was a fifth of the CPU of a paged read; its getBytes copies
     * the stored UTF-8 into an array, decoded here.
     */
    @Override
    String text(ResultSet rs, int column) throws SQLException {
        byte[] utf8 = rs.getBytes(column);
        return utf8 == null ? null : new String(utf8, StandardCharsets.UTF_8);
    }

    @Override
    String identityKeys() {
        return "SELECT id_hash FROM object_identity";
    }

    @Override
    String insertIdentity() {
        return INSERT_IDENTITY;
    }

    @Override
    List<String> deleteIdentity() {
        return DELETE_IDENTITY;
    }

    /** SQLite keeps the order of a CROSS JOIN: the identity entries first, then their rows. */
    @Override
    void appendIdentityLookup(StringBuilder sql, int n) {
        // The two tables share no column names but id_hash, so object_version's others
        // need no qualifier.
        sql.append("object_identity i CROSS JOIN object_version v WHERE i.id_hash IN (")
                .append(JdbcRepository.placeholders(n))
                .append(") AND v.collection_id = ?" + " AND v.date_added = i.version_added AND v.seq = i.version_seq");
    }

    @Override
    String versionsOf(
            Connection conn,
            String collectionId,
            List<String> ids,
            String columns,
            String condition,
            List<Object> params) {
        StringBuilder sql = new StringBuilder("SELECT ").append(columns).append(" FROM ");
        appendByIds(sql, params, collectionId, ids);
        return sql + condition;
    }
}
