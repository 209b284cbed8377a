package org.tearline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tearline.store.TestObjects.T0;
import static org.tearline.store.TestObjects.TAXII;
import static org.tearline.store.TestObjects.apiRoot;
import static org.tearline.store.TestObjects.at;
import static org.tearline.store.TestObjects.collection;
import static org.tearline.store.TestObjects.id;
import static org.tearline.store.TestObjects.indicator;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.domain.StoredObject;
import org.tearline.store.jdbc.JdbcStore;
import org.tearline.store.jdbc.SmallIdentityTiers;

/**
 * Identity entries as they move through the tiers of a SQLite store (caps of 4, 8 and 16 here):
 * after every write each tier but the last is within its cap, every stored version has exactly
 * one entry, and entries reach the last tier. The store contract, run with the same small
 * tiers, shows that lookups by id behave as before wherever the entries are.
 */
class IdentityTiersTest {

    private static final long[] CAPS = {4, 8, 16};

    @Test
    void entriesMoveDownTheTiersAndNoneIsLostOrDoubled(@TempDir Path dir) throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("tearline.db");
        try (Store store = SmallIdentityTiers.open(JdbcStore.Settings.embedded(dir))) {
            fillAndCheck(store, () -> DriverManager.getConnection(url));
        }
    }

    private interface Connect {
        Connection get() throws SQLException;
    }

    private static void fillAndCheck(Store store, Connect connect) throws SQLException {
        String coll = UUID.randomUUID().toString();
        store.write(tx -> {
            tx.collections().putApiRoot(apiRoot("api1"), T0);
            tx.collections().createCollection(collection(coll, "api1", null, T0));
            return null;
        });
        List<String> ids = new ArrayList<>();
        for (int envelope = 0; envelope < 40; envelope++) {
            List<NewObject> objects = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String id = id("indicator");
                ids.add(id);
                objects.add(indicator(id, at(-100)));
            }
            // A new version of an earlier object too, whose entry may be in any tier by now.
            if (envelope > 0) {
                objects.add(indicator(ids.get(envelope * 3 / 2), at(envelope)));
            }
            Instant now = at(envelope);
            store.write(tx -> tx.objects().addObjects(coll, objects, now, TAXII));
            long[] tiers = entriesPerTier(connect);
            for (int t = 0; t < CAPS.length; t++) {
                assertThat(tiers[t])
                        .as("tier %d after envelope %d", t, envelope)
                        .isLessThanOrEqualTo(CAPS[t]);
            }
            assertThat(java.util.Arrays.stream(tiers).sum())
                    .as("entries after envelope %d", envelope)
                    .isEqualTo(store.read(tx -> tx.objects().countVersions(coll)));
            assertThat(distinctEntries(connect))
                    .isEqualTo(java.util.Arrays.stream(tiers).sum());
        }
        assertThat(entriesPerTier(connect)[3]).as("entries in the last tier").isPositive();
        long stored = store.read(tx -> tx.objects()
                .findObjects(
                        coll,
                        new ObjectFilter(
                                Set.copyOf(ids), Set.of(), VersionSelector.ALL, Set.of(), java.util.Optional.empty()),
                        PageRequest.first(1_000))
                .items()
                .size());
        assertThat(stored).isEqualTo(store.read(tx -> tx.objects().countVersions(coll)));
    }

    @Test
    void entriesInAFirstTierKeyedAsMigrationNineLeftItAreFoundAfterMigrationTen(@TempDir Path dir) throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("tearline.db");
        String coll = UUID.randomUUID().toString();
        List<String> ids = new ArrayList<>();
        try (Store store = JdbcStore.open(JdbcStore.Settings.embedded(dir))) {
            store.write(tx -> {
                tx.collections().putApiRoot(apiRoot("api1"), T0);
                tx.collections().createCollection(collection(coll, "api1", null, T0));
                return null;
            });
            List<NewObject> objects = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                ids.add(id("indicator"));
                objects.add(indicator(ids.get(i), T0));
            }
            store.write(tx -> tx.objects().addObjects(coll, objects, at(1), TAXII));
        }
        // Put tier 0 back as migration 9 made it, keyed by identity, with the same entries,
        // and forget migration 10 and those after it, so that opening the store runs them. The
        // later migrations are written to run again, except the columns migration 17 adds
        // (SQLite has no ADD COLUMN IF NOT EXISTS): those go too.
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.execute("DROP VIEW object_identity");
            s.execute("ALTER TABLE object_identity_0 RENAME TO old_entries");
            s.execute("CREATE TABLE object_identity_0 (id_hash INTEGER NOT NULL,"
                    + " version_added INTEGER NOT NULL, version_seq INTEGER NOT NULL,"
                    + " PRIMARY KEY (id_hash, version_added, version_seq)) WITHOUT ROWID");
            s.execute("INSERT INTO object_identity_0 SELECT * FROM old_entries");
            s.execute("DROP TABLE old_entries");
            s.execute("CREATE VIEW object_identity AS SELECT 0 AS tier, id_hash, version_added,"
                    + " version_seq FROM object_identity_0 UNION ALL SELECT 1, * FROM"
                    + " object_identity_1 UNION ALL SELECT 2, * FROM object_identity_2"
                    + " UNION ALL SELECT 3, * FROM object_identity_3");
            s.execute("ALTER TABLE audit_entry DROP COLUMN leaf_hash");
            s.execute("ALTER TABLE audit_head DROP COLUMN frontier");
            s.execute("DELETE FROM flyway_schema_history WHERE installed_rank >= (SELECT"
                    + " installed_rank FROM flyway_schema_history WHERE version = '10')");
        }
        try (Store store = JdbcStore.open(JdbcStore.Settings.embedded(dir))) {
            assertThat(entriesPerTier(() -> DriverManager.getConnection(url))[0])
                    .isEqualTo(50);
            List<StoredObject> found = store.read(tx -> tx.objects()
                    .findObjects(coll, TestObjects.idsFilter(ids.toArray(String[]::new)), PageRequest.first(100))
                    .items());
            assertThat(found).hasSize(50);
            List<AddResult> again = store.write(tx -> tx.objects()
                    .addObjects(coll, List.of(indicator(ids.get(7), T0), indicator(ids.get(7), at(5))), at(9), TAXII));
            assertThat(again)
                    .extracting(AddResult::outcome)
                    .containsExactly(AddResult.Outcome.DUPLICATE, AddResult.Outcome.STORED);
        }
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT sql FROM sqlite_master" + " WHERE name = 'object_identity_0'")) {
            rs.next();
            assertThat(rs.getString(1)).as("tier 0 after migration 10").doesNotContainIgnoringCase("PRIMARY KEY");
        }
    }

    private static long[] entriesPerTier(Connect connect) throws SQLException {
        long[] out = new long[4];
        try (Connection c = connect.get();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT tier, COUNT(*) FROM object_identity" + " GROUP BY tier")) {
            while (rs.next()) {
                out[rs.getInt(1)] = rs.getLong(2);
            }
        }
        return out;
    }

    private static long distinctEntries(Connect connect) throws SQLException {
        try (Connection c = connect.get();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM (SELECT DISTINCT id_hash,"
                        + " version_added, version_seq FROM object_identity) d")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
