package org.tearline.store.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.tearline.domain.Position;
import org.tearline.store.StoreTx;

/**
 * Runs store work on a connection that records every statement the store prepares, with the
 * parameters it binds, so tests can see (and EXPLAIN) exactly the SQL {@link JdbcTx} sends
 * instead of restating it. The transaction is always rolled back.
 */
public final class RecordingTx {

    /** One execution of a prepared statement: its SQL and its parameters, in order. */
    public record Statement(String sql, List<Object> params) {

        /** True for a query (as opposed to an insert, update or delete). */
        public boolean isQuery() {
            return sql.stripLeading().regionMatches(true, 0, "SELECT", 0, 6);
        }

        /**
         * This statement prepared again on {@code conn} after {@code prefix} (an EXPLAIN), with
         * the parameters it was run with bound in order.
         */
        public PreparedStatement prepare(Connection conn, String prefix) throws SQLException {
            PreparedStatement ps = conn.prepareStatement(prefix + sql);
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            return ps;
        }
    }

    private RecordingTx() {}

    /**
     * Runs {@code work} in a transaction on {@code conn} as the PostgreSQL store would, records
     * what it executes into {@code sink}, rolls back and returns the work's result.
     */
    public static <T> T run(Connection conn, Function<StoreTx, T> work, List<Statement> sink) throws SQLException {
        return run(conn, work, sink, Map.of());
    }

    /**
     * As {@link #run(Connection, Function, List)}, with the store's filter of known ids
     * covering each collection given up to the position given, and no other: a transaction
     * adding to one first reads the identities stored since, as after another node's writes.
     */
    public static <T> T run(
            Connection conn, Function<StoreTx, T> work, List<Statement> sink, Map<String, Position> knownUpTo)
            throws SQLException {
        return run(conn, Dialect.POSTGRESQL, work, sink, knownUpTo);
    }

    /** As above, on a connection to a database of the dialect given. */
    public static <T> T run(
            Connection conn,
            Dialect dialect,
            Function<StoreTx, T> work,
            List<Statement> sink,
            Map<String, Position> knownUpTo)
            throws SQLException {
        Map<String, KnownIds.Coverage> coverage = new HashMap<>();
        knownUpTo.forEach((c, p) -> coverage.put(c, new KnownIds.Coverage(p.dateAddedMicros(), p.seq())));
        KnownIds known = new KnownIds();
        known.publish(known.startBuild(0, coverage));
        boolean autoCommit = conn.getAutoCommit();
        conn.setAutoCommit(false);
        try {
            return work.apply(new JdbcTx(recording(conn, sink), dialect, null, new IdentityTiers(), known));
        } finally {
            conn.rollback();
            conn.setAutoCommit(autoCommit);
        }
    }

    private static Connection recording(Connection conn, List<Statement> sink) {
        InvocationHandler h = (proxy, method, args) -> {
            Object result = invoke(conn, method, args);
            if (method.getName().equals("prepareStatement")
                    && args != null
                    && args.length >= 1
                    && args[0] instanceof String sql) {
                return recording((PreparedStatement) result, sql, sink);
            }
            return result;
        };
        return (Connection)
                Proxy.newProxyInstance(RecordingTx.class.getClassLoader(), new Class<?>[] {Connection.class}, h);
    }

    private static PreparedStatement recording(PreparedStatement ps, String sql, List<Statement> sink) {
        Map<Integer, Object> bound = new TreeMap<>();
        InvocationHandler h = (proxy, method, args) -> {
            String name = method.getName();
            if (name.startsWith("set")
                    && args != null
                    && args.length >= 2
                    && args[0] instanceof Integer index
                    && !name.equals("setFetchSize")) {
                bound.put(index, name.equals("setNull") ? null : args[1]);
            } else if (name.equals("clearParameters")) {
                bound.clear();
            } else if (name.equals("addBatch")
                    || name.equals("executeQuery")
                    || name.equals("executeUpdate")
                    || name.equals("execute")) {
                sink.add(new Statement(sql, new ArrayList<>(bound.values())));
            }
            return invoke(ps, method, args);
        };
        return (PreparedStatement)
                Proxy.newProxyInstance(RecordingTx.class.getClassLoader(), new Class<?>[] {PreparedStatement.class}, h);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
