package org.tearline.audit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.tearline.testing.Postgres;
import org.tearline.testing.TestServer;

/**
 * The disclosure record on PostgreSQL, tampered with through PostgreSQL directly. Needs the
 * PostgreSQL on 127.0.0.1:5432 (skipped without it, failed without it when CI=true).
 */
class PostgresDisclosureRecordTest extends DisclosureRecordContract {

    private Postgres.Schema schema;

    @Override
    protected TestServer start(Path dir) {
        schema = Postgres.freshSchema();
        return TestServer.start(dir, TestServer.config(schema.url()));
    }

    @Override
    protected Connection connect() throws SQLException {
        return schema.connection();
    }

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            schema.close();
        }
    }
}
