package org.tearline.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tearline.testing.TaxiiAssert.assertTaxii;
import static org.tearline.testing.TaxiiAssert.assertTaxiiError;
import static org.tearline.testing.TaxiiAssert.list;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * POST bodies and headers the server must refuse, each with a TAXII error and never a 500, and
 * without storing anything: malformed or hostile JSON, bytes that are not UTF-8, wrong media
 * types, and bodies over the API root's max_content_length (64 KiB here).
 */
class MalformedBodyTest {

    static final int MAX_CONTENT = 64 * 1024;

    @TempDir
    static Path dir;

    static TestServer server;
    static TaxiiClient alice;
    static String collection;
    static ObjectNode stored;

    @BeforeAll
    static void start() {
        server = TestServer.start(
                dir,
                TestServer.withTaxiiLimits(TestServer.config(null), MAX_CONTENT, 1_000, 10_000, 32L * 1024 * 1024));
        server.user("alice", Account.Role.PRODUCER);
        alice = server.as("alice");
        collection = server.collection("guarded");
        server.grant("alice", collection, true, true);
        stored = Stix.indicator(Stix.id("indicator"), "2021-01-01T00:00:00.000Z");
        assertTaxii(alice.post(server.objectsPath(collection), Stix.envelope(stored)), 202);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A request to refuse: the body, its Content-Type and Accept, and whether it is chunked. */
    record Bad(String name, byte[] body, String contentType, String accept, boolean chunked) {

        @Override
        public String toString() {
            return name;
        }
    }

    static final String TAXII = TaxiiClient.TAXII;

    /** A valid object, so that a request wrongly accepted would store something. */
    static String valid() {
        return Stix.indicator(Stix.id("indicator"), "2022-01-01T00:00:00.000Z").toString();
    }

    static Bad body(String name, String json) {
        return new Bad(name, json.getBytes(StandardCharsets.UTF_8), TAXII, TAXII, false);
    }

    /** A body with raw bytes inside a string of an otherwise valid object. */
    static Bad bytes(String name, int... raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("{\"objects\":[" + valid() + ",{\"type\":\"indicator\",\"id\":\"" + Stix.id("indicator")
                        + "\",\"name\":\"")
                .getBytes(StandardCharsets.UTF_8));
        for (int b : raw) {
            out.write(b);
        }
        out.writeBytes("\"}]}".getBytes(StandardCharsets.UTF_8));
        return new Bad(name, out.toByteArray(), TAXII, TAXII, false);
    }

    static Bad contentType(String contentType) {
        return new Bad(
                "Content-Type " + contentType,
                Stix.envelope(Stix.indicator(Stix.id("indicator"), "2022-01-01T00:00:00.000Z"))
                        .getBytes(StandardCharsets.UTF_8),
                contentType,
                TAXII,
                false);
    }

    static Bad accept(String accept) {
        return new Bad(
                "Accept " + accept,
                Stix.envelope(Stix.indicator(Stix.id("indicator"), "2022-01-01T00:00:00.000Z"))
                        .getBytes(StandardCharsets.UTF_8),
                TAXII,
                accept,
                false);
    }

    /** A valid envelope of at least {@code size} bytes: one object with a long description. */
    static byte[] envelopeOf(int size) {
        ObjectNode o = Stix.indicator(Stix.id("indicator"), "2022-01-01T00:00:00.000Z");
        o.put("description", "");
        int overhead = Stix.envelope(o).length();
        o.put("description", "d".repeat(Math.max(0, size - overhead)));
        byte[] body = Stix.envelope(o).getBytes(StandardCharsets.UTF_8);
        assertThat(body.length).isEqualTo(Math.max(size, overhead));
        return body;
    }

    static Stream<Arguments> badBodies() {
        String deepArrays = "[".repeat(10_000) + "]".repeat(10_000);
        return Stream.of(
                        body("unterminated envelope", "{\"objects\": [" + valid()),
                        body("mismatched brackets", "{\"objects\": [" + valid() + "}]}"),
                        body("not JSON", "objects, please"),
                        body("empty body", ""),
                        body("only whitespace", "  \r\n "),
                        body("a list, not an object", "[" + valid() + "]"),
                        body("a string", "\"objects\""),
                        body("a number", "42"),
                        body("null", "null"),
                        body("objects is an object", "{\"objects\": " + valid() + "}"),
                        body("objects is a string", "{\"objects\": \"[" + valid().replace("\"", "'") + "]\"}"),
                        body("objects is null", "{\"objects\": null}"),
                        body("objects is a number", "{\"objects\": 1}"),
                        body("no objects member", "{\"more\": false, \"items\": [" + valid() + "]}"),
                        body("empty object", "{}"),
                        body("content after the envelope", "{\"objects\": [" + valid() + "]} {}"),
                        body("garbage after the envelope", "{\"objects\": [" + valid() + "]}x"),
                        body("10,000 brackets", deepArrays),
                        body("10,000 brackets inside objects", "{\"objects\": [" + valid() + "," + deepArrays + "]}"),
                        body(
                                "10,000 brackets in another member",
                                "{\"x\": " + deepArrays + ", \"objects\": [" + valid() + "]}"),
                        body(
                                "deeply nested objects",
                                "{\"objects\": [" + valid() + "," + "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000)
                                        + "]}"),
                        body(
                                "duplicate member in an object",
                                "{\"objects\": [" + valid() + ",{\"type\":\"indicator\",\"id\":\"a\",\"id\":\"b\"}]}"),
                        body("two objects members", "{\"objects\": [], \"objects\": [" + valid() + "]}"),
                        body(
                                "number of 1,000 digits",
                                "{\"objects\": [" + valid() + ",{\"n\": " + "9".repeat(1_000) + "}]}"),
                        body("NaN", "{\"objects\": [" + valid() + ",{\"n\": NaN}]}"),
                        body("comment", "{\"objects\": [" + valid() + "] /* note */}"),
                        body("single quotes", "{'objects': [" + valid() + "]}"),
                        body(
                                "unescaped control character",
                                "{\"objects\": [" + valid() + ",{\"name\": \"a\u0001b\"}]}"),
                        bytes("invalid UTF-8 sequence", 0xC3, 0x28),
                        bytes("lone continuation byte", 0x80),
                        bytes("overlong encoding", 0xC0, 0xAF),
                        bytes("UTF-8 encoded surrogate", 0xED, 0xA0, 0x80),
                        bytes("truncated sequence", 0xE2, 0x82),
                        bytes("byte beyond Unicode", 0xF5, 0x80, 0x80, 0x80),
                        bytes("raw NUL byte", 'a', 0, 'b'))
                .map(b -> Arguments.of(b, 400));
    }

    static Stream<Arguments> badMediaTypes() {
        List<Arguments> out = new ArrayList<>();
        for (String ct : List.of(
                "text/plain",
                "application/json",
                "application/taxii+json;version=2.0",
                "application/stix+json;version=2.0",
                "application/taxii+json;version=3",
                "application/xml",
                "multipart/form-data",
                "taxii",
                ";version=2.1",
                "application/taxii+xml;version=2.1",
                ";",
                ";;")) {
            out.add(Arguments.of(contentType(ct), 415));
        }
        out.add(Arguments.of(
                new Bad(
                        "no Content-Type",
                        Stix.envelope(Stix.indicator(Stix.id("indicator"), "2022-01-01T00:00:00.000Z"))
                                .getBytes(StandardCharsets.UTF_8),
                        null,
                        TAXII,
                        false),
                415));
        for (String accept : List.of(
                "text/html",
                "application/json",
                "application/taxii+json;version=2.0",
                "application/stix+json;version=2.1",
                "application/taxii+json;version=2.1;q=0",
                "*/*;q=0",
                "text/*",
                "application/xml, text/html;q=0.9")) {
            out.add(Arguments.of(accept(accept), 406));
        }
        return out.stream();
    }

    static Stream<Arguments> oversizedBodies() {
        byte[] justOver = envelopeOf(MAX_CONTENT + 1);
        byte[] huge = envelopeOf(4 * MAX_CONTENT);
        return Stream.of(
                        new Bad("one byte over, with Content-Length", justOver, TAXII, TAXII, false),
                        new Bad("one byte over, chunked", justOver, TAXII, TAXII, true),
                        new Bad("a huge string, with Content-Length", huge, TAXII, TAXII, false),
                        new Bad("a huge string, chunked", huge, TAXII, TAXII, true))
                .map(b -> Arguments.of(b, 413));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"badBodies", "badMediaTypes", "oversizedBodies"})
    void refusesAndStoresNothing(Bad bad, int status) {
        String before = content();
        TaxiiClient.Reply reply = send(bad);
        assertTaxiiError(reply, status);
        assertThat(reply.body()).doesNotContain("2022-01-01T00:00:00");
        assertThat(content()).isEqualTo(before);
    }

    @Test
    void bodyOfExactlyMaxContentLengthIsAccepted() {
        byte[] body = envelopeOf(MAX_CONTENT);
        JsonNode status = assertTaxii(send(new Bad("max", body, TAXII, TAXII, false)), 202);
        assertThat(status.path("success_count").asInt()).isEqualTo(1);
        JsonNode status2 = assertTaxii(send(new Bad("max", envelopeOf(MAX_CONTENT), TAXII, TAXII, true)), 202);
        assertThat(status2.path("success_count").asInt()).isEqualTo(1);
    }

    @Test
    void hugeIdIsAFailureThatIsNotEchoedWhole() {
        String before = content();
        ObjectNode o = Stix.indicator("indicator--" + "a".repeat(40_000), "2022-01-01T00:00:00Z");
        JsonNode status = assertTaxii(alice.post(server.objectsPath(collection), Stix.envelope(o)), 202);
        assertThat(status.path("failure_count").asInt()).isEqualTo(1);
        assertThat(status.get("failures").get(0).path("id").asText().length()).isLessThanOrEqualTo(300);
        assertThat(content()).isEqualTo(before);
    }

    @Test
    void refusedUploadsAreAnsweredAndTheConnectionStaysUsable() {
        byte[] big = envelopeOf(4 * MAX_CONTENT);
        byte[] notAnObject = ("[" + new String(big, StandardCharsets.UTF_8) + "]").getBytes(StandardCharsets.UTF_8);
        TaxiiClient wrongPassword = alice.withAuthorization(TaxiiClient.basic("alice", "not the password at all"));
        Map<Integer, Supplier<TaxiiClient.Reply>> refusals = new LinkedHashMap<>();
        refusals.put(413, () -> send(new Bad("413", big, TAXII, TAXII, false)));
        refusals.put(415, () -> send(new Bad("415", big, "text/plain", TAXII, false)));
        refusals.put(401, () -> wrongPassword.post(server.objectsPath(collection), big, TAXII));
        refusals.put(406, () -> send(new Bad("406", big, TAXII, "text/html", true)));
        refusals.put(400, () -> send(new Bad("400", notAnObject, TAXII, TAXII, true)));
        for (int i = 0; i < 8; i++) {
            for (Map.Entry<Integer, Supplier<TaxiiClient.Reply>> refusal : refusals.entrySet()) {
                // The client is still sending when it is refused; it must get the answer...
                assertTaxiiError(refusal.getValue().get(), refusal.getKey());
                // ...and its next request on the pooled connection must be answered too.
                assertTaxii(alice.post(server.objectsPath(collection), "{\"objects\":[]}"), 202);
            }
        }
    }

    @Test
    void refusedBodiesAreAnsweredWithoutEchoingThem() {
        String secret = "CANARY-" + java.util.UUID.randomUUID();
        TaxiiClient.Reply reply =
                send(body("secret in broken JSON", "{\"objects\": [{\"name\": \"" + secret + "\", }]}"));
        assertTaxiiError(reply, 400);
        assertThat(reply.body()).doesNotContain(secret);
    }

    static TaxiiClient.Reply send(Bad bad) {
        HttpRequest.Builder b = alice.request(server.objectsPath(collection));
        if (bad.accept() != null) {
            b.header("Accept", bad.accept());
        }
        if (bad.contentType() != null) {
            b.header("Content-Type", bad.contentType());
        }
        b.POST(
                bad.chunked()
                        ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bad.body()))
                        : HttpRequest.BodyPublishers.ofByteArray(bad.body()));
        return alice.send(b);
    }

    /** Every version in the collection, with its date_added. */
    static String content() {
        JsonNode all = alice.get(server.objectsPath(collection), Map.of("match[version]", "all"))
                .json();
        JsonNode manifest = alice.get(server.manifestPath(collection), Map.of("match[version]", "all"))
                .json();
        assertThat(list(all.get("objects"))).contains(stored);
        return all.toString() + manifest;
    }
}
