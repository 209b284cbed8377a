package org.tearline.store;

/**
 * The peers and quarantine contract on PostgreSQL, each test in a schema of its own (skipped
 * without the server on 127.0.0.1:5432, failed without it when CI=true).
 */
class PostgresPeersTest extends PeersContract {

    @Override
    protected Fresh fresh() {
        return postgres();
    }
}
