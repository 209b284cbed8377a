package org.tearline.server;

import java.sql.Connection;
import java.sql.SQLException;
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
        return schema.connection();
    }

    @Override
    protected void closeDatabase() {
        if (schema != null) {
            schema.close();
        }
    }
}
