package org.tearline.store;

/**
 * The collections contract on PostgreSQL, in a schema of the class's own emptied before each test
 * (skipped without the server on 127.0.0.1:5432, failed without it when CI=true).
 */
class PostgresCollectionsTest extends CollectionsContract {

    @Override
    protected Fresh fresh() {
        return postgresInClassSchema();
    }
}
