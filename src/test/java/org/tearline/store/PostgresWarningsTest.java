package org.tearline.store;

/**
 * The warnings contract on PostgreSQL, each test in a schema of its own (skipped without the
 * server on 127.0.0.1:5432, failed without it when CI=true).
 */
class PostgresWarningsTest extends WarningsContract {

    @Override
    protected Fresh fresh() {
        return postgres();
    }
}
