package org.tearline.store;

import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.tearline.store.jdbc.JdbcStore;
import org.tearline.store.jdbc.SmallIdentityTiers;

/**
 * The store contract on PostgreSQL with identity tiers of a few entries each (see
 * {@link SqliteStoreWithSmallIdentityTiersTest}): on PostgreSQL entries move by a statement of
 * their own, which must lose none of them while other transactions write.
 */
@AddLifecycleHook(PostgresStoreTest.SkipWithoutServer.class)
class PostgresStoreWithSmallIdentityTiersTest extends PostgresStoreTest {

    @Override
    protected Store openWith(JdbcStore.Settings settings) {
        return SmallIdentityTiers.open(settings);
    }
}
