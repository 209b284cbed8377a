package org.tearline.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.tearline.domain.Provenance;
import org.tearline.store.jdbc.JdbcStore;

/**
 * The store contract on the embedded SQLite store: every test gets a fresh database file in a
 * temporary directory of its own. (The directory is made here rather than by {@code @TempDir}
 * because the contract's jqwik property does not run under JUnit Jupiter's extensions.)
 */
class SqliteStoreTest extends StoreContract {

    /** Opens a store with these settings; subclasses open it otherwise. */
    protected Store openWith(JdbcStore.Settings settings) {
        return JdbcStore.open(settings);
    }

    @Override
    protected TestDatabase emptyDatabase() {
        Path dir;
        try {
            dir = Files.createTempDirectory("tearline-store-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TestDatabase() {
            @Override
            public Store open() {
                return openWith(new JdbcStore.Settings(dir, null, 8, false));
            }

            @Override
            public Optional<Provenance> provenance(String collectionId, String objectId, String versionKey) {
                try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("tearline.db"))) {
                    return JdbcProbe.provenance(conn, collectionId, objectId, versionKey);
                } catch (SQLException e) {
                    throw new AssertionError(e);
                }
            }

            @Override
            public void close() {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder())
                            .forEach(p -> p.toFile().delete());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
