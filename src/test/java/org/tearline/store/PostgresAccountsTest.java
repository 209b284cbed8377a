package org.tearline.store;

/**
 * The accounts contract on PostgreSQL, in a schema of the class's own emptied before each test
 * (skipped without the server on 127.0.0.1:5432, failed without it when CI=true).
 */
class PostgresAccountsTest extends AccountsContract {

    @Override
    protected Fresh fresh() {
        return postgresInClassSchema();
    }
}
