package org.tearline.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.domain.VersionRecord;
import org.tearline.store.jdbc.JdbcStore;
import org.tearline.testing.Postgres;

/**
 * A store written before migration 8 (identity keyed on text) keeps working after it and after
 * migration 9 (identity entries in tiers, on SQLite): every stored version is found again by
 * id, a re-post is still a duplicate, a new version still takes over as the latest, and the old
 * indexes are gone. Run on both databases, since the
 * migration's SQL (a column added with a default, a row-value comparison) is the kind that
 * differs between them.
 */
class IdentityHashMigrationTest {

    private static final String C1 = "0f0e0d0c-0000-4000-8000-000000000001";
    private static final String C2 = "0f0e0d0c-0000-4000-8000-000000000002";
    private static final String A = "indicator--" + UUID.nameUUIDFromBytes("a".getBytes());
    private static final String B = "indicator--" + UUID.nameUUIDFromBytes("b".getBytes());

    @Test
    void findsObjectsStoredBeforeMigrationEightOnSqlite(@TempDir Path dir) throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("tearline.db");
        Supplier<Connection> connect = () -> {
            try {
                return DriverManager.getConnection(url);
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
        };
        migrateToSevenAndFill(connect);
        try (Store store = JdbcStore.open(JdbcStore.Settings.embedded(dir))) {
            assertWorksAfterMigration(store);
        }
        assertIdentityIndexReplaced(
                connect,
                "SELECT name FROM sqlite_master" + " WHERE type = 'index' AND tbl_name = 'object_version'",
                true);
    }

    @Test
    void findsObjectsStoredBeforeMigrationEightOnPostgresql() throws Exception {
        try (Postgres.Schema schema = Postgres.freshSchema()) {
            Supplier<Connection> connect = () -> {
                try {
                    return schema.connection();
                } catch (SQLException e) {
                    throw new AssertionError(e);
                }
            };
            migrateToSevenAndFill(connect);
            try (Store store = JdbcStore.open(new JdbcStore.Settings(null, schema.url(), 4, false))) {
                assertWorksAfterMigration(store);
            }
            assertIdentityIndexReplaced(
                    connect,
                    "SELECT indexname FROM pg_indexes"
                            + " WHERE schemaname = '" + schema.name()
                            + "' AND tablename = 'object_version'",
                    false);
        }
    }

    /**
     * {@code namesQuery} lists the names of object_version's indexes: on PostgreSQL the
     * identity index is migration 8's, on SQLite neither is left, their entries are in the
     * identity tiers of migration 9.
     */
    private static void assertIdentityIndexReplaced(Supplier<Connection> connect, String namesQuery, boolean tiers)
            throws SQLException {
        try (Connection c = connect.get();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(namesQuery)) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            assertThat(names).doesNotContain("object_version_identity");
            if (!tiers) {
                assertThat(names).contains("object_version_id_hash");
                return;
            }
            assertThat(names).doesNotContain("object_version_id_hash");
        }
        // The four versions stored before, in the last tier; the version added since, in the
        // first.
        try (Connection c = connect.get();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT tier, COUNT(*) FROM object_identity" + " GROUP BY tier ORDER BY tier")) {
            List<String> entries = new ArrayList<>();
            while (rs.next()) {
                entries.add(rs.getInt(1) + ":" + rs.getLong(2));
            }
            assertThat(entries).containsExactly("0:1", "3:4");
        }
    }

    /** The schema as of V7, with three objects' versions written as the code of then did. */
    private static void migrateToSevenAndFill(Supplier<Connection> connect) throws SQLException {
        Flyway.configure()
                .dataSource(new SuppliedConnections(connect))
                .locations("classpath:db/migration")
                .target("7")
                .load()
                .migrate();
        try (Connection c = connect.get()) {
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO api_root (name, title, max_content_length, created_at)"
                        + " VALUES ('root', 'Root', 1048576, 0)");
                for (String coll : List.of(C1, C2)) {
                    s.execute("INSERT INTO collection (id, api_root, title, kind, created_at,"
                            + " last_seq, last_added) VALUES ('" + coll + "', 'root', 'T',"
                            + " 'plain', 0, 10, 1000)");
                }
            }
            insert(c, C1, 1, TestObjects.indicator(A, TestObjects.T0), true, false);
            insert(c, C1, 2, TestObjects.indicator(A, TestObjects.at(60)), false, true);
            insert(c, C1, 3, TestObjects.indicator(B, TestObjects.T0), true, true);
            insert(c, C2, 1, TestObjects.indicator(A, TestObjects.T0), true, true);
        }
    }

    private static void insert(Connection c, String coll, long seq, NewObject o, boolean first, boolean latest)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO object_version"
                + " (collection_id, date_added, seq, object_id, object_type, version,"
                + " spec_version, is_first, is_latest, digest, body, prov_channel, prov_source)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'taxii', 'analyst-1')")) {
            ps.setString(1, coll);
            ps.setLong(2, 100 * seq);
            ps.setLong(3, seq);
            ps.setString(4, o.id());
            ps.setString(5, o.type());
            ps.setString(6, o.versionKey());
            ps.setString(7, o.specVersion());
            ps.setInt(8, first ? 1 : 0);
            ps.setInt(9, latest ? 1 : 0);
            ps.setString(10, o.digest());
            ps.setString(11, o.json());
            ps.executeUpdate();
        }
    }

    private static void assertWorksAfterMigration(Store store) {
        store.read(tx -> {
            assertThat(tx.objects()
                            .findVersions(C1, A, ObjectFilter.EVERYTHING, PageRequest.first(10))
                            .items())
                    .extracting(VersionRecord::versionKey)
                    .containsExactly(TestObjects.key(TestObjects.T0), TestObjects.key(TestObjects.at(60)));
            assertThat(tx.objects()
                            .findObjects(C1, TestObjects.idsFilter(A, B), PageRequest.first(10))
                            .items())
                    .hasSize(3);
            assertThat(tx.objects()
                            .findObjects(C2, TestObjects.idsFilter(A), PageRequest.first(10))
                            .items())
                    .hasSize(1);
            return null;
        });
        List<AddResult> again = store.write(tx -> tx.objects()
                .addObjects(
                        C1,
                        List.of(
                                TestObjects.indicator(A, TestObjects.at(60)),
                                TestObjects.indicator(A, TestObjects.at(120))),
                        TestObjects.at(600),
                        TestObjects.TAXII));
        assertThat(again)
                .extracting(AddResult::outcome)
                .containsExactly(AddResult.Outcome.DUPLICATE, AddResult.Outcome.STORED);
        store.read(tx -> {
            assertThat(tx.objects()
                            .findObjects(
                                    C1,
                                    new ObjectFilter(
                                            Set.of(A),
                                            Set.of(),
                                            VersionSelector.LAST,
                                            Set.of(),
                                            java.util.Optional.empty()),
                                    PageRequest.first(10))
                            .items())
                    .extracting(o -> o.record().versionKey())
                    .containsExactly(TestObjects.key(TestObjects.at(120)));
            return null;
        });
    }

    /** Flyway takes a DataSource; the test has a way to connect. */
    private record SuppliedConnections(Supplier<Connection> connect) implements javax.sql.DataSource {

        @Override
        public Connection getConnection() {
            return connect.get();
        }

        @Override
        public Connection getConnection(String user, String password) {
            return connect.get();
        }

        @Override
        public java.io.PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(java.io.PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {}

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public java.util.logging.Logger getParentLogger() {
            return java.util.logging.Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
