package org.tearline.store;

import java.time.Instant;
import java.util.function.Function;
import org.tearline.domain.Account;
import org.tearline.domain.ApiRoot;
import org.tearline.domain.AudienceRecord;
import org.tearline.domain.CollectionInfo;
import org.tearline.domain.CollectionKind;

/**
 * What the contracts of the store's repositories share: a fresh, migrated store for each test,
 * on the database the concrete class picks ({@link #sqlite} or {@link #postgres}), and the
 * rows other tables' foreign keys need.
 */
abstract class RepositoryContract extends StoreFixture {

    /** Whole seconds: the store keeps microseconds, so these come back as they went in. */
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

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
