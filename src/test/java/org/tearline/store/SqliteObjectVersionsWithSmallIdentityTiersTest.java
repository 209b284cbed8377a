package org.tearline.store;

import org.tearline.store.jdbc.SmallIdentityTiers;

/**
 * The object versions contract on SQLite with identity tiers of a few entries each, so that
 * every test's objects are looked up, found as duplicates, versioned and deleted after their
 * identity entries have moved through the tiers, as a large store's do.
 */
class SqliteObjectVersionsWithSmallIdentityTiersTest extends ObjectVersionsContract {

    @Override
    protected Fresh fresh() {
        return sqlite(SmallIdentityTiers::open);
    }
}
