package org.tearline.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The store's own contract (transactions) on PostgreSQL, in a schema of the class's own emptied
 * before each test (skipped without the server on 127.0.0.1:5432, failed without it when
 * CI=true).
 */
class PostgresStoreTest extends StoreContract {

    @Override
    protected Fresh fresh() {
        return postgresInClassSchema();
    }

    @Test
    void migrationsRunInTheTestSchema() throws SQLException {
        try (Connection conn = ClassSchema.connect(null);
                Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = '" + ClassSchema.name() + "' ORDER BY table_name")) {
            StringBuilder tables = new StringBuilder();
            while (rs.next()) {
                tables.append(rs.getString(1)).append(' ');
            }
            assertThat(tables.toString().split(" "))
                    .contains(
                            "flyway_schema_history",
                            "api_root",
                            "collection",
                            "object_version",
                            "status",
                            "account",
                            "api_token",
                            "collection_grant",
                            "server_secret");
        }
    }
}
