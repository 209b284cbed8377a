package org.tearline.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.tearline.domain.Provenance;
import org.tearline.store.jdbc.JdbcStore;
import org.tearline.testing.Postgres;

/**
 * A fresh, empty, migrated store for each test (and each jqwik property), on the database the
 * concrete class picks through {@link #fresh()}, and further stores on the same database when a
 * test plays several server nodes. The contracts of the store's repositories build on it.
 */
abstract class StoreFixture {

    /** How a test reaches its database directly, to read what the store does not expose. */
    @FunctionalInterface
    protected interface Connector {
        Connection connect() throws SQLException;
    }

    /**
     * A fresh, empty database: how to open a store (one "node") on it, how to reach it directly,
     * and what discards it once every store opened on it is closed.
     */
    protected record Fresh(Supplier<Store> opener, Connector connector, Runnable discard) {

        /**
         * A database given as one store already open: it has no second node to open, and no
         * way in but through the store.
         */
        protected Fresh(Store store, Runnable discard) {
            this(
                    new Supplier<>() {
                        private boolean opened;

                        @Override
                        public Store get() {
                            if (opened) {
                                throw new IllegalStateException("this database opens no second store");
                            }
                            opened = true;
                            return store;
                        }
                    },
                    () -> {
                        throw new SQLException("this database is reached only through its store");
                    },
                    discard);
        }
    }

    /** A fresh, empty database that nothing else uses. */
    protected abstract Fresh fresh();

    private Fresh database;
    private final List<Store> nodes = new ArrayList<>();
    /** The store under test: the first node opened on this test's database. */
    protected Store store;

    @BeforeEach
    final void openStore() {
        database = fresh();
        store = openNode();
    }

    @AfterEach
    final void closeStore() {
        try {
            nodes.forEach(Store::close);
            nodes.clear();
        } finally {
            if (database != null) {
                Runnable discard = database.discard();
                database = null;
                discard.run();
            }
        }
    }

    @BeforeProperty
    final void openStoreForProperty() {
        openStore();
    }

    @AfterProperty
    final void closeStoreForProperty() {
        closeStore();
    }

    /** Drops the class's PostgreSQL schema, if {@link #postgresInClassSchema} made one. */
    @AfterAll
    @AfterContainer
    static void dropClassSchema() {
        ClassSchema.drop();
    }

    /** Opens another store on this test's database, as a second server node would. */
    protected final Store openNode() {
        Store node = database.opener().get();
        nodes.add(node);
        return node;
    }

    /**
     * The provenance kept with one object version: the {@link Store} interface has no read
     * path for it, so it is read from the database directly.
     */
    protected final Optional<Provenance> provenance(String collectionId, String objectId, String versionKey) {
        try (Connection conn = database.connector().connect()) {
            return JdbcProbe.provenance(conn, collectionId, objectId, versionKey);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** The embedded store in {@code dir}. */
    static Fresh sqlite(Path dir) {
        return sqlite(dir, JdbcStore::open, () -> {});
    }

    /**
     * The embedded store in a temporary directory of its own, deleted afterwards, opened by
     * {@code open}. (For suites with jqwik properties, which {@code @TempDir} does not reach.)
     */
    static Fresh sqlite(Function<JdbcStore.Settings, Store> open) {
        Path dir;
        try {
            dir = Files.createTempDirectory("tearline-store-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sqlite(dir, open, () -> delete(dir));
    }

    private static Fresh sqlite(Path dir, Function<JdbcStore.Settings, Store> open, Runnable discard) {
        return new Fresh(
                () -> open.apply(JdbcStore.Settings.embedded(dir)),
                () -> DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("tearline.db")),
                discard);
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A store on PostgreSQL, in a schema of its own that is dropped afterwards. */
    static Fresh postgres() {
        Postgres.Schema schema = Postgres.freshSchema();
        return new Fresh(
                () -> JdbcStore.open(new JdbcStore.Settings(null, schema.url(), 8, false)),
                schema::connection,
                schema::close);
    }

    /**
     * A store on PostgreSQL in the test class's own schema, emptied of every row before each
     * test: the state of a new store without the cost of migrating one per test, for suites of
     * many tests. The rows migrations insert (the disclosure record's head) are gone too, so a
     * suite that needs them uses {@link #postgres()}.
     */
    static Fresh postgresInClassSchema() {
        String url = ClassSchema.emptied();
        return new Fresh(
                () -> JdbcStore.open(new JdbcStore.Settings(null, url, 8, false)),
                () -> ClassSchema.connect(ClassSchema.name()),
                () -> {
                    // the next test empties the schema; the last one's is dropped with the class
                });
    }
}
