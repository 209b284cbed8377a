package org.tearline.store;

import org.tearline.store.jdbc.JdbcStore;

/**
 * The object versions contract on the embedded SQLite store, each test and property in a
 * temporary directory of its own.
 */
class SqliteObjectVersionsTest extends ObjectVersionsContract {

    @Override
    protected Fresh fresh() {
        return sqlite(JdbcStore::open);
    }
}
