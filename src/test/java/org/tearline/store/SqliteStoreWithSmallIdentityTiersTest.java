package org.tearline.store;

import org.tearline.store.jdbc.JdbcStore;
import org.tearline.store.jdbc.SmallIdentityTiers;

/**
 * The store contract on SQLite with identity tiers of a few entries each, so that every test's
 * objects are looked up, found as duplicates, versioned and deleted after their identity
 * entries have moved through the tiers, as a large store's do.
 */
class SqliteStoreWithSmallIdentityTiersTest extends SqliteStoreTest {

    @Override
    protected Store openWith(JdbcStore.Settings settings) {
        return SmallIdentityTiers.open(settings);
    }
}
