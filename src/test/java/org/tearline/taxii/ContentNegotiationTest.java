package org.tearline.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tearline.testing.TaxiiAssert.assertTaxii;
import static org.tearline.testing.TaxiiAssert.assertTaxiiError;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tearline.domain.Account;
import org.tearline.testing.Stix;
import org.tearline.testing.TaxiiClient;
import org.tearline.testing.TestServer;

/**
 * Accept and Content-Type as clients really send them: every response is
 * application/taxii+json;version=2.1, any Accept that admits it is served, any other gets 406.
 */
class ContentNegotiationTest {

    @TempDir
    static Path dir;

    static TestServer server;
    static TaxiiClient alice;
    static String collection;
    static List<String> paths;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir);
        server.user("alice", Account.Role.PRODUCER);
        alice = server.as("alice");
        collection = server.collection("negotiated");
        server.grant("alice", collection, true, true);
        String id = Stix.id("indicator");
        JsonNode status = assertTaxii(
                alice.post(
                        server.objectsPath(collection), Stix.envelope(Stix.indicator(id, "2021-01-01T00:00:00.000Z"))),
                202);
        paths = List.of(
                "/taxii2/",
                "/tearline/",
                "/tearline/collections/",
                server.collectionPath(collection),
                server.objectsPath(collection),
                server.objectPath(collection, id),
                server.objectPath(collection, id) + "versions/",
                server.manifestPath(collection),
                "/tearline/status/" + status.path("id").asText() + "/");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> acceptable() {
        return Stream.of(
                        "application/taxii+json;version=2.1",
                        "application/taxii+json",
                        "application/taxii+json; version=2.1",
                        "APPLICATION/TAXII+JSON;VERSION=2.1",
                        "application/taxii+json;version=\"2.1\"",
                        "*/*",
                        "application/*",
                        "application/taxii+json;version=2.1;q=0.5",
                        "text/html, application/taxii+json;version=2.1",
                        "application/json;q=0.9, application/taxii+json;version=2.1;q=0.1",
                        "text/html;q=0.9, */*;q=0.1")
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "Accept: {0}")
    @MethodSource("acceptable")
    void servesEveryEndpointToAnAcceptThatAdmitsTaxii(String accept) {
        for (String path : paths) {
            assertTaxii(alice.getAccepting(path, accept), 200);
        }
    }

    @Test
    void servesEveryEndpointWithoutAccept() {
        for (String path : paths) {
            assertTaxii(alice.getAccepting(path, null), 200);
        }
    }

    @ParameterizedTest(name = "Accept: {0}")
    @ValueSource(
            strings = {
                "text/html",
                "application/json",
                "application/taxii+json;version=2.0",
                "application/taxii+json;version=2.1;q=0",
                "application/stix+json;version=2.1",
                "application/xml, text/*",
                "*/*;q=0",
                "application/vnd.oasis.taxii+json; version=2.1",
                "garbage",
                ",",
                ";",
                ";;"
            })
    void refusesEveryEndpointToAnAcceptThatExcludesTaxii(String accept) {
        for (String path : paths) {
            JsonNode error = assertTaxiiError(alice.getAccepting(path, accept), 406);
            assertThat(error.path("description").asText()).contains("application/taxii+json");
        }
    }

    @ParameterizedTest(name = "Content-Type: {0}")
    @ValueSource(
            strings = {
                "application/taxii+json;version=2.1",
                "application/taxii+json",
                "application/taxii+json; version=2.1; charset=utf-8",
                "Application/TAXII+JSON;Version=2.1",
                "application/stix+json;version=2.1",
                "application/stix+json"
            })
    void acceptsTaxiiAndStixBodies(String contentType) {
        String body = Stix.envelope(Stix.malware(Stix.id("malware"), "2021-01-01T00:00:00.000Z"));
        JsonNode status = assertTaxii(
                alice.post(server.objectsPath(collection), body.getBytes(StandardCharsets.UTF_8), contentType), 202);
        assertThat(status.path("success_count").asInt()).isEqualTo(1);
    }
}
