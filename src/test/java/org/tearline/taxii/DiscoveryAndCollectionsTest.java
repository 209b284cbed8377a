package org.tearline.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tearline.testing.TaxiiAssert.assertTaxii;
import static org.tearline.testing.TaxiiAssert.assertTaxiiError;
import static org.tearline.testing.TaxiiAssert.texts;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.domain.Account;
import org.tearline.domain.ApiRoot;
import org.tearline.domain.CollectionKind;
import org.tearline.testing.Stix;
import org.tearline.testing.TaxiiClient;
import org.tearline.testing.TestServer;

/** Discovery, API roots and the collection resources (TAXII 2.1 sections 4.1, 4.2, 5.1, 5.2). */
class DiscoveryAndCollectionsTest {

    @TempDir
    static Path dir;

    static TestServer server;
    static TaxiiClient alice;
    static String readWrite;
    static String readOnly;
    static String writeOnly;
    static String noGrant;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir);
        server.app().collections().putApiRoot(new ApiRoot("partners", "Partners", "Partner exchange", 2_048));
        server.user("alice", Account.Role.PARTNER);
        server.user("carol", Account.Role.PARTNER);
        readWrite = server.app()
                .collections()
                .create(null, "tearline", "Warnings", "Released warnings", "warnings", CollectionKind.SOURCE)
                .id();
        readOnly = server.collection("Read only");
        writeOnly = server.collection("Write only");
        noGrant = server.collection("Not granted");
        server.grant("alice", readWrite, true, true);
        server.grant("alice", readOnly, true, false);
        server.grant("alice", writeOnly, false, true);
        alice = server.as("alice");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void discoveryNamesTitleDefaultAndAbsoluteApiRoots() {
        JsonNode d = assertTaxii(alice.get("/taxii2/"), 200);
        assertThat(d.path("title").asText()).isEqualTo("Tearline");
        assertThat(d.path("description").isTextual()).isTrue();
        List<String> roots = texts(d.get("api_roots"));
        String base = server.base().toString();
        assertThat(roots).containsExactlyInAnyOrder(base + "/tearline/", base + "/partners/");
        for (String root : roots) {
            URI uri = URI.create(root);
            assertThat(uri.isAbsolute()).isTrue();
            assertThat(uri.getScheme()).isEqualTo("http");
            assertThat(uri.getPort()).isEqualTo(server.base().getPort());
        }
        assertThat(d.path("default").asText()).isEqualTo(base + "/tearline/");
    }

    @Test
    void discoveredApiRootUrlsAreServed() {
        JsonNode d = assertTaxii(alice.get("/taxii2/"), 200);
        for (String root : texts(d.get("api_roots"))) {
            JsonNode r = assertTaxii(alice.get(root), 200);
            assertThat(r.path("title").isTextual()).isTrue();
        }
    }

    @Test
    void discoveryNamesTheServersOwnAddressWhateverHostTheClientUsed() {
        TaxiiClient viaName = new TaxiiClient(
                URI.create("http://localhost:" + server.base().getPort()),
                TaxiiClient.basic("alice", TestServer.PASSWORD));
        JsonNode d = assertTaxii(viaName.get("/taxii2/"), 200);
        assertThat(texts(d.get("api_roots"))).allSatisfy(r -> assertThat(r).startsWith(server.base() + "/"));
    }

    @Test
    void apiRootAnnouncesTaxiiVersionAndMaxContentLength() {
        JsonNode r = assertTaxii(alice.get("/tearline/"), 200);
        assertThat(r.path("title").isTextual()).isTrue();
        assertThat(texts(r.get("versions"))).containsExactly("application/taxii+json;version=2.1");
        assertThat(r.path("max_content_length").isIntegralNumber()).isTrue();
        assertThat(r.path("max_content_length").asLong())
                .isEqualTo(server.app().config().taxii().maxContentLength());

        JsonNode partners = assertTaxii(alice.get("/partners/"), 200);
        assertThat(partners.path("title").asText()).isEqualTo("Partners");
        assertThat(partners.path("description").asText()).isEqualTo("Partner exchange");
        assertThat(partners.path("max_content_length").asLong()).isEqualTo(2_048);
    }

    @Test
    void unknownApiRootIsNotFoundAtEveryLevel() {
        String collection = "/nowhere/collections/" + readWrite + "/";
        for (String path : List.of(
                "/nowhere/",
                "/nowhere/collections/",
                collection,
                collection + "objects/",
                collection + "manifest/",
                "/nowhere/status/" + UUID.randomUUID() + "/")) {
            assertTaxiiError(alice.get(path), 404);
        }
    }

    @Test
    void collectionIsNotFoundUnderAnotherApiRoot() {
        assertTaxiiError(alice.get("/partners/collections/" + readWrite + "/"), 404);
        assertTaxiiError(alice.get("/partners/collections/" + readWrite + "/objects/"), 404);
        assertThat(alice.get("/partners/collections/").json().has("collections"))
                .isFalse();
    }

    @Test
    void resourcesOfOneApiRootAreNotServedUnderAnother() {
        String envelope = Stix.envelope(Stix.indicator(Stix.id("indicator"), "2021-01-01T00:00:00.000Z"));
        assertTaxiiError(alice.post("/partners/collections/" + readWrite + "/objects/", envelope), 404);
        assertThat(alice.get(server.objectsPath(readWrite)).json().has("objects"))
                .isFalse();

        JsonNode status = assertTaxii(alice.post(server.objectsPath(readWrite), "{\"objects\":[]}"), 202);
        String id = status.path("id").asText();
        assertTaxii(alice.get("/tearline/status/" + id + "/"), 200);
        assertTaxiiError(alice.get("/partners/status/" + id + "/"), 404);
    }

    @Test
    void collectionsListShowsReadableCollectionsWithTheirAccess() {
        JsonNode list = assertTaxii(alice.get("/tearline/collections/"), 200);
        List<String> ids = new ArrayList<>();
        for (JsonNode c : list.get("collections")) {
            ids.add(c.path("id").asText());
            assertThat(c.path("title").isTextual()).isTrue();
            assertThat(texts(c.get("media_types"))).containsExactly("application/stix+json;version=2.1");
        }
        assertThat(ids).containsExactlyInAnyOrder(readWrite, readOnly);

        JsonNode rw = find(list, readWrite);
        assertThat(rw.path("can_read").asBoolean()).isTrue();
        assertThat(rw.path("can_write").asBoolean()).isTrue();
        assertThat(rw.path("title").asText()).isEqualTo("Warnings");
        assertThat(rw.path("description").asText()).isEqualTo("Released warnings");
        assertThat(rw.path("alias").asText()).isEqualTo("warnings");
        JsonNode ro = find(list, readOnly);
        assertThat(ro.path("can_read").isBoolean()).isTrue();
        assertThat(ro.path("can_read").asBoolean()).isTrue();
        assertThat(ro.path("can_write").isBoolean()).isTrue();
        assertThat(ro.path("can_write").asBoolean()).isFalse();
    }

    @Test
    void collectionResourceEqualsItsEntryInTheList() {
        JsonNode list = alice.get("/tearline/collections/").json();
        for (String id : List.of(readWrite, readOnly)) {
            JsonNode one = assertTaxii(alice.get(server.collectionPath(id)), 200);
            assertThat(one).isEqualTo(find(list, id));
        }
    }

    @Test
    void collectionsThatCannotBeReadAreNotFound() {
        for (String id : List.of(writeOnly, noGrant, UUID.randomUUID().toString(), "not-a-uuid")) {
            assertTaxiiError(alice.get(server.collectionPath(id)), 404);
        }
    }

    @Test
    void userWithoutGrantsGetsAnEmptyCollectionsResource() {
        TaxiiClient carol = server.as("carol");
        TaxiiClient.Reply reply = carol.get("/tearline/collections/");
        assertTaxii(reply, 200);
        assertThat(reply.body()).isEqualTo("{}");
        assertTaxii(carol.get("/taxii2/"), 200);
        assertTaxii(carol.get("/tearline/"), 200);
    }

    @Test
    void pathsWithoutTrailingSlashAreServedToo() {
        assertTaxii(alice.get("/taxii2"), 200);
        assertTaxii(alice.get("/tearline"), 200);
        assertTaxii(alice.get("/tearline/collections/" + readWrite), 200);
    }

    @Test
    void unknownPathsUnderAnApiRootAreNotFound() {
        String c = server.collectionPath(readWrite);
        for (String path : List.of(
                "/tearline/whatever/",
                c + "elsewhere/",
                c + "objects/indicator--" + UUID.randomUUID() + "/versions/more/",
                c + "manifest/extra/",
                "/tearline/status/")) {
            assertTaxiiError(alice.get(path), 404);
        }
    }

    private static JsonNode find(JsonNode list, String id) {
        for (JsonNode c : list.get("collections")) {
            if (c.path("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("collection " + id + " not in " + list);
    }
}
