package org.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.domain.Account;
import org.tearline.testing.Stix;
import org.tearline.testing.TaxiiClient;
import org.tearline.testing.TestServer;
import org.tearline.testing.Walk;

/**
 * Many clients posting overlapping envelopes over HTTP at once: the same object versions in
 * several envelopes at the same moment, and new versions arriving out of order. One subclass
 * per store supplies the servers (one node, or several on one database).
 */
abstract class ConcurrentIngestContract {

    /** Client threads posting at once. */
    static final int CLIENTS = 8;

    static final int OBJECTS = 150;
    static final int VERSIONS = 3;
    static final int PER_ENVELOPE = 45;

    @TempDir
    Path dir;

    final List<TestServer> started = new ArrayList<>();

    /** {@code nodes} servers on one fresh database, with users writer and reader. */
    protected abstract List<TestServer> start(Path dir, int nodes);

    @AfterEach
    void stop() {
        Collections.reverse(started);
        started.forEach(TestServer::close);
        closeDatabase();
    }

    /** Releases the database once the servers are closed. */
    protected void closeDatabase() {}

    @Test
    void overlappingEnvelopesFromManyClientsLeaveExactlyOneCopyOfEachVersion() throws Exception {
        ingestFromManyClients(1);
    }

    /**
     * Every client posts every (id, version) of a set of objects, in an order of its own, in
     * envelopes that mix them; all clients start together through the nodes in turn.
     */
    protected void ingestFromManyClients(int nodes) throws Exception {
        List<TestServer> servers = start(dir, nodes);
        started.addAll(servers);
        TestServer first = servers.get(0);
        String c = first.collection("posted at once");
        first.grant("writer", c, true, true);
        first.grant("reader", c, true, false);

        List<ObjectNode> universe = new ArrayList<>();
        Map<String, String> newest = new TreeMap<>();
        Map<String, String> oldest = new TreeMap<>();
        for (int n = 0; n < OBJECTS; n++) {
            String type = List.of("indicator", "malware", "tool").get(n % 3);
            String id = Stix.id(type);
            for (int v = 0; v < VERSIONS; v++) {
                String modified = String.format("2024-03-%02dT09:00:00.%03dZ", 1 + v, n % 1000);
                universe.add(Stix.object(type, id, modified));
                newest.merge(id, modified, (x, y) -> x.compareTo(y) >= 0 ? x : y);
                oldest.merge(id, modified, (x, y) -> x.compareTo(y) <= 0 ? x : y);
            }
        }

        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<JsonNode>>> clients = new ArrayList<>();
        for (int k = 0; k < CLIENTS; k++) {
            TestServer node = servers.get(k % servers.size());
            List<ObjectNode> mine = new ArrayList<>(universe);
            Collections.shuffle(mine, new Random(k));
            clients.add(pool.submit(() -> {
                TaxiiClient client = node.as("writer");
                List<JsonNode> statuses = new ArrayList<>();
                go.await();
                for (int i = 0; i < mine.size(); i += PER_ENVELOPE) {
                    List<ObjectNode> batch = mine.subList(i, Math.min(mine.size(), i + PER_ENVELOPE));
                    TaxiiClient.Reply r = client.post(node.objectsPath(c), Stix.envelope(batch));
                    assertThat(r.status()).as("%s", r.body()).isEqualTo(202);
                    JsonNode status = r.json();
                    assertThat(status.get("total_count").asInt()).isEqualTo(batch.size());
                    assertThat(status.get("success_count").asInt())
                            .as("%s", status)
                            .isEqualTo(batch.size());
                    assertThat(status.path("failure_count").asInt()).isZero();
                    assertThat(status.path("pending_count").asInt()).isZero();
                    assertThat(status.get("successes"))
                            .extracting(s -> s.get("id").asText() + "@"
                                    + s.get("version").asText())
                            .containsExactlyInAnyOrderElementsOf(batch.stream()
                                    .map(o -> o.get("id").asText() + "@"
                                            + o.get("modified").asText())
                                    .toList());
                    statuses.add(status);
                }
                return statuses;
            }));
        }
        go.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        // Among all the statuses, each version was stored once; every other post of it was
        // told it was already stored.
        Map<String, Integer> storedTimes = new HashMap<>();
        Map<String, Integer> postedTimes = new HashMap<>();
        for (Future<List<JsonNode>> f : clients) {
            for (JsonNode status : f.get()) {
                for (JsonNode s : status.get("successes")) {
                    String key = s.get("id").asText() + "@" + s.get("version").asText();
                    postedTimes.merge(key, 1, Integer::sum);
                    if (!s.has("message")) {
                        storedTimes.merge(key, 1, Integer::sum);
                    } else {
                        assertThat(s.get("message").asText()).contains("already stored");
                    }
                }
            }
        }
        assertThat(postedTimes)
                .hasSize(OBJECTS * VERSIONS)
                .allSatisfy((k, times) -> assertThat(times).isEqualTo(CLIENTS));
        assertThat(storedTimes)
                .as("times each version was reported newly stored")
                .hasSize(OBJECTS * VERSIONS)
                .allSatisfy((k, times) -> assertThat(times).isOne());

        List<TaxiiClient> readers = servers.stream().map(s -> s.as("reader")).toList();
        List<String> all =
                Walk.idVersions(Walk.pages(readers, first.objectsPath(c), Map.of("match[version]", "all"), 101));
        assertThat(all)
                .as("every version exactly once")
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(universe.stream()
                        .map(o -> o.get("id").asText() + "@" + o.get("modified").asText())
                        .toList());

        assertThat(versionsOf(readers, first.objectsPath(c), "last"))
                .as("the latest version of each object")
                .isEqualTo(newest);
        assertThat(versionsOf(readers, first.objectsPath(c), "first"))
                .as("the first version of each object")
                .isEqualTo(oldest);
    }

    /** id to modified of each object listed with {@code match[version]}, one entry per id. */
    private static Map<String, String> versionsOf(List<TaxiiClient> readers, String path, String selector) {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode o : Walk.items(Walk.pages(readers, path, Map.of("match[version]", selector), 101), "objects")) {
            assertThat(out.put(o.get("id").asText(), o.get("modified").asText()))
                    .as("%s listed twice with match[version]=%s", o.get("id"), selector)
                    .isNull();
        }
        return out;
    }

    /** Creates the users every test uses, through one node. */
    static void users(TestServer node) {
        node.user("writer", Account.Role.PRODUCER);
        node.user("reader", Account.Role.PARTNER);
    }
}
