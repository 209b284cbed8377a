package org.tearline.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tearline.domain.ApiRoot;
import org.tearline.store.jdbc.JdbcStore;
import org.tearline.store.jdbc.RecordingTx;
import org.tearline.testing.Postgres;

/**
 * Plans in a database PostgreSQL has never analysed: a new deployment's first big import, in
 * the minute before autovacuum's first pass. Without statistics the planner took the partial
 * index of latest objects for lookups by id, so every envelope read the whole collection once
 * per id and an import slowed to a crawl as it grew. {@link QueryPlanTest} covers the same
 * lookups with statistics.
 */
class UnanalysedQueryPlanTest {

    static final String COLLECTION = "00000000-0000-4000-8000-000000000003";
    static Postgres.Schema schema;
    static Connection conn;

    @BeforeAll
    static void fill() throws SQLException {
        schema = Postgres.freshSchema();
        try (Store store = JdbcStore.open(new JdbcStore.Settings(null, schema.url(), 4, false))) {
            schema.execute("ALTER TABLE object_version SET (autovacuum_enabled = false)");
            store.write(tx -> {
                tx.collections().putApiRoot(new ApiRoot(Corpus.ROOT, "Tearline", null, 10_000_000L), QueryPlanTest.T0);
                return null;
            });
            Corpus.fillUnanalysed(store, COLLECTION, 10_000);
        }
        conn = schema.connection();
    }

    @AfterAll
    static void drop() throws SQLException {
        if (conn != null) {
            conn.close();
        }
        if (schema != null) {
            schema.close();
        }
    }

    @Test
    void findsLatestVersionsByIdThroughTheIdentityIndex() throws SQLException {
        assertUsesIdentityIndex(tx -> tx.objects().latestObjects(List.of(COLLECTION), Corpus.ids(2_000, 300)));
    }

    @Test
    void findsKnownVersionsByIdThroughTheIdentityIndexWhenAdding() throws SQLException {
        assertUsesIdentityIndex(tx -> tx.objects()
                .addObjects(
                        COLLECTION,
                        Corpus.newVersions(0, 300, QueryPlanTest.T0.plusSeconds(200_000)),
                        QueryPlanTest.T0.plusSeconds(200_000),
                        Corpus.PROVENANCE));
    }

    @Test
    void pagesThroughMatchIdThroughTheIdentityIndex() throws SQLException {
        assertUsesIdentityIndex(
                tx -> tx.objects()
                        .findObjects(
                                COLLECTION,
                                new ObjectFilter(
                                        Corpus.ids(100, 40),
                                        java.util.Set.of(),
                                        VersionSelector.LAST,
                                        java.util.Set.of(),
                                        java.util.Optional.empty()),
                                PageRequest.first(100)),
                "FROM object_version");
    }

    @Test
    void findsOneIdThroughTheIdentityIndexNotByReadingTheCollectionInOrder() throws SQLException {
        // match[id]=X&limit=10: an ordered scan of the collection that stops after 11 rows
        // looks cheap to a planner that guesses many rows match; one does.
        assertUsesIdentityIndex(
                tx -> tx.objects()
                        .findObjects(COLLECTION, ObjectFilter.LATEST.withId(Corpus.id(1_234)), PageRequest.first(10)),
                "FROM object_version");
    }

    private static void assertUsesIdentityIndex(java.util.function.Function<StoreTx, ?> work) throws SQLException {
        assertUsesIdentityIndex(work, "CROSS JOIN LATERAL");
    }

    private static void assertUsesIdentityIndex(java.util.function.Function<StoreTx, ?> work, String sqlContains)
            throws SQLException {
        List<RecordingTx.Statement> sent = new ArrayList<>();
        RecordingTx.run(conn, work, sent);
        List<RecordingTx.Statement> lookups = sent.stream()
                .filter(s -> s.isQuery() && s.sql().contains(sqlContains))
                .toList();
        assertThat(lookups).as("lookups by id among %s", sent).isNotEmpty();
        for (RecordingTx.Statement s : lookups) {
            for (QueryPlanTest.Plan plan :
                    List.of(QueryPlanTest.Plan.custom(conn, s), QueryPlanTest.Plan.generic(conn, s))) {
                assertThat(plan.indexes())
                        .as("%s plan of %s", plan.kind(), plan)
                        .contains("object_version_id_hash")
                        .doesNotContain("object_version_latest", "object_version_type_latest", "object_version_pkey");
                assertThat(plan.seqScans())
                        .as("%s plan of %s", plan.kind(), plan)
                        .isEmpty();
            }
        }
    }
}
