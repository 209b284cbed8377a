package org.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.audit.AuditService;
import org.tearline.config.TearlineConfig;
import org.tearline.domain.Account;
import org.tearline.stix.StixTimestamp;
import org.tearline.testing.Postgres;
import org.tearline.testing.Stix;
import org.tearline.testing.TaxiiClient;
import org.tearline.testing.TestServer;
import org.tearline.testing.Walk;

/**
 * Two Tearline nodes, each with a data directory of its own, serving one PostgreSQL schema:
 * what one node writes, the other serves, and a client may talk to either at any request
 * (as behind a load balancer without sticky sessions), because everything a node needs lives
 * in the store, except the disclosure record's signing key, which the nodes share as the
 * configuration says they should.
 */
class TwoNodeTest {

    @TempDir
    static Path dir;

    static Postgres.Schema schema;
    static TestServer a;
    static TestServer b;

    @BeforeAll
    static void start() {
        schema = Postgres.freshSchema();
        TearlineConfig config = TestServer.sharingKey(
                TestServer.config(schema.url()), dir.resolve("shared").resolve("audit-signing-key.pem"));
        a = TestServer.start(dir.resolve("node-a"), config);
        b = TestServer.start(dir.resolve("node-b"), config);
        a.user("writer", Account.Role.PRODUCER);
        a.user("reader", Account.Role.PARTNER);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {b, a, schema}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // closing the rest matters more
            }
        }
    }

    /** A new collection made through node A, writable by writer and readable by reader. */
    private static String collection(String title) {
        String c = a.collection(title);
        a.grant("writer", c, true, true);
        a.grant("reader", c, true, false);
        return c;
    }

    private static List<TaxiiClient> readers() {
        return List.of(a.as("reader"), b.as("reader"));
    }

    /** Posts {@code count} new indicators in envelopes of 1,000 through {@code node}. */
    private static List<String> postIndicators(TestServer node, String collection, int count) {
        List<String> ids = new ArrayList<>();
        TaxiiClient writer = node.as("writer");
        for (int start = 0; start < count; start += 1_000) {
            List<ObjectNode> batch = new ArrayList<>();
            for (int i = start; i < Math.min(count, start + 1_000); i++) {
                String id = Stix.id("indicator");
                ids.add(id);
                batch.add(Stix.indicator(id, "2021-01-01T00:00:00.000Z"));
            }
            TaxiiClient.Reply r = writer.post(node.objectsPath(collection), Stix.envelope(batch));
            assertThat(r.status()).as(r.body()).isEqualTo(202);
            assertThat(r.json().get("success_count").asInt()).isEqualTo(batch.size());
        }
        return ids;
    }

    @Test
    void anEnvelopePostedToOneNodeIsServedByTheOther() {
        String c = collection("written on A");
        String malware = Stix.id("malware");
        String tool = Stix.id("tool");
        TaxiiClient.Reply posted = a.as("writer")
                .post(
                        a.objectsPath(c),
                        Stix.envelope(
                                Stix.malware(malware, "2022-01-01T00:00:00.000Z"),
                                Stix.malware(malware, "2022-06-01T00:00:00.000Z"),
                                Stix.tool(tool, "2022-01-01T00:00:00.000Z")));
        assertThat(posted.status()).isEqualTo(202);
        assertThat(posted.json().get("success_count").asInt()).isEqualTo(3);

        TaxiiClient onB = b.as("reader");
        TaxiiClient.Reply objects = onB.get(b.objectsPath(c));
        assertThat(objects.status()).isEqualTo(200);
        assertThat(objects.json().get("objects"))
                .extracting(o -> o.get("id").asText() + "@" + o.get("modified").asText())
                .containsExactlyInAnyOrder(malware + "@2022-06-01T00:00:00.000Z", tool + "@2022-01-01T00:00:00.000Z");

        TaxiiClient.Reply one = onB.get(b.objectPath(c, malware), Map.of("match[version]", "all"));
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("objects"))
                .extracting(o -> o.get("modified").asText())
                .containsExactly("2022-01-01T00:00:00.000Z", "2022-06-01T00:00:00.000Z");

        TaxiiClient.Reply manifest = onB.get(b.manifestPath(c));
        assertThat(manifest.status()).isEqualTo(200);
        assertThat(manifest.json().get("objects"))
                .extracting(o -> o.get("id").asText())
                .containsExactlyInAnyOrder(malware, tool);

        TaxiiClient.Reply versions = onB.get(b.objectPath(c, malware) + "versions/");
        assertThat(versions.status()).isEqualTo(200);
        assertThat(versions.json().get("versions"))
                .extracting(JsonNode::asText)
                .containsExactly("2022-01-01T00:00:00.000Z", "2022-06-01T00:00:00.000Z");
    }

    @Test
    void aClientPagingAlternatelyBetweenNodesSeesEveryObjectExactlyOnce() {
        String c = collection("paged across nodes");
        List<String> posted = postIndicators(a, c, 4_000);

        // 333 a page splits the 1,000-object envelopes, which share one date_added each.
        List<TaxiiClient.Reply> pages = Walk.pages(readers(), a.objectsPath(c), Map.of(), 333);
        List<String> seen = Walk.items(pages, "objects").stream()
                .map(o -> o.get("id").asText())
                .toList();
        assertThat(pages).hasSize(13);
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(posted);

        List<String> manifest = Walk.items(Walk.pages(readers(), a.manifestPath(c), Map.of(), 333), "objects").stream()
                .map(o -> o.get("id").asText())
                .toList();
        assertThat(manifest).as("the manifest pages in the same order").containsExactlyElementsOf(seen);
    }

    @Test
    void aNextTokenFromOneNodeResumesTheSameQueryOnTheOther() {
        String c = collection("filtered across nodes");
        postIndicators(a, c, 50);
        List<String> malware = new ArrayList<>();
        List<ObjectNode> batch = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String id = Stix.id("malware");
            malware.add(id);
            batch.add(Stix.malware(id, "2022-01-01T00:00:00.000Z"));
        }
        assertThat(a.as("writer").post(a.objectsPath(c), Stix.envelope(batch)).status())
                .isEqualTo(202);
        postIndicators(a, c, 50);

        List<String> seen = Walk.items(
                        Walk.pages(
                                List.of(b.as("reader"), a.as("reader")),
                                a.objectsPath(c),
                                Map.of("match[type]", "malware"),
                                7),
                        "objects")
                .stream()
                .map(o -> o.get("id").asText())
                .toList();
        assertThat(seen).containsExactlyElementsOf(malware);
    }

    @Test
    void aStatusCreatedOnOneNodeIsServedByTheOther() {
        String c = collection("status across nodes");
        String id = Stix.id("indicator");
        TaxiiClient.Reply posted = a.as("writer")
                .post(
                        a.objectsPath(c),
                        Stix.envelope(
                                Stix.indicator(id, "2021-01-01T00:00:00.000Z"),
                                Stix.indicator(id, "2021-01-01T00:00:00.000Z")));
        assertThat(posted.status()).isEqualTo(202);
        String statusId = posted.json().get("id").asText();

        TaxiiClient.Reply status = b.as("writer").get(b.root() + "status/" + statusId + "/");
        assertThat(status.status()).as(status.body()).isEqualTo(200);
        JsonNode s = status.json();
        assertThat(s.get("id").asText()).isEqualTo(statusId);
        assertThat(s.get("status").asText()).isEqualTo("complete");
        assertThat(s.get("total_count").asInt()).isEqualTo(2);
        assertThat(s.get("success_count").asInt()).isEqualTo(2);
        assertThat(s.get("successes")).extracting(d -> d.get("id").asText()).containsExactly(id, id);
        assertThat(s).isEqualTo(posted.json());
        assertThat(b.as("reader").get(b.root() + "status/" + statusId + "/").status())
                .as("someone else's status is not found, on the other node too")
                .isEqualTo(404);
    }

    @Test
    void usersTokensAndPasswordsSetThroughOneNodeTakeEffectOnTheOther() {
        a.user("newcomer", Account.Role.PARTNER);
        String token = a.token("newcomer");
        String c = collection("for the newcomer");
        a.grant("newcomer", c, true, false);

        assertThat(b.as("newcomer").get(b.objectsPath(c)).status()).isEqualTo(200);
        assertThat(b.withToken(token).get(b.objectsPath(c)).status()).isEqualTo(200);

        // B has now remembered the password check; a change made through A still counts at once.
        String changed = "another long enough password";
        a.app().accounts().setPassword("newcomer", changed.toCharArray());
        assertThat(b.as("newcomer").get(b.objectsPath(c)).status()).isEqualTo(401);
        TaxiiClient withNewPassword = new TaxiiClient(b.base(), TaxiiClient.basic("newcomer", changed));
        assertThat(withNewPassword.get(b.objectsPath(c)).status()).isEqualTo(200);
    }

    @Test
    void aCollectionCreatedOnEitherNodeIsListedOnTheOther() {
        b.user("lister", Account.Role.PARTNER);
        String onB = b.collection("made on B");
        b.grant("lister", onB, true, false);
        String onA = a.collection("made on A");
        a.grant("lister", onA, true, false);

        for (TestServer node : List.of(a, b)) {
            TaxiiClient.Reply list = node.as("lister").get(node.root() + "collections/");
            assertThat(list.status()).isEqualTo(200);
            assertThat(list.json().get("collections"))
                    .extracting(x -> x.get("id").asText())
                    .containsExactlyInAnyOrder(onA, onB);
        }
    }

    @Test
    void checkpointsSignedOnEitherNodeVerifyOnBoth() {
        a.user("audited-on-a", Account.Role.PARTNER);
        a.app().audit().checkpoint();
        b.user("audited-on-b", Account.Role.PARTNER);
        b.app().audit().checkpoint();

        assertThat(b.app().audit().key().keyId())
                .isEqualTo(a.app().audit().key().keyId());
        for (TestServer node : List.of(a, b)) {
            AuditService.Verification v = node.app().audit().verify(Map.of());
            assertThat(v.intact()).as(v.problem()).isTrue();
            assertThat(v.checkpoints()).isGreaterThanOrEqualTo(2);
        }
    }

    /**
     * Two writers on each node post new objects and new versions into one collection while a
     * reader polls it, alternating nodes page by page: with next tokens to the end of the
     * listing, then with added_after from the last date_added it saw, as TAXII clients poll.
     * Positions (date_added, seq) are handed out under the collection's row lock, so each
     * commit lands after everything committed before it, whichever node made it: what the
     * reader saw, in order, is exactly the start of the final listing.
     */
    @Test
    void concurrentPostsToBothNodesKeepEveryVersionOnceInOneOrder() throws Exception {
        String c = collection("written by both nodes at once");
        List<String> seeded = postIndicators(a, c, 1_000);
        Map<String, String> expected = new ConcurrentHashMap<>();
        seeded.forEach(id -> expected.put(id + "@2021-01-01T00:00:00.000Z", id));

        // Each writer posts at least 10 envelopes, and goes on until the reader has polled
        // three times, so the polls overlap the writes however the threads are scheduled.
        int writers = 4;
        int envelopes = 10;
        AtomicInteger polls = new AtomicInteger();
        AtomicBoolean readerDone = new AtomicBoolean();
        AtomicInteger posted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Integer> refused = new CopyOnWriteArrayList<>();
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            TestServer node = writer % 2 == 0 ? a : b;
            running.add(pool.submit(() -> {
                TaxiiClient client = node.as("writer");
                for (int e = 0; e < 100 && !readerDone.get() && (e < envelopes || polls.get() < 3); e++) {
                    List<ObjectNode> batch = new ArrayList<>();
                    for (int i = 0; i < 40; i++) {
                        String id = Stix.id("malware");
                        batch.add(Stix.malware(id, "2022-01-01T00:00:00.000Z"));
                    }
                    for (int i = 0; i < 10; i++) {
                        // New versions of seeded objects, a distinct timestamp for each.
                        String id = seeded.get(((writer * 100 + e) * 10 + i) % seeded.size());
                        batch.add(Stix.indicator(
                                id,
                                StixTimestamp.format(Instant.parse("2023-01-01T00:00:00Z")
                                        .plusMillis(writer * 1_000 + e * 10 + i))));
                    }
                    TaxiiClient.Reply r = client.post(node.objectsPath(c), Stix.envelope(batch));
                    if (r.status() != 202 || r.json().get("success_count").asInt() != batch.size()) {
                        refused.add(r.status());
                        continue;
                    }
                    posted.incrementAndGet();
                    for (ObjectNode o : batch) {
                        expected.put(
                                o.get("id").asText() + "@" + o.get("modified").asText(),
                                o.get("id").asText());
                    }
                }
            }));
        }
        pool.shutdown();

        Map<String, String> all = Map.of("match[version]", "all");
        List<String> polled = new ArrayList<>();
        String lastAdded = null;
        try {
            boolean writing = true;
            while (writing) {
                writing = !pool.isTerminated();
                Map<String, String> filters = new LinkedHashMap<>(all);
                if (lastAdded != null) {
                    filters.put("added_after", lastAdded);
                }
                List<TaxiiClient.Reply> pages = Walk.pages(
                        polls.get() % 2 == 0 ? readers() : List.of(b.as("reader"), a.as("reader")),
                        a.objectsPath(c),
                        filters,
                        97);
                polls.incrementAndGet();
                polled.addAll(Walk.idVersions(pages));
                lastAdded = pages.get(pages.size() - 1)
                        .header("X-TAXII-Date-Added-Last")
                        .orElse(lastAdded);
            }
        } finally {
            readerDone.set(true);
        }
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        for (Future<?> f : running) {
            f.get();
        }
        assertThat(refused).as("statuses of refused or partly failed posts").isEmpty();

        List<String> last = Walk.idVersions(Walk.pages(readers(), a.objectsPath(c), all, 997));
        assertThat(last)
                .as("every version once")
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        assertThat(polled)
                .as("what the reader saw while they wrote is the final listing")
                .containsExactlyElementsOf(last);

        List<JsonNode> manifest = Walk.items(Walk.pages(readers(), a.manifestPath(c), all, 500), "objects");
        List<String> dateAdded =
                manifest.stream().map(m -> m.get("date_added").asText()).toList();
        List<String> sorted = new ArrayList<>(dateAdded);
        Collections.sort(sorted);
        assertThat(dateAdded)
                .as("date_added never goes back in collection order")
                .containsExactlyElementsOf(sorted);
        Map<String, Set<String>> envelopesPerDate = new HashMap<>();
        for (JsonNode m : manifest) {
            envelopesPerDate
                    .computeIfAbsent(m.get("date_added").asText(), k -> new HashSet<>())
                    .add(m.get("id").asText());
        }
        assertThat(envelopesPerDate)
                .as("one date_added per envelope, never shared")
                .hasSize(1 + posted.get());

        Map<String, String> latest = new HashMap<>();
        for (JsonNode o : Walk.items(Walk.pages(readers(), a.objectsPath(c), Map.of(), 997), "objects")) {
            assertThat(latest.put(o.get("id").asText(), o.get("modified").asText()))
                    .as("one latest version of %s", o.get("id").asText())
                    .isNull();
        }
        Map<String, String> newest = new HashMap<>();
        expected.forEach((idVersion, id) -> newest.merge(
                id, idVersion.substring(idVersion.indexOf('@') + 1), (x, y) -> x.compareTo(y) >= 0 ? x : y));
        assertThat(latest).isEqualTo(newest);
    }
}
