package org.tearline.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tearline.domain.Position;
import org.tearline.stix.StixJson;
import org.tearline.store.jdbc.JdbcStore;
import org.tearline.store.jdbc.RecordingTx;
import org.tearline.testing.Postgres;

/**
 * The PostgreSQL plans of the queries the store issues most, on a realistic amount of data
 * after ANALYZE: each uses the index meant for it, and none reads object_version from end to
 * end. The SQL is not restated here: each case runs a store method on a connection that
 * records what the store sends ({@link RecordingTx}), and that exact SQL, with its parameters,
 * is explained twice: as a custom plan for these values, and as the generic plan PostgreSQL may
 * switch to once the driver has prepared the statement on the server (after five uses).
 *
 * <p>The plans hold with statistics that predate most of the data (autovacuum is off; one
 * ANALYZE after the first envelope, one at the end), and for lookups by id in a collection
 * filled after the last ANALYZE, where a list of ids ({@code object_id IN (...)}) would be
 * served by reading the whole collection: the store probes the identity index once per id.
 */
class QueryPlanTest {

    static Postgres.Schema schema;
    static Connection conn;
    static final String BIG = "00000000-0000-4000-8000-000000000001";
    /** Filled after the last ANALYZE, like a big import before autovacuum catches up. */
    static final String FRESH = "00000000-0000-4000-8000-000000000002";

    static final Instant T0 = Instant.parse("2024-03-07T09:00:00Z");
    /** Objects whose first version is in the big collection, and how their types spread. */
    static final int OBJECTS = 45_000;

    static final List<String> TYPES = List.of(
            "indicator",
            "indicator",
            "indicator",
            "malware",
            "malware",
            "tool",
            "tool",
            "attack-pattern",
            "report",
            "vulnerability");
    static Position middle;
    /** A hundred versions before the big collection's last. */
    static Position nearEnd;

    @BeforeAll
    static void fill() throws SQLException {
        schema = Postgres.freshSchema();
        try (Store store = JdbcStore.open(new JdbcStore.Settings(null, schema.url(), 4, false))) {
            Corpus.fill(store, schema);
            middle = store.read(
                            tx -> tx.objects().findManifest(BIG, ObjectFilter.LATEST, PageRequest.first(OBJECTS / 2)))
                    .last()
                    .orElseThrow();
            nearEnd = store.read(tx -> tx.objects()
                            .findManifest(
                                    BIG,
                                    ObjectFilter.EVERYTHING,
                                    PageRequest.first((int) tx.objects().countVersions(BIG) - 100)))
                    .last()
                    .orElseThrow();
        }
        schema.execute("ANALYZE");
        // A collection filled after the last ANALYZE: PostgreSQL knows nothing of its rows.
        try (Store store = JdbcStore.open(new JdbcStore.Settings(null, schema.url(), 4, false))) {
            Corpus.fillUnanalysed(store, FRESH, 20_000);
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

    /** A store call, which of its statements to explain, and the indexes they should use. */
    record Case(
            String name,
            Function<StoreTx, ?> work,
            Predicate<String> which,
            Set<String> indexes,
            Supplier<Map<String, Position>> knownUpTo) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Case of(String name, Function<StoreTx, ?> work, String sqlContains, String... indexes) {
        return new Case(name, work, sql -> sql.contains(sqlContains), Set.of(indexes), Map::of);
    }

    static Stream<Case> cases() {
        ObjectFilter latest = ObjectFilter.LATEST;
        PageRequest page = PageRequest.first(1_000);
        return Stream.of(
                of(
                        "first page of latest objects",
                        tx -> tx.objects().findObjects(BIG, latest, page),
                        "FROM object_version",
                        "object_version_latest"),
                of(
                        "later page of latest objects (date_added, seq) > (?, ?)",
                        tx -> tx.objects().findObjects(BIG, latest, after(middle)),
                        "FROM object_version",
                        "object_version_latest"),
                of(
                        "added_after",
                        tx -> tx.objects()
                                .findObjects(
                                        BIG,
                                        new ObjectFilter(
                                                Set.of(),
                                                Set.of(),
                                                VersionSelector.LAST,
                                                Set.of(),
                                                Optional.of(middle.dateAddedMicros())),
                                        page),
                        "FROM object_version",
                        "object_version_latest"),
                of(
                        "all versions, later page",
                        tx -> tx.objects().findObjects(BIG, ObjectFilter.EVERYTHING, after(middle)),
                        "FROM object_version",
                        "object_version_pkey"),
                of(
                        "match[type] one type",
                        tx -> tx.objects().findObjects(BIG, latest.withTypes(Set.of("malware")), page),
                        "FROM object_version",
                        "object_version_type_latest"),
                of(
                        "match[type] one type, later page",
                        tx -> tx.objects().findObjects(BIG, latest.withTypes(Set.of("malware")), after(middle)),
                        "FROM object_version",
                        "object_version_type_latest"),
                of(
                        "match[type] several types (UNION ALL)",
                        tx -> tx.objects()
                                .findObjects(BIG, latest.withTypes(Set.of("tool", "report", "vulnerability")), page),
                        "FROM object_version",
                        "object_version_type_latest"),
                of(
                        "match[id] one id",
                        tx -> tx.objects().findObjects(BIG, latest.withId(Corpus.id(1_234)), page),
                        "FROM object_version",
                        "object_version_id_hash"),
                of(
                        "match[id] several ids",
                        tx -> tx.objects()
                                .findObjects(
                                        BIG,
                                        new ObjectFilter(
                                                Corpus.ids(100, 40),
                                                Set.of(),
                                                VersionSelector.ALL,
                                                Set.of(),
                                                Optional.empty()),
                                        page),
                        "FROM object_version",
                        "object_version_id_hash"),
                of(
                        "versions of one object",
                        tx -> tx.objects().findVersions(BIG, Corpus.id(40), ObjectFilter.EVERYTHING, page),
                        "FROM object_version",
                        "object_version_id_hash"),
                of(
                        "manifest, first page",
                        tx -> tx.objects().findManifest(BIG, latest, page),
                        "FROM object_version",
                        "object_version_latest"),
                of(
                        "manifest, later page",
                        tx -> tx.objects().findManifest(BIG, latest, after(middle)),
                        "FROM object_version",
                        "object_version_latest"),
                of(
                        "version lookup when adding objects (one probe per id)",
                        tx -> tx.objects()
                                .addObjects(
                                        BIG,
                                        Corpus.newVersions(0, 500, T0.plusSeconds(100_000)),
                                        T0.plusSeconds(100_000),
                                        Corpus.PROVENANCE),
                        "CROSS JOIN LATERAL",
                        "object_version_id_hash"),
                of(
                        "version lookup when adding objects, collection never analysed",
                        tx -> tx.objects()
                                .addObjects(
                                        FRESH,
                                        Corpus.newVersions(0, 500, T0.plusSeconds(100_000)),
                                        T0.plusSeconds(100_000),
                                        Corpus.PROVENANCE),
                        "CROSS JOIN LATERAL",
                        "object_version_id_hash"),
                new Case(
                        "identities another node added, read when adding objects",
                        tx -> tx.objects()
                                .addObjects(
                                        BIG,
                                        Corpus.newVersions(0, 5, T0.plusSeconds(100_001)),
                                        T0.plusSeconds(100_001),
                                        Corpus.PROVENANCE),
                        sql -> sql.contains("SELECT id_hash FROM object_version WHERE"),
                        Set.of("object_version_pkey"),
                        () -> Map.of(BIG, nearEnd)),
                of(
                        "first page of latest objects, collection never analysed",
                        tx -> tx.objects().findObjects(FRESH, latest, page),
                        "FROM object_version",
                        "object_version_latest"),
                of(
                        "match[type], collection never analysed",
                        tx -> tx.objects().findObjects(FRESH, latest.withTypes(Set.of("malware")), page),
                        "FROM object_version",
                        "object_version_type_latest"),
                of(
                        "match[id] several ids, collection never analysed",
                        tx -> tx.objects()
                                .findObjects(
                                        FRESH,
                                        new ObjectFilter(
                                                Corpus.ids(100, 40),
                                                Set.of(),
                                                VersionSelector.LAST,
                                                Set.of(),
                                                Optional.empty()),
                                        page),
                        "FROM object_version",
                        "object_version_id_hash"),
                of(
                        "latestObjects, collection never analysed",
                        tx -> tx.objects().latestObjects(List.of(FRESH), Corpus.ids(10_000, 300)),
                        "FROM object_version",
                        "object_version_id_hash"),
                of(
                        "latestObjects",
                        tx -> tx.objects().latestObjects(List.of(BIG), Corpus.ids(20_000, 300)),
                        "FROM object_version",
                        "object_version_id_hash"),
                of(
                        "idsOfType (marking definitions)",
                        tx -> tx.objects().idsOfType(List.of(BIG), "marking-definition"),
                        "FROM object_version",
                        "object_version_type_latest"),
                of(
                        "released id of an audience",
                        tx -> tx.releaseViews().releaseStateByReleasedId("audience-2", Corpus.releasedId(2, 777)),
                        "FROM release_state",
                        "release_state_derived_id"),
                of(
                        "release states of objects",
                        tx -> tx.releaseViews().releaseStates("audience-1", Corpus.ids(3_000, 200)),
                        "FROM release_state",
                        "release_state_pkey"),
                of(
                        "receipts of an account in a period",
                        tx -> tx.record().receipts("account-3", T0.plusSeconds(100), T0.plusSeconds(200)),
                        "FROM receipt",
                        "receipt_account_time"),
                of(
                        "receipts of an object",
                        tx -> tx.record().receiptsOf(BIG, Corpus.id(5)),
                        "FROM receipt",
                        "receipt_object"),
                of(
                        "receipts already recorded",
                        tx -> tx.record().recordReceipts(Corpus.receipts("account-4", 0, 300, T0.plusSeconds(5_000))),
                        "FROM receipt",
                        "receipt_pkey",
                        "receipt_account_time"),
                of(
                        "disclosure record of an audience",
                        tx -> audit(
                                tx,
                                new AuditQuery(
                                        Optional.of("audience-3"),
                                        Optional.empty(),
                                        Optional.empty(),
                                        Optional.empty())),
                        "FROM audit_entry",
                        "audit_entry_audience"),
                of(
                        "disclosure record since a time",
                        tx -> audit(
                                tx,
                                new AuditQuery(
                                        Optional.empty(),
                                        Optional.empty(),
                                        Optional.of(T0.plusSeconds(Corpus.AUDIT_ENTRIES - 50)),
                                        Optional.empty())),
                        "FROM audit_entry",
                        "audit_entry_at"),
                of(
                        "disclosure record of an object",
                        tx -> audit(
                                tx,
                                new AuditQuery(
                                        Optional.empty(),
                                        Optional.of(Corpus.id(321)),
                                        Optional.empty(),
                                        Optional.empty())),
                        "FROM audit_entry",
                        "audit_entry_subject"),
                of(
                        "releases of an object, through its versions in a view",
                        tx -> audit(
                                tx,
                                new AuditQuery(
                                        Optional.empty(),
                                        Optional.of(Corpus.id(321)),
                                        Optional.empty(),
                                        Optional.empty())),
                        "FROM audit_entry",
                        "audit_entry_view"),
                of(
                        "disclosure record of a released id",
                        tx -> audit(
                                tx,
                                new AuditQuery(
                                        Optional.empty(), Optional.of(Corpus.releasedId(2, 321)),
                                        Optional.empty(), Optional.empty())),
                        "FROM audit_entry",
                        "release_state_derived_id"));
    }

    private static PageRequest after(Position p) {
        return new PageRequest(1_000, Optional.of(p), Long.MAX_VALUE);
    }

    private static int audit(StoreTx tx, AuditQuery q) {
        int[] n = {0};
        tx.record().forEachAuditEntry(q, e -> n[0]++);
        return n[0];
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachStoreQueryUsesItsIndexAndNoSequentialScan(Case c) throws SQLException {
        List<RecordingTx.Statement> sent = new ArrayList<>();
        RecordingTx.run(conn, c.work(), sent, c.knownUpTo().get());
        List<RecordingTx.Statement> explained = sent.stream()
                .filter(s -> s.isQuery() && c.which().test(s.sql()))
                .toList();
        assertThat(explained).as("statements of %s among %s", c.name(), sent).isNotEmpty();
        for (RecordingTx.Statement s : explained) {
            List<Plan> plans = List.of(Plan.custom(conn, s), Plan.generic(conn, s));
            System.out.printf(
                    "%s:%n%s%n", c.name(), plans.stream().map(Plan::summary).collect(Collectors.joining("\n")));
            for (Plan plan : plans) {
                assertThat(plan.seqScans())
                        .as("%s plan of %s", plan.kind(), plan)
                        .isEmpty();
                assertThat(plan.indexes())
                        .as("%s plan of %s", plan.kind(), plan)
                        .containsAnyElementsOf(c.indexes());
            }
        }
    }

    /** The scans of one EXPLAIN (FORMAT JSON) output. */
    record Plan(String kind, String sql, List<JsonNode> nodes) {

        static Plan custom(Connection conn, RecordingTx.Statement s) throws SQLException {
            try (PreparedStatement ps = s.prepare(conn, "EXPLAIN (FORMAT JSON) ")) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Plan("custom", s.sql(), flatten(rs.getString(1)));
                }
            }
        }

        /**
         * The plan PostgreSQL builds without looking at the values, as it may for a statement
         * prepared on the server: PREPARE, then EXPLAIN EXECUTE under force_generic_plan.
         */
        static Plan generic(Connection conn, RecordingTx.Statement s) throws SQLException {
            StringBuilder numbered = new StringBuilder();
            int n = 0;
            for (char ch : s.sql().toCharArray()) {
                if (ch == '?') {
                    numbered.append('$').append(++n);
                } else {
                    numbered.append(ch);
                }
            }
            String args = s.params().stream().map(QueryPlanTest::literal).collect(Collectors.joining(", "));
            try (Statement st = conn.createStatement()) {
                st.execute("SET plan_cache_mode = force_generic_plan");
                try {
                    st.execute("PREPARE tearline_plan AS " + numbered);
                    try (ResultSet rs =
                            st.executeQuery("EXPLAIN (FORMAT JSON) EXECUTE" + " tearline_plan(" + args + ")")) {
                        rs.next();
                        return new Plan("generic", s.sql(), flatten(rs.getString(1)));
                    } finally {
                        st.execute("DEALLOCATE tearline_plan");
                    }
                } finally {
                    st.execute("RESET plan_cache_mode");
                }
            }
        }

        private static List<JsonNode> flatten(String json) {
            List<JsonNode> out = new ArrayList<>();
            try {
                collect(StixJson.mapper().readTree(json).get(0).get("Plan"), out);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new AssertionError(e);
            }
            return out;
        }

        private static void collect(JsonNode node, List<JsonNode> out) {
            out.add(node);
            node.path("Plans").forEach(child -> collect(child, out));
        }

        /** Relations read by a sequential scan. */
        List<String> seqScans() {
            return nodes.stream()
                    .filter(n -> n.path("Node Type").asText().equals("Seq Scan"))
                    .map(n -> n.path("Relation Name").asText())
                    .toList();
        }

        /** Indexes scanned (index, index-only and bitmap index scans). */
        List<String> indexes() {
            return nodes.stream()
                    .filter(n -> n.has("Index Name"))
                    .map(n -> n.get("Index Name").asText())
                    .toList();
        }

        /** The plan's nodes on one line. */
        String summary() {
            return "  " + kind + ": "
                    + nodes.stream()
                            .map(n -> n.path("Node Type").asText()
                                    + (n.has("Index Name")
                                            ? " using " + n.get("Index Name").asText()
                                            : "")
                                    + (n.has("Relation Name")
                                            ? " on " + n.get("Relation Name").asText()
                                            : ""))
                            .collect(Collectors.joining(" / "));
        }

        @Override
        public String toString() {
            return sql + "\n  "
                    + nodes.stream()
                            .map(n -> n.path("Node Type").asText()
                                    + (n.has("Index Name")
                                            ? " using " + n.get("Index Name").asText()
                                            : "")
                                    + (n.has("Relation Name")
                                            ? " on " + n.get("Relation Name").asText()
                                            : ""))
                            .collect(Collectors.joining("\n  "));
        }
    }

    private static String literal(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof Number) {
            return value.toString();
        }
        return "'" + value.toString().replace("'", "''") + "'";
    }
}
