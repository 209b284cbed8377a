package org.tearline.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tearline.domain.ApiRoot;
import org.tearline.domain.AudienceRecord;
import org.tearline.domain.AuditEntry;
import org.tearline.domain.CollectionInfo;
import org.tearline.domain.CollectionKind;
import org.tearline.domain.Provenance;
import org.tearline.domain.ReleaseState;
import org.tearline.stix.StixTimestamp;
import org.tearline.store.jdbc.JdbcStore;
import org.tearline.testing.Postgres;

/**
 * The disclosure record of one object: the entries that name it as their subject or list it
 * among their objects, each once, in order, on both stores. ({@link QueryPlanTest} shows that
 * PostgreSQL finds them through indexes.)
 */
class AuditEntriesOfAnObjectTest {

    static final Instant T0 = Instant.parse("2024-03-07T09:00:00Z");
    static final String X = "report--0f0a0bd9-5b3c-4b3b-9d0d-6c4c3f1e7a01";
    static final String Y = "report--1f0a0bd9-5b3c-4b3b-9d0d-6c4c3f1e7a02";
    static final String Z = "indicator--2f0a0bd9-5b3c-4b3b-9d0d-6c4c3f1e7a03";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void anObjectsEntriesAreThoseNamingItAsSubjectOrListingItOnceEach(String database) {
        Postgres.Schema schema = database.equals("postgresql") ? Postgres.freshSchema() : null;
        try (Store store =
                JdbcStore.open(new JdbcStore.Settings(dir, schema == null ? null : schema.url(), 4, false))) {
            List<AuditEntry> entries =
                    List.of(entry(1, null, X), entry(2, "b", Y), entry(3, "a", Z), entry(4, "b", X), entry(5, "a", Y));
            store.write(tx -> {
                tx.record().appendAudit(entries, Map.of(2L, Set.of(X, Z), 3L, Set.of(Z), 4L, Set.of(X)));
                return null;
            });

            assertThat(seqs(store, X, null)).containsExactly(1L, 2L, 4L);
            assertThat(seqs(store, X, "b")).containsExactly(2L, 4L);
            assertThat(seqs(store, Z, null)).containsExactly(2L, 3L);
            assertThat(seqs(store, Y, "a")).containsExactly(5L);
            assertThat(seqs(store, "report--3f0a0bd9-5b3c-4b3b-9d0d-6c4c3f1e7a04", null))
                    .isEmpty();
        } finally {
            if (schema != null) {
                schema.close();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aReleaseIsFoundThroughTheViewVersionsItsRunHoldsByReleasedOrOriginalId(String database) {
        Postgres.Schema schema = database.equals("postgresql") ? Postgres.freshSchema() : null;
        String view = "00000000-0000-4000-8000-00000000000a";
        String a = "indicator--3f0a0bd9-5b3c-4b3b-9d0d-6c4c3f1e7a0a";
        String aReleased = "indicator--4f0a0bd9-5b3c-4b3b-9d0d-6c4c3f1e7a0b";
        String b = "malware--5f0a0bd9-5b3c-4b3b-9d0d-6c4c3f1e7a0c";
        String older = "indicator--6f0a0bd9-5b3c-4b3b-9d0d-6c4c3f1e7a0d";
        try (Store store =
                JdbcStore.open(new JdbcStore.Settings(dir, schema == null ? null : schema.url(), 4, false))) {
            Provenance p = new Provenance("release", "test");
            store.write(tx -> {
                tx.collections().putApiRoot(new ApiRoot("r", "R", null, 10_000_000L), T0);
                tx.collections()
                        .createCollection(new CollectionInfo(view, "r", "view", null, null, CollectionKind.VIEW, T0));
                tx.releaseViews().createAudience(new AudienceRecord("partner", view, 1, T0, T0));
                tx.releaseViews()
                        .putReleaseStates(List.of(new ReleaseState(
                                "partner", a, aReleased, ReleaseState.Status.RELEASED, StixTimestamp.key(T0), "d")));
                // A version released before entries named their runs (seq 1), then a run of
                // two (seq 2 and 3) and a run of one (seq 4).
                long[] seqs = new long[4];
                seqs[0] = tx.objects()
                        .addObjects(view, List.of(version(older, 0)), T0, p)
                        .get(0)
                        .seq();
                List<AddResult> run = tx.objects()
                        .addObjects(view, List.of(version(aReleased, 0), version(b, 0)), T0.plusSeconds(1), p);
                seqs[1] = run.get(0).seq();
                seqs[2] = run.get(1).seq();
                seqs[3] = tx.objects()
                        .addObjects(view, List.of(version(aReleased, 1)), T0.plusSeconds(2), p)
                        .get(0)
                        .seq();
                assertThat(seqs).containsExactly(1, 2, 3, 4);
                tx.record()
                        .appendAudit(
                                List.of(
                                        entry(1, "partner", null),
                                        entry(2, "partner", null),
                                        entry(3, null, null),
                                        entry(4, "partner", null)),
                                Map.of(),
                                Map.of(2L, new ViewRun(view, 2, 3), 4L, new ViewRun(view, 4, 4)));
                return null;
            });

            assertThat(seqs(store, a, null)).as("by original id").containsExactly(2L, 4L);
            assertThat(seqs(store, aReleased, null)).as("by released id").containsExactly(2L, 4L);
            assertThat(seqs(store, b, "partner")).containsExactly(2L);
            assertThat(seqs(store, older, null)).as("a version no run holds").isEmpty();
        } finally {
            if (schema != null) {
                schema.close();
            }
        }
    }

    private static NewObject version(String id, int n) {
        String key = StixTimestamp.key(T0.plusSeconds(n));
        String json = "{\"id\":\"" + id + "\",\"n\":" + n + "}";
        return new NewObject(id, id.substring(0, id.indexOf("--")), key, "2.1", json, "digest-" + id + "-" + n);
    }

    private static AuditEntry entry(long seq, String audience, String subject) {
        return new AuditEntry(
                seq,
                T0.plusSeconds(seq),
                "release",
                "analyst-1",
                audience,
                subject,
                "{}",
                "prev-" + seq,
                "hash-" + seq);
    }

    private static List<Long> seqs(Store store, String objectId, String audience) {
        List<Long> out = new ArrayList<>();
        store.read(tx -> {
            tx.record()
                    .forEachAuditEntry(
                            new AuditQuery(
                                    Optional.ofNullable(audience),
                                    Optional.of(objectId),
                                    Optional.empty(),
                                    Optional.empty()),
                            e -> out.add(e.seq()));
            return null;
        });
        return out;
    }
}
