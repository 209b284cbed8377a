package org.tearline.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.tearline.testing.Postgres;

/**
 * Crashes of a node on PostgreSQL: the database outlives the node; a transaction the node had
 * open when it died is rolled back when its connection drops.
 */
class PostgresCrashTest extends CrashContract {

    private Postgres.Schema schema;

    @Override
    protected String database() {
        if (schema == null) {
            schema = Postgres.freshSchema();
        }
        return schema.url();
    }

    @Override
    protected Connection connect() throws SQLException {
        Connection c = Postgres.connection();
        try (Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema.name());
        }
        return c;
    }

    @Override
    protected void closeDatabase() {
        if (schema != null) {
            schema.close();
        }
    }
}
