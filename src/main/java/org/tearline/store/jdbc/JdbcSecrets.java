package org.tearline.store.jdbc;

import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import org.tearline.stix.StixTimestamp;
import org.tearline.store.Secrets;

/** {@link Secrets} on one JDBC transaction. */
final class JdbcSecrets extends JdbcRepository implements Secrets {

    JdbcSecrets(Connection conn, Dialect dialect, StatementCache statements) {
        super(conn, dialect, statements);
    }

    @Override
    public String secret(String name, String candidate, Instant now) {
        update(
                "INSERT INTO server_secret (name, value, created_at) VALUES (?, ?, ?)"
                        + " ON CONFLICT (name) DO NOTHING",
                listOf(name, candidate, StixTimestamp.toMicros(now)));
        return query("SELECT value FROM server_secret WHERE name = ?", List.of(name), rs -> rs.getString(1))
                .get(0);
    }

    @Override
    public void replaceSecret(String name, String value) {
        update("UPDATE server_secret SET value = ? WHERE name = ?", List.of(value, name));
    }
}
