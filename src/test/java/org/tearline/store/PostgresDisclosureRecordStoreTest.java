package org.tearline.store;

/**
 * The disclosure record's store contract on PostgreSQL, each test in a schema of its own
 * (skipped without the server on 127.0.0.1:5432, failed without it when CI=true).
 */
class PostgresDisclosureRecordStoreTest extends DisclosureRecordStoreContract {

    @Override
    protected Fresh fresh() {
        return postgres();
    }
}
