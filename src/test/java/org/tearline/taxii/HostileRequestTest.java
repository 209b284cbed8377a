package org.tearline.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tearline.testing.TaxiiAssert.assertNoInternals;
import static org.tearline.testing.TaxiiAssert.assertTaxii;
import static org.tearline.testing.TaxiiAssert.assertTaxiiError;
import static org.tearline.testing.TaxiiAssert.list;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tearline.domain.Account;
import org.tearline.testing.Stix;
import org.tearline.testing.TaxiiClient;
import org.tearline.testing.TestServer;

/**
 * Malformed parameters, hostile paths and wrong methods: each answered with a TAXII error (never
 * a 500, a stack trace or an HTML page), with any echo of the input bounded, and without
 * changing what is stored.
 */
class HostileRequestTest {

    @TempDir
    static Path dir;

    static TestServer server;
    static TaxiiClient alice;
    static String collection;
    static String objectId;
    String before;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir);
        server.user("alice", Account.Role.PRODUCER);
        alice = server.as("alice");
        collection = server.collection("guarded");
        server.grant("alice", collection, true, true);
        objectId = Stix.id("indicator");
        assertTaxii(
                alice.post(
                        server.objectsPath(collection),
                        Stix.envelope(
                                Stix.indicator(objectId, "2021-01-01T00:00:00.000Z"),
                                Stix.indicator(objectId, "2021-02-01T00:00:00.000Z"))),
                202);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void snapshot() {
        before = content();
    }

    @AfterEach
    void nothingChanged() {
        assertThat(content()).isEqualTo(before);
    }

    static Stream<Arguments> malformedFilters() {
        String manyTypes =
                IntStream.range(0, 1_001).mapToObj(i -> "t" + (100 + i) + "x").collect(Collectors.joining(","));
        List<String[]> cases = List.of(
                new String[] {"match[id]", "not-an-id"},
                new String[] {"match[id]", "indicator--1234"},
                new String[] {"match[id]", ""},
                new String[] {"match[id]", ","},
                new String[] {"match[id]", "indicator--00000000-0000-4000-8000-000000000000,,"},
                new String[] {"match[id]", "<script>alert(1)</script>"},
                new String[] {"match[type]", "Indicator"},
                new String[] {"match[type]", "a"},
                new String[] {"match[type]", "x--y"},
                new String[] {"match[type]", "indi\u0000cator"},
                new String[] {"match[type]", "a".repeat(5_000)},
                new String[] {"match[type]", manyTypes},
                new String[] {"match[version]", "yesterday"},
                new String[] {"match[version]", "2021-13-01T00:00:00Z"},
                new String[] {"match[version]", "2021-02-30T00:00:00Z"},
                new String[] {"match[version]", "2021-01-01T25:00:00Z"},
                new String[] {"match[version]", "2021-01-01T00:00:60Z"},
                new String[] {"match[version]", "all,first"},
                new String[] {"match[version]", "all,2021-01-01T00:00:00Z"},
                new String[] {"match[version]", ""},
                new String[] {"match[version]", "first,,last"},
                new String[] {"match[version]", "latest"},
                new String[] {"match[version]", "+10000-01-01T00:00:00Z"},
                new String[] {"match[version]", "-0001-01-01T00:00:00Z"},
                new String[] {"match[spec_version]", "two"},
                new String[] {"match[spec_version]", "2.1.0"},
                new String[] {"match[spec_version]", ""},
                new String[] {"added_after", "yesterday"},
                new String[] {"added_after", "2021-01-01"},
                new String[] {"added_after", "2021-01-01T00:00:00"},
                new String[] {"added_after", "2021-01-01T00:00:00Z,2022-01-01T00:00:00Z"},
                new String[] {"added_after", "+999999999-12-31T23:59:59Z"},
                new String[] {"added_after", "-999999999-01-01T00:00:00Z"},
                new String[] {"added_after", "+10000-01-01T00:00:00Z"},
                new String[] {"added_after", "9".repeat(5_000)},
                new String[] {"added_after", ""});
        return cases.stream().map(c -> Arguments.of(c[0], c[1]));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("malformedFilters")
    void refusesMalformedFilterValues(String name, String value) {
        List<String> paths = new ArrayList<>(List.of(server.objectsPath(collection), server.manifestPath(collection)));
        if (!name.equals("match[id]") && !name.equals("match[type]")) {
            paths.add(server.objectPath(collection, objectId));
        }
        if (name.equals("added_after") || name.equals("match[spec_version]")) {
            paths.add(server.objectPath(collection, objectId) + "versions/");
        }
        for (String path : paths) {
            assertBoundedError(alice.get(path, Map.of(name, value)), 400);
        }
        if (name.equals("match[version]") || name.equals("match[spec_version]")) {
            // A malformed filter on DELETE deletes nothing (checked after each test).
            assertBoundedError(
                    alice.send(alice.request(
                                    server.objectPath(collection, objectId) + TaxiiClient.query(Map.of(name, value)))
                            .header("Accept", TaxiiClient.TAXII)
                            .DELETE()),
                    400);
        }
    }

    static Stream<Arguments> hostileIds() {
        return Stream.of(
                        "<script>alert(1)</script>",
                        "' OR '1'='1",
                        "%00",
                        "a/b",
                        "\u202Eevil",
                        "a".repeat(5_000),
                        "indicator--" + "0".repeat(36),
                        "x\u0000y")
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileIds")
    void hostileCollectionIdsAreNotFound(String id) {
        String c = "/tearline/collections/" + encode(id) + "/";
        for (String path : List.of(
                c,
                c + "objects/",
                c + "manifest/",
                c + "objects/" + objectId + "/",
                c + "objects/" + objectId + "/versions/")) {
            TaxiiClient.Reply reply = alice.get(path);
            assertThat(reply.status()).as(path).isIn(400, 404);
            assertBoundedError(reply, reply.status());
        }
        TaxiiClient.Reply posted = alice.post(
                c + "objects/", Stix.envelope(Stix.indicator(Stix.id("indicator"), "2022-01-01T00:00:00.000Z")));
        assertThat(posted.status()).isIn(400, 404);
        assertBoundedError(posted, posted.status());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileIds")
    void hostileObjectIdsAreNotFound(String id) {
        String o = server.objectsPath(collection) + encode(id) + "/";
        for (TaxiiClient.Reply reply : List.of(alice.get(o), alice.get(o + "versions/"), alice.delete(o))) {
            assertThat(reply.status()).isIn(400, 404);
            assertBoundedError(reply, reply.status());
        }
    }

    @Test
    void hostileApiRootIsNotFound() {
        for (String root :
                List.of("<script>", "a".repeat(3_000), "%00", "health", "metrics", "console", "admin", "static")) {
            TaxiiClient.Reply reply = alice.get("/" + encode(root) + "/collections/");
            assertThat(reply.status()).isIn(400, 404);
            assertBoundedError(reply, reply.status());
        }
    }

    /** Requests java.net.http will not send, written to the socket as they are. */
    static Stream<Arguments> rawRequests() {
        String objects = "/tearline/collections/" + "C" + "/objects/";
        return Stream.of(
                Arguments.of("GET " + objects + "%ZZ/ HTTP/1.1", 400),
                Arguments.of("GET " + objects + "%C3%28/ HTTP/1.1", 400),
                Arguments.of("GET " + objects + "%00/ HTTP/1.1", 400),
                Arguments.of("GET " + objects + "a%2Fb/ HTTP/1.1", 400),
                Arguments.of("GET " + objects + "%2e%2e/%2e%2e/ HTTP/1.1", 400),
                Arguments.of("GET " + objects + "?match[type]=%ZZ HTTP/1.1", 400),
                Arguments.of("GET " + objects + "?match[type]=%C3%28 HTTP/1.1", 400),
                Arguments.of("GET " + objects + "\u00ff/ HTTP/1.1", 400),
                Arguments.of("GET " + objects + "?" + "a".repeat(20_000) + " HTTP/1.1", 414),
                Arguments.of("GET " + objects + "a".repeat(20_000) + "/ HTTP/1.1", 414),
                Arguments.of("GET " + objects + " HTTP/1.1\r\nX-Big: " + "b".repeat(20_000), 431),
                Arguments.of("GET " + objects + " HTTP/9.9", 505),
                Arguments.of("NONSENSE", 400),
                Arguments.of(
                        "GET " + objects + " HTTP/1.1\r\nAccept: " + TaxiiClient.TAXII + "\r\nContent-Length: -5", 400),
                Arguments.of(
                        "POST " + objects + " HTTP/1.1\r\nContent-Length: 5\r\n" + "Transfer-Encoding: chunked", 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rawRequests")
    void malformedHttpGetsATaxiiErrorAndAnHonestConnection(String head, int status) {
        String request = head.replace("/collections/C/", "/collections/" + collection + "/");
        String auth = "Authorization: " + TaxiiClient.basic("alice", TestServer.PASSWORD);
        int firstLineEnd = request.indexOf("\r\n");
        String withAuth = firstLineEnd < 0
                ? request + "\r\n" + auth
                : request.substring(0, firstLineEnd) + "\r\n" + auth + request.substring(firstLineEnd);
        List<TaxiiClient.Reply> replies = server.raw().exchange(List.of(withAuth, "GET /taxii2/ HTTP/1.1\r\n" + auth));
        TaxiiClient.Reply reply = replies.get(0);
        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).hasValue(TaxiiClient.TAXII);
        assertNoInternals(reply);
        JsonNode error = reply.json();
        assertThat(error.path("http_status").asText()).isEqualTo(Integer.toString(status));
        assertThat(error.path("title").asText()).isNotBlank();
        // Either the connection still serves, or the answer said it would close.
        if (replies.size() == 2) {
            assertThat(replies.get(1).status()).isEqualTo(200);
        } else {
            assertThat(reply.header("Connection")).hasValue("close");
        }
    }

    static Stream<Arguments> wrongMethods() {
        String c = "/tearline/collections/C/";
        String o = c + "objects/O/";
        return Stream.of(
                Arguments.of("/taxii2/", List.of("POST", "PUT", "DELETE", "PATCH"), "GET"),
                Arguments.of("/tearline/", List.of("POST", "DELETE"), "GET"),
                Arguments.of("/tearline/collections/", List.of("POST", "DELETE"), "GET"),
                Arguments.of(c, List.of("POST", "PUT", "DELETE"), "GET"),
                Arguments.of(c + "objects/", List.of("PUT", "DELETE", "PATCH", "OPTIONS", "BREW"), "GET, POST"),
                Arguments.of(o, List.of("POST", "PUT", "PATCH"), "GET, DELETE"),
                Arguments.of(o + "versions/", List.of("POST", "DELETE"), "GET"),
                Arguments.of(c + "manifest/", List.of("POST", "DELETE"), "GET"),
                Arguments.of("/tearline/status/S/", List.of("POST", "DELETE"), "GET"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("wrongMethods")
    void wrongMethodIs405WithAllow(String template, List<String> methods, String allow) {
        String status = alice.post(server.objectsPath(collection), "{\"objects\":[]}")
                .json()
                .path("id")
                .asText();
        String path = template.replace("/C/", "/" + collection + "/")
                .replace("/O/", "/" + objectId + "/")
                .replace("/S/", "/" + status + "/");
        String envelope = Stix.envelope(Stix.indicator(Stix.id("indicator"), "2022-01-01T00:00:00.000Z"));
        for (String method : methods) {
            TaxiiClient.Reply reply = alice.send(alice.request(path)
                    .header("Accept", TaxiiClient.TAXII)
                    .header("Content-Type", TaxiiClient.TAXII)
                    .method(method, HttpRequest.BodyPublishers.ofString(envelope)));
            assertTaxiiError(reply, 405);
            assertThat(reply.header("Allow")).as("%s %s", method, path).hasValue(allow);
        }
        TaxiiClient.Reply head = alice.send(alice.request(path)
                .header("Accept", TaxiiClient.TAXII)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.status()).isEqualTo(405);
        assertThat(head.header("Allow")).hasValue(allow);
        assertThat(head.header("Content-Type")).hasValue(TaxiiClient.TAXII);
        assertThat(head.bytes()).isEmpty();
    }

    /** A TAXII error whose echo of the request is bounded. */
    static void assertBoundedError(TaxiiClient.Reply reply, int status) {
        assertTaxiiError(reply, status);
        assertThat(reply.bytes().length).isLessThan(1_000);
        assertThat(reply.body()).doesNotContain("\u0000");
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String content() {
        JsonNode all = alice.get(server.objectsPath(collection), Map.of("match[version]", "all"))
                .json();
        assertThat(list(all.get("objects")))
                .extracting(o -> ((ObjectNode) o).get("id").asText())
                .containsOnly(objectId);
        return all.toString()
                + alice.get(server.manifestPath(collection), Map.of("match[version]", "all"))
                        .body();
    }
}
