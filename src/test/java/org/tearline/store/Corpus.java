package org.tearline.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.tearline.domain.ApiRoot;
import org.tearline.domain.AudienceRecord;
import org.tearline.domain.AuditEntry;
import org.tearline.domain.CollectionInfo;
import org.tearline.domain.CollectionKind;
import org.tearline.domain.Provenance;
import org.tearline.domain.Receipt;
import org.tearline.domain.ReleaseState;
import org.tearline.stix.StixTimestamp;

/**
 * A realistic amount of data, written through the store as the services would: one big source
 * collection (45,000 objects of several types, a fifth with a second version and a twentieth
 * with a third, added in envelopes of 1,000 that share a date_added), three smaller
 * collections, receipts, release states and a disclosure record.
 */
final class Corpus {

    static final Provenance PROVENANCE = new Provenance("taxii", "analyst-1");
    static final String ROOT = "tearline";
    static final int OTHER_COLLECTIONS = 3;
    static final int OTHER_OBJECTS = 4_000;
    static final int ACCOUNTS = 5;
    static final int RECEIPTS_PER_ACCOUNT = 10_000;
    static final int AUDIENCES = 4;
    static final int STATES_PER_AUDIENCE = 10_000;
    static final int AUDIT_ENTRIES = 20_000;
    private static final String FILLER = "x".repeat(300);

    private Corpus() {}

    /** The id of the n-th object of the big collection: random-looking, its type by n. */
    static String id(int n) {
        return type(n) + "--" + UUID.nameUUIDFromBytes(("object " + n).getBytes(StandardCharsets.UTF_8));
    }

    static String type(int n) {
        return QueryPlanTest.TYPES.get(n % QueryPlanTest.TYPES.size());
    }

    /** Ids of objects {@code from} to {@code from + count - 1}. */
    static Set<String> ids(int from, int count) {
        Set<String> out = new LinkedHashSet<>();
        for (int n = from; n < from + count; n++) {
            out.add(id(n));
        }
        return out;
    }

    static String releasedId(int audience, int n) {
        return type(n) + "--"
                + UUID.nameUUIDFromBytes(("released " + audience + " " + n).getBytes(StandardCharsets.UTF_8));
    }

    static NewObject object(String id, String type, Instant modified) {
        String m = StixTimestamp.format(modified);
        String json = "{\"type\":\"" + type + "\",\"spec_version\":\"2.1\",\"id\":\"" + id
                + "\",\"created\":\"2024-03-01T00:00:00.000Z\",\"modified\":\"" + m
                + "\",\"name\":\"object\",\"description\":\"" + FILLER + "\"}";
        return new NewObject(id, type, StixTimestamp.key(modified), "2.1", json, sha256(json));
    }

    /** New versions, modified at {@code modified}, of objects {@code from} onwards. */
    static List<NewObject> newVersions(int from, int count, Instant modified) {
        List<NewObject> out = new ArrayList<>();
        for (int n = from; n < from + count; n++) {
            out.add(object(id(n), type(n), modified));
        }
        return out;
    }

    static List<Receipt> receipts(String account, int from, int count, Instant at) {
        List<Receipt> out = new ArrayList<>();
        for (int n = from; n < from + count; n++) {
            out.add(new Receipt(
                    account,
                    QueryPlanTest.BIG,
                    id(n),
                    StixTimestamp.key(QueryPlanTest.T0),
                    "digest",
                    at.plusSeconds(n)));
        }
        return out;
    }

    /**
     * Fills the store. Autovacuum is off for the schema's tables so that the plans depend on
     * the statistics the test makes and on nothing else; one ANALYZE after the first envelope
     * stands in for autovacuum's first pass, which a real server gets within a minute. (Without
     * any statistics each envelope's version lookup reads the whole collection: see
     * {@link QueryPlanTest}.)
     */
    static void fill(Store store, org.tearline.testing.Postgres.Schema schema) {
        Instant t0 = QueryPlanTest.T0;
        for (String table :
                List.of("object_version", "collection", "receipt", "release_state", "audit_entry", "audit_object")) {
            schema.execute("ALTER TABLE " + table + " SET (autovacuum_enabled = false)");
        }
        store.write(tx -> {
            tx.collections().putApiRoot(new ApiRoot(ROOT, "Tearline", null, 10_000_000L), t0);
            tx.collections()
                    .createCollection(
                            new CollectionInfo(QueryPlanTest.BIG, ROOT, "big", null, null, CollectionKind.SOURCE, t0));
            for (int k = 1; k <= OTHER_COLLECTIONS; k++) {
                tx.collections()
                        .createCollection(new CollectionInfo(
                                other(k), ROOT, "other " + k, null, null, CollectionKind.SOURCE, t0));
            }
            return null;
        });
        int[] envelope = {0};
        Instant v1 = Instant.parse("2024-03-01T00:00:00Z");
        List<NewObject> batch = new ArrayList<>();
        for (int n = 0; n < QueryPlanTest.OBJECTS; n++) {
            batch.add(object(id(n), type(n), v1));
            if (batch.size() == 1_000) {
                add(store, QueryPlanTest.BIG, batch, envelope);
                if (envelope[0] == 1) {
                    schema.execute("ANALYZE");
                }
            }
        }
        for (int n = 0; n < 10; n++) {
            batch.add(object(
                    "marking-definition--" + UUID.nameUUIDFromBytes(("marking " + n).getBytes(StandardCharsets.UTF_8)),
                    "marking-definition",
                    v1));
        }
        add(store, QueryPlanTest.BIG, batch, envelope);
        for (int k = 1; k <= OTHER_COLLECTIONS; k++) {
            for (int n = 0; n < OTHER_OBJECTS; n++) {
                batch.add(object(
                        "indicator--"
                                + UUID.nameUUIDFromBytes(("other " + k + " " + n).getBytes(StandardCharsets.UTF_8)),
                        "indicator",
                        v1));
                if (batch.size() == 1_000) {
                    add(store, other(k), batch, envelope);
                }
            }
        }
        int[] every = {5, 20};
        Instant[] modified = {Instant.parse("2024-03-02T00:00:00Z"), Instant.parse("2024-03-03T00:00:00Z")};
        for (int v = 0; v < every.length; v++) {
            for (int n = 0; n < QueryPlanTest.OBJECTS; n += every[v]) {
                batch.add(object(id(n), type(n), modified[v]));
                if (batch.size() == 1_000) {
                    add(store, QueryPlanTest.BIG, batch, envelope);
                }
            }
            add(store, QueryPlanTest.BIG, batch, envelope);
        }
        for (int a = 0; a < ACCOUNTS; a++) {
            List<Receipt> receipts = receipts("account-" + a, 0, RECEIPTS_PER_ACCOUNT, t0);
            store.write(tx -> tx.record().recordReceipts(receipts));
        }
        for (int a = 0; a < AUDIENCES; a++) {
            // An audience of the big collection: the record maps its released ids.
            AudienceRecord audience = new AudienceRecord("audience-" + a, QueryPlanTest.BIG, 1, t0, t0);
            store.write(tx -> {
                tx.releaseViews().createAudience(audience);
                return null;
            });
            List<ReleaseState> states = new ArrayList<>();
            for (int n = 0; n < STATES_PER_AUDIENCE; n++) {
                states.add(new ReleaseState(
                        "audience-" + a,
                        id(n),
                        releasedId(a, n),
                        ReleaseState.Status.RELEASED,
                        StixTimestamp.key(v1),
                        "digest"));
            }
            store.write(tx -> {
                tx.releaseViews().putReleaseStates(states);
                return null;
            });
        }
        for (int start = 1; start <= AUDIT_ENTRIES; start += 5_000) {
            List<AuditEntry> entries = new ArrayList<>();
            Map<Long, Set<String>> objects = new java.util.HashMap<>();
            // The first 5,000 name runs of ten versions of the big collection (every
            // audience's view here), as releases do.
            Map<Long, ViewRun> runs = new java.util.HashMap<>();
            for (long seq = start; seq < start + 5_000; seq++) {
                if (seq <= 5_000) {
                    runs.put(seq, new ViewRun(QueryPlanTest.BIG, 10 * seq - 9, 10 * seq));
                }
                int s = (int) seq;
                entries.add(new AuditEntry(
                        seq,
                        t0.plusSeconds(seq),
                        "released",
                        "analyst-1",
                        s % 10 == 0 ? null : "audience-" + (s % 10),
                        id(s % 5_000),
                        "{}",
                        "prev",
                        "hash"));
                objects.put(seq, Set.of(id(s % 7_000), id((s * 7 + 1) % 7_000)));
            }
            store.write(tx -> {
                tx.record().appendAudit(entries, objects, runs);
                return null;
            });
        }
    }

    /** A new collection of {@code count} objects, in envelopes of 1,000, without ANALYZE. */
    static void fillUnanalysed(Store store, String collection, int count) {
        Instant v1 = Instant.parse("2024-03-01T00:00:00Z");
        store.write(tx -> {
            tx.collections()
                    .createCollection(new CollectionInfo(
                            collection, ROOT, "fresh", null, null, CollectionKind.SOURCE, QueryPlanTest.T0));
            return null;
        });
        int[] envelope = {10_000};
        List<NewObject> batch = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            batch.add(object(id(n), type(n), v1));
            if (batch.size() == 1_000) {
                add(store, collection, batch, envelope);
            }
        }
        add(store, collection, batch, envelope);
    }

    static String other(int k) {
        return "00000000-0000-4000-8000-00000000010" + k;
    }

    /** Adds the batch as one envelope, a second after the previous one, and empties it. */
    private static void add(Store store, String collection, List<NewObject> batch, int[] envelope) {
        if (batch.isEmpty()) {
            return;
        }
        Instant now = QueryPlanTest.T0.plusSeconds(++envelope[0]);
        List<NewObject> copy = List.copyOf(batch);
        store.write(tx -> tx.objects().addObjects(collection, copy, now, PROVENANCE));
        batch.clear();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
