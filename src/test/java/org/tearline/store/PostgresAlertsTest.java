package org.tearline.store;

/**
 * The alerts contract on PostgreSQL, each test in a schema of its own (skipped without the
 * server on 127.0.0.1:5432, failed without it when CI=true).
 */
class PostgresAlertsTest extends AlertsContract {

    @Override
    protected Fresh fresh() {
        return postgres();
    }
}
