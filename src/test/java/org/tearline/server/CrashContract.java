package org.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.Tearline;
import org.tearline.domain.Account;
import org.tearline.domain.CollectionKind;
import org.tearline.testing.ServerProcess;
import org.tearline.testing.Stix;
import org.tearline.testing.TaxiiClient;
import org.tearline.testing.TestServer;
import org.tearline.testing.Walk;

/**
 * The server process killed with SIGKILL (a crash, an OOM kill, a pulled container) right after
 * it acknowledged a post, or while posts are in flight, then restarted on the same data: what
 * a status reported stored is there, an envelope is stored whole or not at all, and the store
 * opens and takes writes again. One subclass per store.
 */
abstract class CrashContract {

    @TempDir
    Path dir;

    String collection;
    ServerProcess running;

    /** The database URL for --db, or null for the embedded store in the data directory. */
    protected abstract String database();

    /** A direct connection to the store's database, as an operator would open one. */
    protected abstract Connection connect() throws SQLException;

    /**
     * Checks the store's own consistency after crashes, while a restarted server runs: each
     * collection's counters are at or past its rows, so the next writer's positions cannot
     * collide with stored ones. Subclasses add their database's own checks.
     */
    protected void assertStoreIntact(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT c.id,"
                        + " c.last_seq, c.last_added, max(v.seq), max(v.date_added) FROM collection c"
                        + " JOIN object_version v ON v.collection_id = c.id"
                        + " GROUP BY c.id, c.last_seq, c.last_added")) {
            int collections = 0;
            while (rs.next()) {
                collections++;
                assertThat(rs.getLong(2)).as("last_seq of %s", rs.getString(1)).isGreaterThanOrEqualTo(rs.getLong(4));
                assertThat(rs.getLong(3))
                        .as("last_added of %s", rs.getString(1))
                        .isGreaterThanOrEqualTo(rs.getLong(5));
            }
            assertThat(collections).isOne();
        }
    }

    private void assertStoreIntact() {
        try (Connection c = connect()) {
            assertStoreIntact(c);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** Releases the database once no server uses it. */
    protected void closeDatabase() {}

    @BeforeEach
    void prepare() {
        try (Tearline app = Tearline.open(TestServer.config(database()), dir, Clock.systemUTC())) {
            app.accounts().create("writer", TestServer.PASSWORD.toCharArray(), Account.Role.PRODUCER);
            collection = app.collections()
                    .create(
                            null,
                            app.config().taxii().defaultApiRoot(),
                            "survives crashes",
                            null,
                            null,
                            CollectionKind.SOURCE)
                    .id();
            app.accounts().grant("writer", collection, true, true);
        }
    }

    @AfterEach
    void cleanUp() {
        if (running != null) {
            running.killIfAlive();
        }
        closeDatabase();
    }

    private String objectsPath() {
        return "/tearline/collections/" + collection + "/objects/";
    }

    private TaxiiClient writer() {
        return new TaxiiClient(running.base(), TaxiiClient.basic("writer", TestServer.PASSWORD));
    }

    private void restart() {
        running = ServerProcess.start(dir, database());
    }

    @Test
    void objectsAcknowledgedRightBeforeAKillAreThereAfterRestart() {
        Set<String> acknowledged = new HashSet<>();
        Map<String, String> newest = new TreeMap<>();
        List<String> firstRound = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            restart();
            assertThat(listing()).as("after kill %d", round).containsExactlyInAnyOrderElementsOf(acknowledged);
            List<ObjectNode> batch = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String id = Stix.id("indicator");
                batch.add(Stix.indicator(id, "2021-01-01T00:00:00.000Z"));
                if (round == 0) {
                    firstRound.add(id);
                }
            }
            if (round > 0) {
                // New versions of earlier objects: the commit also moves their latest flags.
                for (int i = 0; i < 50; i++) {
                    batch.add(Stix.indicator(firstRound.get(i), String.format("2022-0%d-01T00:00:00.000Z", round)));
                }
            }
            TaxiiClient.Reply posted = writer().post(objectsPath(), Stix.envelope(batch));
            running.kill();
            assertThat(posted.status()).as(posted.body()).isEqualTo(202);
            assertThat(posted.json().get("success_count").asInt()).isEqualTo(batch.size());
            for (ObjectNode o : batch) {
                acknowledged.add(idVersion(o));
                newest.merge(o.get("id").asText(), o.get("modified").asText(), (x, y) -> x.compareTo(y) >= 0 ? x : y);
            }
        }
        restart();
        assertStoreIntact();
        assertThat(listing()).containsExactlyInAnyOrderElementsOf(acknowledged);
        assertThat(latest()).isEqualTo(newest);
    }

    /**
     * Kills the server just after one post was acknowledged while another client's post is in
     * flight: in the first round at once, in the second when the post in flight has run for
     * nine tenths of the time such posts took so far, to land nearer its commit. It may have
     * committed or not; either way its envelope is there whole or not at all, and every
     * acknowledged envelope is there.
     */
    @Test
    void aKillWithPostsInFlightLosesNoAcknowledgedEnvelopeAndHalfStoresNone() throws Exception {
        List<List<String>> acknowledged = new CopyOnWriteArrayList<>();
        List<List<String>> unanswered = new CopyOnWriteArrayList<>();
        List<Long> tookNanos = new CopyOnWriteArrayList<>();
        for (int round = 0; round < 2; round++) {
            restart();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong inFlightSince = new AtomicLong();
            List<Integer> unexpected = new CopyOnWriteArrayList<>();
            Thread background = new Thread(
                    () -> {
                        TaxiiClient client = writer();
                        while (!stop.get()) {
                            List<ObjectNode> batch = indicators(400);
                            long start = System.nanoTime();
                            inFlightSince.set(start);
                            try {
                                TaxiiClient.Reply r = client.post(objectsPath(), Stix.envelope(batch));
                                if (r.status() == 202
                                        && r.json().get("success_count").asInt() == batch.size()) {
                                    acknowledged.add(idVersions(batch));
                                    tookNanos.add(System.nanoTime() - start);
                                } else {
                                    unexpected.add(r.status());
                                    unanswered.add(idVersions(batch));
                                }
                            } catch (UncheckedIOException e) {
                                unanswered.add(idVersions(batch));
                            } finally {
                                inFlightSince.set(0);
                            }
                        }
                    },
                    "background-poster");
            int before = acknowledged.size();
            background.start();
            while (acknowledged.size() < before + 3 && background.isAlive()) {
                Thread.sleep(5);
            }
            List<ObjectNode> last = indicators(20);
            TaxiiClient.Reply posted = writer().post(objectsPath(), Stix.envelope(last));
            long wait = 0;
            if (round > 0) {
                // Late in a typical warm post: the first posts after a restart run on a cold
                // server, and a wait set by them outlasts every warm post.
                int warm = tookNanos.size();
                while (tookNanos.size() < warm + 5 && background.isAlive()) {
                    Thread.sleep(1);
                }
                List<Long> recent = tookNanos.subList(warm, tookNanos.size()).stream()
                        .sorted()
                        .toList();
                wait = recent.isEmpty() ? 0 : recent.get(recent.size() / 2) * 9 / 10;
            }
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (background.isAlive() && System.nanoTime() < giveUp) {
                long since = inFlightSince.get();
                if (since != 0 && System.nanoTime() - since >= wait) {
                    break;
                }
                Thread.onSpinWait();
            }
            stop.set(true);
            running.kill();
            background.join(30_000);
            assertThat(background.isAlive()).isFalse();
            assertThat(unexpected).as("statuses other than 202 before the kill").isEmpty();
            assertThat(posted.status()).isEqualTo(202);
            assertThat(posted.json().get("success_count").asInt()).isEqualTo(last.size());
            acknowledged.add(idVersions(last));
        }
        restart();
        assertStoreIntact();
        List<String> present = listing();
        assertThat(present).doesNotHaveDuplicates();
        Set<String> stored = new HashSet<>(present);
        // Set differences, not AssertJ's containsAll: that compares each value with every
        // element, and a fast server stores a hundred thousand objects before the kill.
        for (List<String> envelope : acknowledged) {
            assertThat(envelope.stream().filter(o -> !stored.contains(o)).toList())
                    .as("objects of an acknowledged envelope missing after restart")
                    .isEmpty();
        }
        Set<String> posted = new HashSet<>();
        acknowledged.forEach(posted::addAll);
        int storedAnyway = 0;
        for (List<String> envelope : unanswered) {
            posted.addAll(envelope);
            long there = envelope.stream().filter(stored::contains).count();
            assertThat(there).as("objects of an envelope in flight at the kill").isIn(0L, (long) envelope.size());
            storedAnyway += there > 0 ? 1 : 0;
        }
        assertThat(stored.stream().filter(o -> !posted.contains(o)).toList())
                .as("objects stored that nobody posted")
                .isEmpty();
        assertThat(unanswered).as("posts cut off by the kills").isNotEmpty();
        System.out.printf(
                "in flight at a kill: %d envelopes, %d of them committed;" + " %d objects stored%n",
                unanswered.size(), storedAnyway, stored.size());

        List<ObjectNode> after = indicators(10);
        TaxiiClient.Reply r = writer().post(objectsPath(), Stix.envelope(after));
        assertThat(r.status()).as("a post after the crashes: %s", r.body()).isEqualTo(202);
        assertThat(r.json().get("success_count").asInt()).isEqualTo(after.size());
        assertThat(listing()).hasSize(present.size() + after.size()).doesNotHaveDuplicates();
    }

    private static List<ObjectNode> indicators(int n) {
        List<ObjectNode> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(Stix.indicator(Stix.id("indicator"), "2021-01-01T00:00:00.000Z"));
        }
        return batch;
    }

    private static String idVersion(JsonNode o) {
        return o.get("id").asText() + "@" + o.get("modified").asText();
    }

    private static List<String> idVersions(List<ObjectNode> batch) {
        return batch.stream().map(CrashContract::idVersion).toList();
    }

    /** id@modified of every version in the collection, in collection order. */
    private List<String> listing() {
        return Walk.idVersions(Walk.pages(List.of(writer()), objectsPath(), Map.of("match[version]", "all"), 1_000));
    }

    /** id to modified of each object's latest version. */
    private Map<String, String> latest() {
        Map<String, String> out = new HashMap<>();
        for (JsonNode o : Walk.items(Walk.pages(List.of(writer()), objectsPath(), Map.of(), 1_000), "objects")) {
            assertThat(out.put(o.get("id").asText(), o.get("modified").asText()))
                    .isNull();
        }
        return new TreeMap<>(out);
    }
}
