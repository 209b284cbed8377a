package org.tearline.intake;

import org.tearline.testing.Postgres;

/**
 * Intake over HTTP on PostgreSQL, in a schema of its own (skipped without the server on
 * 127.0.0.1:5432, failed without it when CI=true).
 */
class PostgresIntakeHttpTest extends IntakeHttpContract {

    private Postgres.Schema schema;

    @Override
    protected String database() {
        if (schema == null) {
            schema = Postgres.freshSchema();
        }
        return schema.url();
    }

    @Override
    protected void closeDatabase() {
        if (schema != null) {
            schema.close();
        }
    }
}
