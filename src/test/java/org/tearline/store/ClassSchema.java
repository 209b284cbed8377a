package org.tearline.store;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import net.jqwik.api.lifecycle.SkipExecutionHook.SkipResult;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL schema of the test class running now ({@code t_<random>}, dropped after the
 * class), emptied before each test, for the contract suites of many tests (see
 * {@link StoreFixture#postgresInClassSchema}). Test classes run one at a time, so one schema at
 * a time is enough.
 *
 * <p>The server is {@value #DEFAULT_URL} unless {@code TEARLINE_TEST_PG_URL} names another
 * ({@code postgresql://user:password@host:port/db} or a {@code jdbc:postgresql:} URL). When no
 * PostgreSQL answers there, the tests are skipped, except when {@code CI=true}: then they fail,
 * so a CI run cannot pass without having tested PostgreSQL.
 */
final class ClassSchema {

    static final String DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test";

    private static final String URL = Optional.ofNullable(System.getenv("TEARLINE_TEST_PG_URL"))
            .filter(u -> !u.isBlank())
            .orElse(DEFAULT_URL);
    private static final boolean CI = "true".equalsIgnoreCase(System.getenv("CI"));

    /** Why PostgreSQL cannot be used, once known; empty when it answered. */
    private static Optional<String> unreachable;

    /** The running class's schema; null before its first test and after its last. */
    private static String schema;

    private ClassSchema() {}

    /** The running class's schema, made on first use and emptied; returns the store's URL. */
    static String emptied() {
        String name = name();
        emptySchema(name);
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    /** The running class's schema, made on first use. */
    static synchronized String name() {
        requireServer();
        if (schema == null) {
            String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            execute("CREATE SCHEMA " + name);
            schema = name;
        }
        return schema;
    }

    /** Drops the running class's schema, if it made one. */
    static synchronized void drop() {
        if (schema != null) {
            execute("DROP SCHEMA " + schema + " CASCADE");
            schema = null;
        }
    }

    /**
     * Deletes every row of every table the migrations made, except Flyway's history, so the
     * schema is migrated and empty: the state of a new one, without the cost of migrating.
     * (DELETE, not TRUNCATE: on tables this small it is many times faster.) Tables go after
     * every table that references them.
     */
    private static void emptySchema(String name) {
        try (Connection conn = connect(name);
                Statement s = conn.createStatement()) {
            Set<String> tables = new HashSet<>();
            try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = '" + name + "' AND table_type = 'BASE TABLE'"
                    + " AND table_name <> 'flyway_schema_history'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            Map<String, Set<String>> referencedBy = referencedBy(s, name);
            while (!tables.isEmpty()) {
                String next = tables.stream()
                        .filter(t -> referencedBy.getOrDefault(t, Set.of()).stream()
                                .noneMatch(child -> !child.equals(t) && tables.contains(child)))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("foreign keys form a cycle among " + tables));
                s.executeUpdate("DELETE FROM " + next);
                tables.remove(next);
            }
        } catch (SQLException e) {
            throw new AssertionError("cannot empty schema " + name + ": " + e.getMessage(), e);
        }
    }

    /** The tables of {@code schema} each table is referenced by, through foreign keys. */
    static Map<String, Set<String>> referencedBy(Statement s, String schema) throws SQLException {
        Map<String, Set<String>> referencedBy = new HashMap<>();
        try (ResultSet rs = s.executeQuery("SELECT child.relname, parent.relname"
                + " FROM pg_constraint c JOIN pg_class child ON child.oid = c.conrelid"
                + " JOIN pg_class parent ON parent.oid = c.confrelid"
                + " WHERE c.contype = 'f' AND c.connamespace = '" + schema + "'::regnamespace")) {
            while (rs.next()) {
                referencedBy
                        .computeIfAbsent(rs.getString(2), k -> new HashSet<>())
                        .add(rs.getString(1));
            }
        }
        return referencedBy;
    }

    // --- the server ----------------------------------------------------------------------------

    /** Skips (or, in CI, fails) the test when no PostgreSQL answers. */
    private static void requireServer() {
        Optional<String> why = unreachable();
        if (why.isPresent()) {
            if (CI) {
                Assertions.fail(why.get() + "; CI=true makes this a failure");
            }
            Assumptions.abort(why.get() + "; set CI=true to make this a failure");
        }
    }

    /**
     * Why no PostgreSQL can be used, or empty when one answers. A server that answers but
     * refuses the connection (a wrong password, a missing database) is a failure, CI or not.
     */
    private static synchronized Optional<String> unreachable() {
        if (unreachable == null) {
            try (Connection conn = connect(null)) {
                unreachable = conn.isValid(5)
                        ? Optional.empty()
                        : Optional.of("PostgreSQL at " + hostPort() + " accepted a connection" + " but did not answer");
            } catch (SQLException e) {
                String state = e.getSQLState();
                if (state == null || !state.startsWith("08")) {
                    throw new AssertionError(
                            "PostgreSQL at " + redacted() + " answered but" + " refused the connection: "
                                    + e.getMessage(),
                            e);
                }
                unreachable = Optional.of("PostgreSQL not reachable at " + hostPort() + " (" + e.getMessage() + ")");
            }
        }
        return unreachable;
    }

    /**
     * Skips a jqwik property as the JUnit tests are skipped: jqwik does not turn a failed
     * assumption in a lifecycle method into a skip.
     */
    static final class SkipWithoutServer implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            try {
                Optional<String> why = unreachable();
                return why.isPresent() && !CI
                        ? SkipResult.skip(why.get() + "; set CI=true to make this a failure")
                        : SkipResult.doNotSkip();
            } catch (AssertionError e) {
                return SkipResult.doNotSkip(); // the property fails, telling why
            }
        }
    }

    private static void execute(String sql) {
        try (Connection conn = connect(null);
                Statement s = conn.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
    }

    /** A plain connection to the test server, in {@code schema} when not null. */
    static Connection connect(String schema) throws SQLException {
        String jdbcUrl;
        Properties props = new Properties();
        if (URL.startsWith("jdbc:")) {
            jdbcUrl = URL;
        } else {
            URI uri = URI.create(URL.replaceFirst("^postgres(ql)?://", "postgresql://"));
            if (uri.getRawUserInfo() != null) {
                String[] parts = uri.getRawUserInfo().split(":", 2);
                props.setProperty("user", URLDecoder.decode(parts[0], StandardCharsets.UTF_8));
                if (parts.length > 1) {
                    props.setProperty("password", URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
                }
            }
            jdbcUrl = "jdbc:postgresql://" + uri.getHost() + ":"
                    + (uri.getPort() < 0 ? 5432 : uri.getPort()) + uri.getRawPath()
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        }
        props.setProperty("connectTimeout", "5");
        if (schema != null) {
            props.setProperty("currentSchema", schema);
        }
        return DriverManager.getConnection(jdbcUrl, props);
    }

    private static String hostPort() {
        URI uri = URI.create(URL.replaceFirst("^jdbc:", "").replaceFirst("^postgres(ql)?://", "postgresql://"));
        return uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort());
    }

    private static String redacted() {
        return URL.replaceAll("(//[^/:@]*:)[^@/]*@", "$1***@").replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
