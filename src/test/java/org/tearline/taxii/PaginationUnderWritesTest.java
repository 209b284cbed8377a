package org.tearline.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.domain.Account;
import org.tearline.testing.Stix;
import org.tearline.testing.TaxiiClient;
import org.tearline.testing.TestServer;

/**
 * Paging through tens of thousands of objects while other clients write: envelopes of 1,000
 * share one date_added each (the case that breaks date-based paging), pages are an odd size so
 * they split those groups, and a writer keeps adding objects and new versions between pages.
 */
class PaginationUnderWritesTest {

    private static final int ENVELOPES = 25;
    private static final int PER_ENVELOPE = 1_000;
    private static final int PAGE = 997;

    @TempDir
    static Path dir;

    static TestServer server;
    /** Each test pages its own collection, so one test's writes cannot disturb another. */
    String collection;

    List<String> preexisting = new ArrayList<>();

    @BeforeAll
    static void start() {
        server = TestServer.start(dir);
        server.user("reader", Account.Role.PARTNER);
        server.user("writer", Account.Role.PRODUCER);
    }

    @org.junit.jupiter.api.BeforeEach
    void fill() {
        collection = server.collection("paging");
        server.grant("reader", collection, true, false);
        server.grant("writer", collection, true, true);
        TaxiiClient writer = server.as("writer");
        for (int e = 0; e < ENVELOPES; e++) {
            List<ObjectNode> batch = new ArrayList<>();
            for (int i = 0; i < PER_ENVELOPE; i++) {
                String id = Stix.id("indicator");
                preexisting.add(id);
                batch.add(Stix.indicator(id, "2021-01-01T00:00:00.000Z"));
            }
            TaxiiClient.Reply r = writer.post(objectsPath(), Stix.envelope(batch));
            assertThat(r.status()).isEqualTo(202);
            assertThat(r.json().get("success_count").asInt()).isEqualTo(PER_ENVELOPE);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    String objectsPath() {
        return server.root() + "collections/" + collection + "/objects/";
    }

    @Test
    void pagingSeesEveryObjectOnceWhileNewObjectsArrive() throws Exception {
        List<String> added = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            TaxiiClient w = server.as("writer");
            while (!stop.get()) {
                List<ObjectNode> batch = new ArrayList<>();
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    String id = Stix.id("malware");
                    ids.add(id);
                    batch.add(Stix.malware(id, "2022-01-01T00:00:00.000Z"));
                }
                if (w.post(objectsPath(), Stix.envelope(batch)).status() == 202) {
                    added.addAll(ids);
                }
            }
        });
        writer.start();
        List<String> seen;
        try {
            seen = readAll(Map.of());
        } finally {
            stop.set(true);
            writer.join();
        }
        assertThat(new HashSet<>(seen)).as("no object repeated").hasSameSizeAs(seen);
        assertThat(seen).as("no pre-existing object skipped").containsAll(preexisting);
        // Objects written during the walk sort after every earlier position, so what the
        // reader saw of them is a prefix of the order they were committed in.
        List<String> seenNew = seen.stream().filter(added::contains).toList();
        assertThat(seenNew).isEqualTo(added.subList(0, seenNew.size()));
        assertThat(seenNew).as("the writer was running while the reader paged").isNotEmpty();
    }

    @Test
    void pagingWithAllVersionsNeverRepeatsAVersionWhileNewVersionsArrive() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            TaxiiClient w = server.as("writer");
            int round = 0;
            while (!stop.get()) {
                round++;
                List<ObjectNode> batch = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    String id = preexisting.get((round * 50 + i) % preexisting.size());
                    batch.add(Stix.indicator(id, String.format("2023-01-01T00:00:%02d.%03dZ", round % 60, i)));
                }
                w.post(objectsPath(), Stix.envelope(batch));
            }
        });
        writer.start();
        List<String> versions;
        try {
            versions = readAll(Map.of("match[version]", "all"));
        } finally {
            stop.set(true);
            writer.join();
        }
        assertThat(new HashSet<>(versions)).as("no (id, version) repeated").hasSameSizeAs(versions);
        Set<String> ids = new HashSet<>();
        versions.forEach(v -> ids.add(v.substring(0, v.indexOf('@'))));
        assertThat(ids).containsAll(preexisting);
    }

    /** Walks all pages; returns ids (or id@version with match[version]) in order. */
    private List<String> readAll(Map<String, String> filters) {
        TaxiiClient reader = server.as("reader");
        boolean withVersions = filters.containsKey("match[version]");
        List<String> seen = new ArrayList<>();
        String next = null;
        String lastHeader = null;
        do {
            Map<String, String> params = new LinkedHashMap<>(filters);
            params.put("limit", Integer.toString(PAGE));
            if (next != null) {
                params.put("next", next);
            }
            TaxiiClient.Reply page = reader.get(objectsPath(), params);
            assertThat(page.status()).isEqualTo(200);
            String first = page.header("X-TAXII-Date-Added-First").orElseThrow();
            if (lastHeader != null) {
                assertThat(first).as("pages are in date_added order").isGreaterThanOrEqualTo(lastHeader);
            }
            lastHeader = page.header("X-TAXII-Date-Added-Last").orElseThrow();
            JsonNode body = page.json();
            for (JsonNode o : body.path("objects")) {
                seen.add(
                        withVersions
                                ? o.get("id").asText() + "@" + o.get("modified").asText()
                                : o.get("id").asText());
            }
            next = body.path("more").asBoolean() ? body.get("next").asText() : null;
        } while (next != null);
        return seen;
    }
}
