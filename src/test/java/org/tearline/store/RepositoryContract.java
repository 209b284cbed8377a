package org.tearline.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.tearline.domain.Account;
import org.tearline.domain.ApiRoot;
import org.tearline.domain.AudienceRecord;
import org.tearline.domain.CollectionInfo;
import org.tearline.domain.CollectionKind;
import org.tearline.store.jdbc.JdbcStore;
import org.tearline.testing.Postgres;

/**
 * What the contracts of the store's repositories share: a fresh, migrated store for each test,
 * on the database the concrete class picks ({@link #sqlite} or {@link #postgres}), and the
 * rows other tables' foreign keys need.
 */
abstract class RepositoryContract {

    /** Whole seconds: the store keeps microseconds, so these come back as they went in. */
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** A fresh, empty store, and what discards its database afterwards. */
    protected record Fresh(Store store, Runnable discard) {}

    /** Opens a fresh, empty, migrated store. */
    protected abstract Fresh fresh();

    protected Store store;
    private Runnable discard;

    @BeforeEach
    final void openStore() {
        Fresh f = fresh();
        store = f.store();
        discard = f.discard();
    }

    @AfterEach
    final void closeStore() {
        try {
            store.close();
        } finally {
            discard.run();
        }
    }

    /** The embedded store in {@code dir}. */
    static Fresh sqlite(Path dir) {
        return new Fresh(JdbcStore.open(JdbcStore.Settings.embedded(dir)), () -> {});
    }

    /** A store on PostgreSQL, in a schema of its own that is dropped afterwards. */
    static Fresh postgres() {
        Postgres.Schema schema = Postgres.freshSchema();
        return new Fresh(JdbcStore.open(new JdbcStore.Settings(null, schema.url(), 8, false)), schema::close);
    }

    <T> T write(Function<StoreTx, T> work) {
        return store.write(work);
    }

    <T> T read(Function<StoreTx, T> work) {
        return store.read(work);
    }

    /** Creates a collection of the kind given, in API root "root" (made when missing). */
    String collection(String id, CollectionKind kind) {
        return write(tx -> {
            if (tx.collections().findApiRoot("root").isEmpty()) {
                tx.collections().putApiRoot(new ApiRoot("root", "Root", null, 10_000_000), T0);
            }
            tx.collections().createCollection(new CollectionInfo(id, "root", id, null, null, kind, T0));
            return id;
        });
    }

    /** Creates an audience with a view collection of its own. */
    String audience(String name) {
        String view = collection("view-" + name, CollectionKind.VIEW);
        return write(tx -> {
            tx.releaseViews().createAudience(new AudienceRecord(name, view, 1, T0, T0));
            return name;
        });
    }

    /** Creates a producer account. */
    String account(String name) {
        return write(tx -> {
            tx.accounts().createAccount(new Account(name, null, Account.Role.PRODUCER, T0, false));
            return name;
        });
    }
}
