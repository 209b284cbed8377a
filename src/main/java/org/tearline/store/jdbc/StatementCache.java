package org.tearline.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prepared statements kept for one SQLite connection, which sqlite-jdbc does not do: a
 * request of a hundred objects otherwise compiles the same dozen statements again, about a
 * tenth of its CPU in the profile. The statements are prepared on the driver's own
 * connection, not the pool's proxy, which closes what was prepared through it when the
 * connection goes back to the pool. Used by one thread at a time: the one holding the
 * connection.
 */
final class StatementCache {

    /** Distinct statements kept per connection; IN lists of many lengths come and go. */
    private static final int CAPACITY = 128;

    private final Connection raw;
    private final Map<String, PreparedStatement> bySql = new LinkedHashMap<>(CAPACITY, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> e) {
            if (size() > CAPACITY) {
                closeQuietly(e.getValue());
                return true;
            }
            return false;
        }
    };

    StatementCache(Connection raw) {
        this.raw = raw;
    }

    /** The driver connection these statements belong to. */
    Connection connection() {
        return raw;
    }

    /** A prepared statement for {@code sql}; hand it back with {@link #release}. */
    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = bySql.remove(sql);
        return ps != null ? ps : raw.prepareStatement(sql);
    }

    /**
     * Takes a statement back once its results are closed. One that cannot be cleared (it
     * failed half-way, its connection broke) is closed instead of kept.
     */
    void release(String sql, PreparedStatement ps) {
        try {
            ps.clearParameters();
            ps.clearBatch();
            PreparedStatement old = bySql.put(sql, ps);
            if (old != null && old != ps) {
                closeQuietly(old);
            }
        } catch (SQLException e) {
            closeQuietly(ps);
        }
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException e) {
            // closing a statement of a broken connection; nothing to keep
        }
    }
}
