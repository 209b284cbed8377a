package org.tearline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tearline.store.TestObjects.T0;
import static org.tearline.store.TestObjects.apiRoot;
import static org.tearline.store.TestObjects.audience;
import static org.tearline.store.TestObjects.collection;
import static org.tearline.store.TestObjects.id;
import static org.tearline.store.TestObjects.releaseState;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.domain.ReleaseState;
import org.tearline.store.jdbc.Dialect;
import org.tearline.store.jdbc.JdbcStore;
import org.tearline.store.jdbc.RecordingTx;

/**
 * The SQLite plans of the lookups by released id. The index by released id holds only the ids
 * that differ from the original (V12), and SQLite uses a partial index only when the query
 * states its condition: a lookup that lost it would read all of an audience's states for
 * every partner's sighting, and still answer correctly. As in {@link QueryPlanTest}, the SQL
 * explained is what the store sends, recorded.
 */
class SqliteQueryPlanTest {

    @TempDir
    Path dir;

    ReleaseState derived;
    ReleaseState asIs;

    @BeforeEach
    void fill() {
        try (Store store = JdbcStore.open(JdbcStore.Settings.embedded(dir))) {
            String view = UUID.randomUUID().toString();
            List<ReleaseState> states = new ArrayList<>();
            for (int n = 0; n < 2_000; n++) {
                String original = id("indicator");
                states.add(
                        n % 2 == 0
                                ? releaseState("partner-a", original, ReleaseState.Status.RELEASED, T0)
                                : new ReleaseState(
                                        "partner-b", original, original, ReleaseState.Status.RELEASED, null, null));
            }
            store.write(tx -> {
                tx.collections().putApiRoot(apiRoot("api1"), T0);
                tx.collections().createCollection(collection(view, "api1", null, T0));
                tx.releaseViews().createAudience(audience("partner-a", view, T0));
                tx.releaseViews().putReleaseStates(states);
                return null;
            });
            derived = states.get(1_000);
            asIs = states.get(1_001);
        }
    }

    @Test
    void findsAStateByReleasedIdThroughAnIndexForEitherKindOfId() throws SQLException {
        List<String> plan = plan(tx -> tx.releaseViews().releaseStateByReleasedId("partner-a", derived.releasedId()));

        assertThat(plan)
                .noneMatch(step -> step.startsWith("SCAN"))
                .anyMatch(step -> step.contains("USING INDEX release_state_derived_id"))
                .anyMatch(step -> step.contains("USING INDEX sqlite_autoindex_release_state_1"));
    }

    @Test
    void findsTheReleasesOfAReleasedIdThroughTheIndexOfDerivedIds() throws SQLException {
        List<String> plan = plan(tx -> {
            tx.record()
                    .forEachAuditEntry(
                            new AuditQuery(
                                    Optional.empty(),
                                    Optional.of(derived.releasedId()),
                                    Optional.empty(),
                                    Optional.empty()),
                            e -> {});
            return null;
        });

        assertThat(plan)
                .noneMatch(step -> step.matches("SCAN (r|release_state)\\b.*"))
                .anyMatch(step -> step.contains("USING INDEX release_state_derived_id"));
    }

    @Test
    void theLookupsFindWhatTheirPlansPromise() throws SQLException {
        try (Connection conn = connection()) {
            List<RecordingTx.Statement> ignored = new ArrayList<>();
            Optional<ReleaseState> byDerived = RecordingTx.run(
                    conn,
                    Dialect.SQLITE,
                    tx -> tx.releaseViews().releaseStateByReleasedId("partner-a", derived.releasedId()),
                    ignored,
                    Map.of());
            Optional<ReleaseState> byOriginal = RecordingTx.run(
                    conn,
                    Dialect.SQLITE,
                    tx -> tx.releaseViews().releaseStateByReleasedId("partner-b", asIs.releasedId()),
                    ignored,
                    Map.of());
            assertThat(byDerived).contains(derived);
            assertThat(byOriginal).contains(asIs);
        }
    }

    /** The steps of every plan of the queries on release_state that {@code work} sends. */
    private List<String> plan(Function<StoreTx, ?> work) throws SQLException {
        List<String> steps = new ArrayList<>();
        try (Connection conn = connection()) {
            List<RecordingTx.Statement> sent = new ArrayList<>();
            RecordingTx.run(conn, Dialect.SQLITE, work, sent, Map.of());
            List<RecordingTx.Statement> explained = sent.stream()
                    .filter(s -> s.isQuery() && s.sql().contains("release_state"))
                    .toList();
            assertThat(explained).as("queries on release_state among %s", sent).isNotEmpty();
            for (RecordingTx.Statement s : explained) {
                try (PreparedStatement ps = s.prepare(conn, "EXPLAIN QUERY PLAN ")) {
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            steps.add(rs.getString("detail"));
                        }
                    }
                }
            }
        }
        return steps;
    }

    private Connection connection() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("tearline.db"));
    }
}
