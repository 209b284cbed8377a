package org.tearline.store.jdbc;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.tearline.stix.StixTimestamp;

/**
 * What every repository of one JDBC transaction shares: the connection, the database's
 * dialect and the connection's kept statements, and the plumbing that runs statements on them.
 * Not thread-safe; lives as long as the transaction.
 */
abstract class JdbcRepository {

    /** Largest IN list sent in one statement; both databases take far more, plans stay sane. */
    static final int IN_CHUNK = 500;

    /** Rows fetched per round trip when streaming. */
    static final int STREAM_FETCH = 500;

    final Connection conn;

    final Dialect dialect;

    /** The connection's kept statements, on SQLite; null where the driver keeps its own. */
    final StatementCache statements;

    JdbcRepository(Connection conn, Dialect dialect, StatementCache statements) {
        this.conn = conn;
        this.dialect = dialect;
        this.statements = statements;
    }

    /** A text column of a row read in bulk, as the database reads it fastest. */
    final String text(ResultSet rs, int column) throws SQLException {
        return dialect.text(rs, column);
    }

    static Long micros(Instant t) {
        return t == null ? null : StixTimestamp.toMicros(t);
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : StixTimestamp.fromMicros(v);
    }

    /** See {@link Dialect#appendByIds}. */
    final void appendByIds(StringBuilder sql, List<Object> params, String collectionId, Collection<String> ids) {
        dialect.appendByIds(sql, params, collectionId, ids);
    }

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    interface RowPredicate {
        boolean test(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    interface RowConsumer {
        void accept(ResultSet rs) throws SQLException;
    }

    <T> List<T> query(String sql, List<?> params, RowMapper<T> mapper) {
        List<T> out = new ArrayList<>();
        forEachRow(sql, params, rs -> out.add(mapper.map(rs)));
        return out;
    }

    void forEachRow(String sql, List<?> params, RowConsumer consumer) {
        forEachRowWhile(sql, params, rs -> {
            consumer.accept(rs);
            return true;
        });
    }

    /** Reads rows until {@code consumer} returns false. */
    void forEachRowWhile(String sql, List<?> params, RowPredicate consumer) {
        try (Kept k = prepare(sql)) {
            bind(k.ps, params);
            k.ps.setFetchSize(STREAM_FETCH);
            try (ResultSet rs = k.ps.executeQuery()) {
                while (rs.next() && consumer.test(rs)) {
                    // consumer did the work
                }
            }
            k.ok = true;
        } catch (SQLException e) {
            throw JdbcStore.failure("querying", e);
        }
    }

    int update(String sql, List<?> params) {
        try (Kept k = prepare(sql)) {
            bind(k.ps, params);
            int n = k.ps.executeUpdate();
            k.ok = true;
            return n;
        } catch (SQLException e) {
            throw JdbcStore.failure("updating", e);
        }
    }

    /**
     * A statement in use: kept for the next transaction on this connection when it was used
     * to the end ({@code ok}), closed otherwise, or always where nothing keeps statements.
     */
    final class Kept implements AutoCloseable {
        final String sql;
        final PreparedStatement ps;
        boolean ok;

        Kept(String sql, PreparedStatement ps) {
            this.sql = sql;
            this.ps = ps;
        }

        @Override
        public void close() throws SQLException {
            if (statements != null && ok) {
                statements.release(sql, ps);
            } else {
                ps.close();
            }
        }
    }

    Kept prepare(String sql) throws SQLException {
        return new Kept(sql, statements != null ? statements.prepare(sql) : conn.prepareStatement(sql));
    }

    static void bind(PreparedStatement ps, List<?> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p == null) {
                // NULL, not VARCHAR: PostgreSQL then takes the column's type.
                ps.setNull(i + 1, Types.NULL);
            } else if (p instanceof String s) {
                ps.setString(i + 1, s);
            } else if (p instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (p instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else if (p instanceof Array a) {
                ps.setArray(i + 1, a);
            } else {
                throw new IllegalArgumentException("unsupported parameter type " + p.getClass());
            }
        }
    }

    /** Like {@link List#of} but takes nulls, for nullable columns. */
    static List<Object> listOf(Object... values) {
        return Arrays.asList(values);
    }

    static <T> Optional<T> first(List<T> rows) {
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += IN_CHUNK) {
            out.add(all.subList(i, Math.min(all.size(), i + IN_CHUNK)));
        }
        return out;
    }
}
