package org.tearline.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * PostgreSQL for tests that run Tearline itself on it: a fresh schema per caller, so tests see
 * nothing of each other. The server is {@code postgresql://postgres@127.0.0.1:5432/test} unless
 * {@code TEARLINE_TEST_PG_URL} names another. When none answers the test is skipped, except
 * with {@code CI=true}, where it fails: CI must not pass without having tested PostgreSQL.
 */
public final class Postgres {

    private static final String URL = Optional.ofNullable(System.getenv("TEARLINE_TEST_PG_URL"))
            .filter(u -> !u.isBlank())
            .orElse("postgresql://postgres@127.0.0.1:5432/test");
    private static final boolean CI = "true".equalsIgnoreCase(System.getenv("CI"));

    private Postgres() {}

    /** A schema of one's own: its URL (for --db) and a way to drop it. */
    public record Schema(String name, String url) implements AutoCloseable {

        /** A connection whose unqualified names are this schema's tables. */
        public Connection connection() throws SQLException {
            Connection c = connect();
            try (Statement s = c.createStatement()) {
                s.execute("SET search_path TO " + name);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            return c;
        }

        /** Runs SQL in this schema, as someone with direct database access would. */
        public void execute(String sql) {
            try (Connection c = connection();
                    Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                throw new AssertionError("SQL failed: " + sql + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try (Connection c = connect();
                    Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
            } catch (SQLException e) {
                // a schema left behind costs nothing but space
            }
        }
    }

    /** A fresh, empty schema; skips (or, in CI, fails) the test without a server. */
    public static Schema freshSchema() {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            s.execute("CREATE SCHEMA " + name);
            return new Schema(name, URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + name);
        } catch (SQLException e) {
            String why = "PostgreSQL not reachable at " + URL + " (" + e.getMessage() + ")";
            if (CI) {
                Assertions.fail(why + "; CI=true makes this a failure");
            }
            Assumptions.abort(why + "; set CI=true to make this a failure");
            throw new IllegalStateException(e);
        }
    }

    /** A plain connection to the test database (public schema). */
    public static Connection connection() throws SQLException {
        return connect();
    }

    private static Connection connect() throws SQLException {
        String jdbc = URL.startsWith("jdbc:")
                ? URL
                : "jdbc:" + URL.replaceFirst("^postgres(ql)?://([^@/]*@)?", "postgresql://");
        String user = "postgres";
        var m = java.util.regex.Pattern.compile("^postgres(?:ql)?://([^:@/]+)(?::([^@/]*))?@")
                .matcher(URL);
        java.util.Properties p = new java.util.Properties();
        if (m.find()) {
            user = m.group(1);
            if (m.group(2) != null) {
                p.setProperty("password", m.group(2));
            }
        }
        p.setProperty("user", user);
        p.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(jdbc, p);
    }
}
