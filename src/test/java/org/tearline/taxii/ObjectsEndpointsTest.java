package org.tearline.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tearline.testing.TaxiiAssert.assertTaxii;
import static org.tearline.testing.TaxiiAssert.assertTaxiiError;
import static org.tearline.testing.TaxiiAssert.dateAddedFirst;
import static org.tearline.testing.TaxiiAssert.dateAddedLast;
import static org.tearline.testing.TaxiiAssert.list;
import static org.tearline.testing.TaxiiAssert.micros;
import static org.tearline.testing.TaxiiAssert.texts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.domain.Account;
import org.tearline.stix.StixJson;
import org.tearline.testing.Stix;
import org.tearline.testing.TaxiiClient;
import org.tearline.testing.TestServer;

/**
 * The collection content endpoints: objects (GET, POST), one object (GET, DELETE), its versions,
 * the manifest and status resources; versioning and partial success of a POST.
 */
class ObjectsEndpointsTest {

    static final String V1 = "2021-01-01T00:00:00.000Z";
    static final String V2 = "2021-02-01T00:00:00.000Z";
    static final String V3 = "2021-03-01T00:00:00.000Z";

    @TempDir
    static Path dir;

    static TestServer server;
    static TaxiiClient alice;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir);
        server.user("alice", Account.Role.PRODUCER);
        alice = server.as("alice");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A fresh collection alice may read and write. */
    static String collection() {
        String c = server.collection("objects " + UUID.randomUUID());
        server.grant("alice", c, true, true);
        return c;
    }

    static JsonNode post(String collection, JsonNode... objects) {
        return assertTaxii(alice.post(server.objectsPath(collection), Stix.envelope(objects)), 202);
    }

    @Test
    void postAnswers202WithACompleteStatusResource() {
        String c = collection();
        ObjectNode a = Stix.indicator(Stix.id("indicator"), V1);
        ObjectNode b = Stix.malware(Stix.id("malware"), V2);
        Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);
        JsonNode status = post(c, a, b);
        Instant after = Instant.now();

        assertThat(UUID.fromString(status.path("id").asText())).isNotNull();
        assertThat(status.path("status").asText()).isEqualTo("complete");
        Instant requested = micros(status.path("request_timestamp").asText());
        assertThat(requested).isBetween(before, after);
        assertThat(status.path("total_count").asInt()).isEqualTo(2);
        assertThat(status.path("success_count").asInt()).isEqualTo(2);
        assertThat(status.path("failure_count").asInt()).isZero();
        assertThat(status.path("pending_count").asInt()).isZero();
        assertThat(status.has("failures")).isFalse();
        assertThat(status.has("pendings")).isFalse();
        assertThat(details(status, "successes"))
                .containsExactly(a.get("id").asText() + "@" + V1, b.get("id").asText() + "@" + V2);
    }

    @Test
    void statusResourceIsServedAtItsUrl() {
        String c = collection();
        JsonNode status = post(c, Stix.indicator(Stix.id("indicator"), V1), Stix.indicator("bad-id", V1));
        JsonNode again =
                assertTaxii(alice.get("/tearline/status/" + status.path("id").asText() + "/"), 200);
        assertThat(again).isEqualTo(status);
        assertCountsAddUp(again);
    }

    @Test
    void unknownStatusIsNotFound() {
        assertTaxiiError(alice.get("/tearline/status/" + UUID.randomUUID() + "/"), 404);
        assertTaxiiError(alice.get("/tearline/status/not-a-uuid/"), 404);
    }

    @Test
    void postedObjectsAreServedAsPostedWithTheLatestVersionOfEach() {
        String c = collection();
        String a = Stix.id("indicator");
        String b = Stix.id("malware");
        post(c, Stix.indicator(a, V1));
        ObjectNode a2 = Stix.indicator(a, V2);
        a2.put("name", "second version");
        ObjectNode b1 = Stix.malware(b, V1);
        post(c, a2, b1);

        TaxiiClient.Reply reply = alice.get(server.objectsPath(c));
        JsonNode envelope = assertTaxii(reply, 200);
        assertThat(envelope.path("more").asBoolean()).isFalse();
        assertThat(envelope.has("next")).isFalse();
        assertThat(list(envelope.get("objects"))).containsExactly(a2, b1);
        JsonNode manifest = alice.get(server.manifestPath(c)).json();
        Instant added =
                Instant.parse(manifest.path("objects").get(0).path("date_added").asText());
        assertThat(dateAddedFirst(reply)).isEqualTo(added);
        assertThat(dateAddedLast(reply)).isEqualTo(added);
    }

    @Test
    void objectEndpointServesTheLatestVersionUnlessAskedForMore() {
        String c = collection();
        String a = Stix.id("indicator");
        ObjectNode v1 = Stix.indicator(a, V1);
        ObjectNode v2 = Stix.indicator(a, V2);
        post(c, v1);
        post(c, v2);

        TaxiiClient.Reply latest = alice.get(server.objectPath(c, a));
        assertThat(list(assertTaxii(latest, 200).get("objects"))).containsExactly(v2);
        dateAddedFirst(latest);
        TaxiiClient.Reply all = alice.get(server.objectPath(c, a), Map.of("match[version]", "all"));
        assertThat(list(assertTaxii(all, 200).get("objects"))).containsExactly(v1, v2);
        assertThat(dateAddedFirst(all)).isBefore(dateAddedLast(all));
    }

    @Test
    void unknownOrMalformedObjectIdIsNotFound() {
        String c = collection();
        post(c, Stix.indicator(Stix.id("indicator"), V1));
        for (String id : List.of(
                Stix.id("indicator"),
                "not-an-id",
                "indicator--123",
                "Indicator--" + UUID.randomUUID(),
                "indicator--" + UUID.randomUUID().toString().toUpperCase())) {
            assertTaxiiError(alice.get(server.objectPath(c, id)), 404);
            assertTaxiiError(alice.get(server.objectPath(c, id) + "versions/"), 404);
            assertTaxiiError(alice.delete(server.objectPath(c, id)), 404);
        }
    }

    @Test
    void versionsListsEveryVersionInTheOrderAdded() {
        String c = collection();
        String a = Stix.id("indicator");
        post(c, Stix.indicator(a, V2));
        post(c, Stix.indicator(a, V1), Stix.indicator(a, V3));

        TaxiiClient.Reply reply = alice.get(server.objectPath(c, a) + "versions/");
        JsonNode versions = assertTaxii(reply, 200);
        assertThat(versions.path("more").asBoolean()).isFalse();
        assertThat(texts(versions.get("versions"))).containsExactly(V2, V1, V3);
        assertThat(dateAddedFirst(reply)).isBefore(dateAddedLast(reply));
        // The latest version is the newest modified, not the one added last.
        assertThat(list(alice.get(server.objectPath(c, a)).json().get("objects")))
                .extracting(o -> o.path("modified").asText())
                .containsExactly(V3);
    }

    @Test
    void manifestDescribesEachVersionWithDateAddedAndMediaType() {
        String c = collection();
        String a = Stix.id("indicator");
        String b = Stix.id("tool");
        Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);
        post(c, Stix.indicator(a, V1), Stix.tool(b, V2));
        post(c, Stix.indicator(a, V3));
        Instant after = Instant.now();

        TaxiiClient.Reply reply = alice.get(server.manifestPath(c), Map.of("match[version]", "all"));
        JsonNode manifest = assertTaxii(reply, 200);
        assertThat(manifest.path("more").asBoolean()).isFalse();
        List<String> entries = new ArrayList<>();
        List<Instant> added = new ArrayList<>();
        for (JsonNode e : manifest.get("objects")) {
            entries.add(e.path("id").asText() + "@" + e.path("version").asText());
            added.add(micros(e.path("date_added").asText()));
            assertThat(e.path("media_type").asText()).isEqualTo("application/stix+json;version=2.1");
        }
        assertThat(entries).containsExactly(a + "@" + V1, b + "@" + V2, a + "@" + V3);
        assertThat(added.get(0)).isEqualTo(added.get(1)).isBetween(before, after);
        assertThat(added.get(2)).isAfter(added.get(1)).isBefore(after);
        assertThat(dateAddedFirst(reply)).isEqualTo(added.get(0));
        assertThat(dateAddedLast(reply)).isEqualTo(added.get(2));

        JsonNode latest = alice.get(server.manifestPath(c)).json();
        assertThat(list(latest.get("objects")))
                .extracting(e -> e.path("version").asText())
                .containsExactly(V2, V3);
    }

    @Test
    void emptyCollectionHasEmptyListingsWithTimestampHeaders() {
        String c = collection();
        for (String path : List.of(server.objectsPath(c), server.manifestPath(c))) {
            TaxiiClient.Reply reply = alice.get(path);
            assertTaxii(reply, 200);
            assertThat(reply.body()).isEqualTo("{\"more\":false}");
            assertThat(dateAddedFirst(reply)).isEqualTo(dateAddedLast(reply));
        }
    }

    @Test
    void repostingAnIdenticalVersionStoresNothingNew() {
        String c = collection();
        ObjectNode a = Stix.indicator(Stix.id("indicator"), V1);
        post(c, a);
        JsonNode manifestBefore = alice.get(server.manifestPath(c)).json();

        JsonNode status = post(c, a);
        assertThat(status.path("success_count").asInt()).isEqualTo(1);
        assertThat(status.path("failure_count").asInt()).isZero();
        JsonNode detail = status.get("successes").get(0);
        assertThat(detail.path("id").asText()).isEqualTo(a.get("id").asText());
        assertThat(detail.path("version").asText()).isEqualTo(V1);
        assertThat(detail.path("message").asText()).isEqualTo("this version is already stored");
        assertThat(alice.get(server.manifestPath(c), Map.of("match[version]", "all"))
                        .json())
                .isEqualTo(manifestBefore);
    }

    @Test
    void theSameVersionWithOtherContentIsAFailureAndKeepsTheStoredOne() {
        String c = collection();
        String id = Stix.id("indicator");
        ObjectNode original = Stix.indicator(id, V1);
        post(c, original);
        ObjectNode changed = Stix.indicator(id, V1);
        changed.put("name", "changed without a new modified");
        ObjectNode other = Stix.malware(Stix.id("malware"), V1);

        JsonNode status = post(c, changed, other);
        assertCountsAddUp(status);
        assertThat(status.path("failure_count").asInt()).isEqualTo(1);
        assertThat(status.path("success_count").asInt()).isEqualTo(1);
        JsonNode failure = status.get("failures").get(0);
        assertThat(failure.path("id").asText()).isEqualTo(id);
        assertThat(failure.path("version").asText()).isEqualTo(V1);
        assertThat(failure.path("message").asText())
                .isEqualTo(id + ": [version-conflict] version "
                        + V1 + " is already stored with different content; a changed object needs a new"
                        + " modified timestamp");
        assertThat(list(alice.get(server.objectPath(c, id), Map.of("match[version]", "all"))
                        .json()
                        .get("objects")))
                .containsExactly(original);
        assertThat(list(alice.get(server.objectsPath(c)).json().get("objects"))).containsExactly(original, other);
    }

    @Test
    void oneEnvelopeHoldingAVersionTwiceStoresItOnce() {
        String c = collection();
        String id = Stix.id("indicator");
        ObjectNode v1 = Stix.indicator(id, V1);
        ObjectNode v1Changed = Stix.indicator(id, V1);
        v1Changed.put("name", "other content, same version");
        JsonNode status = post(c, v1, v1, v1Changed, Stix.indicator(id, V2));
        assertCountsAddUp(status);
        assertThat(status.path("total_count").asInt()).isEqualTo(4);
        assertThat(details(status, "successes")).containsExactly(id + "@" + V1, id + "@" + V1, id + "@" + V2);
        assertThat(status.get("successes").get(1).path("message").asText()).isNotBlank();
        assertThat(details(status, "failures")).containsExactly(id + "@" + V1);
        assertThat(list(alice.get(server.objectPath(c, id), Map.of("match[version]", "all"))
                        .json()
                        .get("objects")))
                .containsExactly(v1, Stix.indicator(id, V2));
    }

    @Test
    void aNewModifiedTimestampIsANewVersion() {
        String c = collection();
        String id = Stix.id("malware");
        post(c, Stix.malware(id, V1));
        post(c, Stix.malware(id, "2021-01-01T00:00:00.001Z"));
        assertThat(texts(
                        alice.get(server.objectPath(c, id) + "versions/").json().get("versions")))
                .containsExactly(V1, "2021-01-01T00:00:00.001Z");
    }

    @Test
    void invalidItemsFailWhileTheValidOnesBesideThemAreStored() {
        String c = collection();
        ObjectNode first = Stix.indicator(Stix.id("indicator"), V1);
        ObjectNode last = Stix.malware(Stix.id("malware"), V2);
        ObjectNode noType = Stix.tool(Stix.id("tool"), V1);
        noType.remove("type");
        ObjectNode numericType = Stix.tool(Stix.id("tool"), V1);
        numericType.put("type", 7);
        String body = "{\"objects\":[" + first + ",{\"type\":\"indicator\",\"id\":\"bad-id\"},"
                + "42,\"text\",null,[],{\"type\":\"indicator\"}," + noType + ","
                + numericType + "," + last + "]}";

        JsonNode status = assertTaxii(alice.post(server.objectsPath(c), body), 202);
        assertCountsAddUp(status);
        assertThat(status.path("total_count").asInt()).isEqualTo(10);
        assertThat(status.path("success_count").asInt()).isEqualTo(2);
        assertThat(status.path("failure_count").asInt()).isEqualTo(8);
        for (JsonNode f : status.get("failures")) {
            assertThat(f.path("id").isTextual()).as("id of %s", f).isTrue();
            assertThat(f.path("version").isTextual()).as("version of %s", f).isTrue();
            assertThat(f.path("message").asText()).as("message of %s", f).isNotBlank();
        }
        assertThat(list(status.get("failures")))
                .extracting(f -> f.path("id").asText())
                .contains(
                        "bad-id",
                        noType.get("id").asText(),
                        numericType.get("id").asText());
        assertThat(list(alice.get(server.objectsPath(c)).json().get("objects"))).containsExactly(first, last);
    }

    @Test
    void emptyEnvelopeStoresNothing() {
        String c = collection();
        JsonNode status = post(c);
        assertThat(status.path("total_count").asInt()).isZero();
        assertThat(status.path("success_count").asInt()).isZero();
        assertThat(status.has("successes")).isFalse();
        assertThat(status.has("failures")).isFalse();
        assertThat(alice.get(server.objectsPath(c)).json().has("objects")).isFalse();
    }

    @Test
    void stixBundleWithStixMediaTypeIsAccepted() {
        String c = collection();
        ObjectNode a = Stix.indicator(Stix.id("indicator"), V1);
        String bundle = "{\"type\":\"bundle\",\"id\":\"bundle--" + UUID.randomUUID() + "\",\"objects\":[" + a + "]}";
        JsonNode status = assertTaxii(
                alice.post(
                        server.objectsPath(c),
                        bundle.getBytes(StandardCharsets.UTF_8),
                        "application/stix+json;version=2.1"),
                202);
        assertThat(status.path("success_count").asInt()).isEqualTo(1);
        assertThat(list(alice.get(server.objectsPath(c)).json().get("objects"))).containsExactly(a);
    }

    @Test
    void objectWithoutModifiedOrCreatedIsVersionedByDateAdded() {
        String c = collection();
        ObjectNode address = StixJson.mapper().createObjectNode();
        address.put("type", "ipv4-addr");
        address.put("spec_version", "2.1");
        address.put("id", "ipv4-addr--" + UUID.randomUUID());
        address.put("value", "198.51.100.3");

        JsonNode status = post(c, address);
        JsonNode entry = alice.get(server.manifestPath(c)).json().get("objects").get(0);
        assertThat(Instant.parse(entry.path("version").asText()))
                .isEqualTo(Instant.parse(entry.path("date_added").asText()));
        assertThat(status.get("successes").get(0).path("version").asText())
                .isEqualTo(entry.path("version").asText());

        JsonNode again = post(c, address);
        assertThat(again.get("successes").get(0).path("message").asText()).isNotBlank();
        assertThat(texts(alice.get(server.objectPath(c, address.get("id").asText()) + "versions/")
                        .json()
                        .get("versions")))
                .hasSize(1);
    }

    @Test
    void postsAreDatedInOrderAndOnePostSharesOneDateAdded() {
        String c = collection();
        for (int i = 0; i < 3; i++) {
            post(c, Stix.indicator(Stix.id("indicator"), V1), Stix.indicator(Stix.id("indicator"), V1));
        }
        JsonNode manifest = alice.get(server.manifestPath(c)).json().get("objects");
        List<Instant> added = new ArrayList<>();
        manifest.forEach(e -> added.add(micros(e.path("date_added").asText())));
        assertThat(added).hasSize(6);
        assertThat(added.get(0)).isEqualTo(added.get(1)).isBefore(added.get(2));
        assertThat(added.get(2)).isEqualTo(added.get(3)).isBefore(added.get(4));
        assertThat(added.get(4)).isEqualTo(added.get(5));
    }

    @Test
    void deleteWithoutMatchVersionRemovesEveryVersion() {
        String c = collection();
        String a = Stix.id("indicator");
        ObjectNode keep = Stix.malware(Stix.id("malware"), V1);
        post(c, Stix.indicator(a, V1), keep);
        post(c, Stix.indicator(a, V2));

        TaxiiClient.Reply deleted = alice.delete(server.objectPath(c, a));
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.bytes()).isEmpty();
        assertTaxiiError(alice.get(server.objectPath(c, a)), 404);
        assertTaxiiError(alice.get(server.objectPath(c, a) + "versions/"), 404);
        assertTaxiiError(alice.delete(server.objectPath(c, a)), 404);
        assertThat(list(alice.get(server.manifestPath(c), Map.of("match[version]", "all"))
                        .json()
                        .get("objects")))
                .extracting(e -> e.path("id").asText())
                .containsExactly(keep.get("id").asText());
    }

    @Test
    void deleteWithMatchVersionRemovesOnlyThoseVersions() {
        String c = collection();
        String a = Stix.id("indicator");
        post(c, Stix.indicator(a, V1), Stix.indicator(a, V2), Stix.indicator(a, V3));

        assertThat(alice.delete(server.objectPath(c, a) + "?match%5Bversion%5D=" + V1)
                        .status())
                .isEqualTo(200);
        assertThat(texts(alice.get(server.objectPath(c, a) + "versions/").json().get("versions")))
                .containsExactly(V2, V3);
        // first and last follow the versions that remain
        assertThat(versionsOf(c, a, "first")).containsExactly(V2);
        assertThat(alice.delete(server.objectPath(c, a) + "?match%5Bversion%5D=last")
                        .status())
                .isEqualTo(200);
        assertThat(versionsOf(c, a, "last")).containsExactly(V2);
        assertThat(versionsOf(c, a, "first")).containsExactly(V2);
        assertTaxiiError(alice.delete(server.objectPath(c, a) + "?match%5Bversion%5D=" + V3), 404);
        assertThat(versionsOf(c, a, "all")).containsExactly(V2);
    }

    private static List<String> versionsOf(String c, String id, String match) {
        List<String> out = new ArrayList<>();
        alice.get(server.objectPath(c, id), Map.of("match[version]", match))
                .json()
                .path("objects")
                .forEach(o -> out.add(o.path("modified").asText()));
        return out;
    }

    /** "id@version" of each entry of a status list. */
    static List<String> details(JsonNode status, String name) {
        List<String> out = new ArrayList<>();
        status.path(name)
                .forEach(d ->
                        out.add(d.path("id").asText() + "@" + d.path("version").asText()));
        return out;
    }

    static void assertCountsAddUp(JsonNode status) {
        int successes = status.path("success_count").asInt();
        int failures = status.path("failure_count").asInt();
        int pendings = status.path("pending_count").asInt();
        assertThat(successes + failures + pendings)
                .isEqualTo(status.path("total_count").asInt());
        assertThat(status.path("successes").size()).isEqualTo(successes);
        assertThat(status.path("failures").size()).isEqualTo(failures);
        assertThat(status.path("pendings").size()).isEqualTo(pendings);
        Set<String> kinds = new HashSet<>(List.of("successes", "failures", "pendings"));
        kinds.forEach(k -> assertThat(status.has(k)).isEqualTo(status.path(k).size() > 0));
    }
}
