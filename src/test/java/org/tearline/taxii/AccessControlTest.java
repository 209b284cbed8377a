package org.tearline.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tearline.testing.TaxiiAssert.assertTaxii;
import static org.tearline.testing.TaxiiAssert.assertTaxiiError;
import static org.tearline.testing.TaxiiAssert.list;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.domain.Account;
import org.tearline.testing.Stix;
import org.tearline.testing.TaxiiClient;
import org.tearline.testing.TestServer;

/**
 * Grants over TAXII: read, write, both or none. A user never learns of a collection it cannot
 * read: it is answered exactly like a collection that does not exist.
 */
class AccessControlTest {

    @TempDir
    static Path dir;

    static TestServer server;
    static TaxiiClient owner;
    static TaxiiClient reader;
    static TaxiiClient writer;
    static TaxiiClient stranger;

    String collection;
    ObjectNode stored;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir);
        for (String user : List.of("owner", "reader", "writer", "stranger")) {
            server.user(user, Account.Role.PARTNER);
        }
        owner = server.as("owner");
        reader = server.as("reader");
        writer = server.as("writer");
        stranger = server.as("stranger");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void collectionWithOneObject() {
        collection = server.collection("guarded");
        server.grant("owner", collection, true, true);
        server.grant("reader", collection, true, false);
        server.grant("writer", collection, false, true);
        stored = Stix.indicator(Stix.id("indicator"), "2021-01-01T00:00:00.000Z");
        assertTaxii(owner.post(server.objectsPath(collection), Stix.envelope(stored)), 202);
    }

    @Test
    void hidesUnreadableCollectionFromList() {
        assertThat(ids(stranger)).doesNotContain(collection);
        assertThat(ids(writer)).doesNotContain(collection);
        assertThat(ids(reader)).contains(collection);
        assertThat(ids(owner)).contains(collection);
    }

    @Test
    void collectionResourceReflectsTheGrant() {
        JsonNode r = assertTaxii(reader.get(server.collectionPath(collection)), 200);
        assertThat(r.path("can_read").asBoolean()).isTrue();
        assertThat(r.path("can_write").asBoolean()).isFalse();
        JsonNode o = assertTaxii(owner.get(server.collectionPath(collection)), 200);
        assertThat(o.path("can_read").asBoolean()).isTrue();
        assertThat(o.path("can_write").asBoolean()).isTrue();
    }

    @Test
    void strangerIsAnsweredEverywhereAsIfTheCollectionDidNotExist() {
        String missing = UUID.randomUUID().toString();
        String objectId = stored.get("id").asText();
        for (Function<String, TaxiiClient.Reply> request : requestsTo(objectId)) {
            TaxiiClient.Reply hidden = request.apply(collection);
            TaxiiClient.Reply absent = request.apply(missing);
            assertTaxiiError(hidden, 404);
            assertTaxiiError(absent, 404);
            assertThat(hidden.body().replace(collection, "C"))
                    .isEqualTo(absent.body().replace(missing, "C"));
        }
        assertContentIsJust(stored);
    }

    /** Every request a stranger could try on a collection, given its id. */
    private List<Function<String, TaxiiClient.Reply>> requestsTo(String objectId) {
        String envelope = Stix.envelope(Stix.malware(Stix.id("malware"), "2021-01-01T00:00:00.000Z"));
        List<Function<String, TaxiiClient.Reply>> requests = new ArrayList<>();
        requests.add(c -> stranger.get(server.collectionPath(c)));
        requests.add(c -> stranger.get(server.objectsPath(c)));
        requests.add(c -> stranger.post(server.objectsPath(c), envelope));
        requests.add(c -> stranger.get(server.objectPath(c, objectId)));
        requests.add(c -> stranger.delete(server.objectPath(c, objectId)));
        requests.add(c -> stranger.get(server.objectPath(c, objectId) + "versions/"));
        requests.add(c -> stranger.get(server.manifestPath(c)));
        return requests;
    }

    @Test
    void readerCannotPost() {
        TaxiiClient.Reply reply = reader.post(
                server.objectsPath(collection),
                Stix.envelope(Stix.malware(Stix.id("malware"), "2021-01-01T00:00:00.000Z")));
        assertTaxiiError(reply, 403);
        assertContentIsJust(stored);
    }

    @Test
    void readerCannotDelete() {
        assertTaxiiError(
                reader.delete(server.objectPath(collection, stored.get("id").asText())), 403);
        assertContentIsJust(stored);
    }

    @Test
    void readerReadsEveryEndpoint() {
        String id = stored.get("id").asText();
        assertThat(list(assertTaxii(reader.get(server.objectsPath(collection)), 200)
                        .get("objects")))
                .containsExactly(stored);
        assertTaxii(reader.get(server.objectPath(collection, id)), 200);
        assertTaxii(reader.get(server.objectPath(collection, id) + "versions/"), 200);
        assertTaxii(reader.get(server.manifestPath(collection)), 200);
    }

    @Test
    void writeOnlyGrantPostsButReadsNothing() {
        ObjectNode added = Stix.malware(Stix.id("malware"), "2021-01-01T00:00:00.000Z");
        JsonNode status = assertTaxii(writer.post(server.objectsPath(collection), Stix.envelope(added)), 202);
        assertThat(status.path("success_count").asInt()).isEqualTo(1);
        assertContentIsJust(stored, added);

        String id = added.get("id").asText();
        assertTaxiiError(writer.get(server.collectionPath(collection)), 404);
        assertTaxiiError(writer.get(server.objectsPath(collection)), 404);
        assertTaxiiError(writer.get(server.objectPath(collection, id)), 404);
        assertTaxiiError(writer.get(server.objectPath(collection, id) + "versions/"), 404);
        assertTaxiiError(writer.get(server.manifestPath(collection)), 404);
        assertTaxiiError(writer.delete(server.objectPath(collection, id)), 404);
        assertContentIsJust(stored, added);
        // Its own status resource it may read.
        assertTaxii(writer.get(server.root() + "status/" + status.path("id").asText() + "/"), 200);
    }

    @Test
    void ownerDeletes() {
        assertThat(owner.delete(server.objectPath(collection, stored.get("id").asText()))
                        .status())
                .isEqualTo(200);
        assertContentIsJust();
    }

    @Test
    void statusIsReadableByItsOwnerAndWritersOfTheCollectionOnly() {
        JsonNode status = assertTaxii(
                owner.post(
                        server.objectsPath(collection),
                        Stix.envelope(Stix.tool(Stix.id("tool"), "2021-01-01T00:00:00.000Z"))),
                202);
        String id = status.path("id").asText();
        String path = server.root() + "status/" + id + "/";
        assertThat(assertTaxii(owner.get(path), 200)).isEqualTo(status);
        assertThat(assertTaxii(writer.get(path), 200)).isEqualTo(status);

        String missing = UUID.randomUUID().toString();
        TaxiiClient.Reply absent = owner.get(server.root() + "status/" + missing + "/");
        for (TaxiiClient client : List.of(reader, stranger)) {
            TaxiiClient.Reply hidden = client.get(path);
            assertTaxiiError(hidden, 404);
            assertThat(hidden.body().replace(id, "S")).isEqualTo(absent.body().replace(missing, "S"));
        }
    }

    @Test
    void grantChangesTakeEffectAtOnce() {
        ObjectNode added = Stix.malware(Stix.id("malware"), "2021-01-01T00:00:00.000Z");
        server.grant("reader", collection, true, true);
        assertTaxii(reader.post(server.objectsPath(collection), Stix.envelope(added)), 202);
        server.grant("reader", collection, false, false);
        assertTaxiiError(reader.get(server.objectsPath(collection)), 404);
        assertThat(ids(reader)).doesNotContain(collection);
        assertContentIsJust(stored, added);
    }

    private static List<String> ids(TaxiiClient client) {
        List<String> out = new ArrayList<>();
        assertTaxii(client.get(server.root() + "collections/"), 200)
                .path("collections")
                .forEach(c -> out.add(c.path("id").asText()));
        return out;
    }

    /** Every version in the collection is one of {@code objects}, in that order. */
    private void assertContentIsJust(ObjectNode... objects) {
        JsonNode all = owner.get(server.objectsPath(collection), Map.of("match[version]", "all"))
                .json();
        assertThat(list(all.get("objects"))).containsExactly(objects);
    }
}
