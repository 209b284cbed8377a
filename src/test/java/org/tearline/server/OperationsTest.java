package org.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tearline.testing.TaxiiAssert.assertTaxii;
import static org.tearline.testing.TaxiiAssert.assertTaxiiError;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.tearline.config.TearlineConfig;
import org.tearline.domain.Account;
import org.tearline.testing.Stix;
import org.tearline.testing.TaxiiClient;
import org.tearline.testing.TestServer;

/** Health, Prometheus metrics and the request log: useful to operators, revealing nothing. */
class OperationsTest {

    @TempDir
    static Path dir;

    static TestServer server;
    static TaxiiClient alice;
    static String collection;

    /** The bearer token /metrics asks for here. */
    static final String METRICS_TOKEN = "metrics-" + UUID.randomUUID();

    @BeforeAll
    static void start() {
        server = TestServer.start(
                dir.resolve("ops"),
                TestServer.config(null).withMetrics(new TearlineConfig.Metrics(true, METRICS_TOKEN, null)));
        server.user("alice", Account.Role.PRODUCER);
        alice = server.as("alice");
        collection = server.collection("operated");
        server.grant("alice", collection, true, true);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void healthAnswersWithoutCredentials() {
        TaxiiClient.Reply reply = server.anonymous().get("/health");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(reply.json().path("status").asText()).isEqualTo("ok");
    }

    @Test
    void metricsCountRequestsAndStoredObjects() {
        double storedBefore = metric("tearline_objects_stored_total");
        double duplicatesBefore = metric("tearline_objects_duplicate_total");
        double refusedBefore = metric("tearline_objects_refused_total");
        ObjectNode a = Stix.indicator(Stix.id("indicator"), "2021-01-01T00:00:00.000Z");
        assertTaxii(
                alice.post(
                        server.objectsPath(collection),
                        Stix.envelope(
                                a,
                                Stix.malware(Stix.id("malware"), "2021-01-01T00:00:00.000Z"),
                                Stix.tool(Stix.id("tool"), "2021-01-01T00:00:00.000Z"))),
                202);
        assertTaxii(
                alice.post(
                        server.objectsPath(collection),
                        Stix.envelope(a, Stix.indicator("bad-id", "2021-01-01T00:00:00.000Z"))),
                202);

        TaxiiClient.Reply scrape = server.withToken(METRICS_TOKEN).get("/metrics");
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.header("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(scrape.body())
                .contains("tearline_http_requests_seconds_count{")
                .contains("endpoint=\"objects\"")
                .contains("method=\"POST\"")
                .contains("status=\"202\"");
        assertThat(metric("tearline_objects_stored_total") - storedBefore).isEqualTo(3.0);
        assertThat(metric("tearline_objects_duplicate_total") - duplicatesBefore)
                .isEqualTo(1.0);
        assertThat(metric("tearline_objects_refused_total") - refusedBefore).isEqualTo(1.0);
    }

    @Test
    void metricsRevealNoSecretsContentOrClientText() {
        String canary = "CANARY-" + UUID.randomUUID();
        String token = server.token("alice");
        ObjectNode o = Stix.indicator(Stix.id("indicator"), "2021-01-01T00:00:00.000Z");
        o.put("name", canary);
        assertTaxii(server.withToken(token).post(server.objectsPath(collection), Stix.envelope(o)), 202);
        alice.withAuthorization(TaxiiClient.basic("alice", canary)).get("/taxii2/");
        alice.get("/tearline/collections/" + canary + "/");
        alice.get(server.objectsPath(collection) + "?match%5Btype%5D=" + canary.toLowerCase());
        String method = "ZZ" + canary.replace("-", "").substring(0, 20);
        assertTaxiiError(
                alice.send(alice.request(server.objectsPath(collection))
                        .method(method, HttpRequest.BodyPublishers.noBody())),
                405);

        String metrics = server.withToken(METRICS_TOKEN).get("/metrics").body();
        assertThat(metrics)
                .doesNotContain(
                        canary,
                        canary.toLowerCase(),
                        method,
                        TestServer.PASSWORD,
                        token,
                        token.substring(19),
                        collection,
                        o.get("id").asText())
                .contains("method=\"other\"");
    }

    @Test
    void metricsCanBeSwitchedOff() {
        TearlineConfig on = TestServer.config(null);
        TearlineConfig off = on.withMetrics(new TearlineConfig.Metrics(false, METRICS_TOKEN, null));
        try (TestServer quiet = TestServer.start(dir.resolve("quiet"), off)) {
            quiet.user("alice", Account.Role.PARTNER);
            assertTaxiiError(quiet.withToken(METRICS_TOKEN).get("/metrics"), 404);
            assertThat(quiet.anonymous().get("/health").status()).isEqualTo(200);
        }
    }

    @Test
    void requestLogHasOneLinePerRequestAndNoSecretsOrContent() {
        String canary = "CANARY-" + UUID.randomUUID();
        String wrongPassword = "WRONG-" + UUID.randomUUID();
        String token = server.token("alice");
        ObjectNode o = Stix.indicator(Stix.id("indicator"), "2021-01-01T00:00:00.000Z");
        o.put("name", canary);
        o.put("description", "secret source: " + canary);
        String objects = server.objectsPath(collection);

        List<String> expected = new ArrayList<>();
        List<Supplier<TaxiiClient.Reply>> requests = new ArrayList<>();
        expected.add("GET /taxii2/ 200");
        requests.add(() -> alice.get("/taxii2/"));
        expected.add("POST " + objects + " 202");
        requests.add(() -> server.withToken(token).post(objects, Stix.envelope(o)));
        expected.add("GET " + objects + " 200");
        requests.add(() -> alice.get(objects));
        expected.add("GET " + objects + " 401");
        requests.add(() -> alice.withAuthorization(TaxiiClient.basic("alice", wrongPassword))
                .get(objects));
        expected.add("GET " + objects + " 401");
        requests.add(() -> alice.withAuthorization("Bearer " + token + "x").get(objects));
        expected.add("POST " + objects + " 400");
        requests.add(() -> alice.post(objects, "{\"objects\": [{\"name\": \"" + canary + "\"}"));
        expected.add("POST " + objects + " 202");
        requests.add(() -> alice.post(
                objects, "{\"objects\": [{\"type\": \"indicator\", \"id\":" + " \"indicator--" + canary + "\"}]}"));
        expected.add("PUT " + objects + " 405");
        requests.add(
                () -> alice.send(alice.request(objects).PUT(HttpRequest.BodyPublishers.ofString(Stix.envelope(o)))));
        expected.add("GET /health 200");
        requests.add(() -> server.anonymous().get("/health"));

        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        List<TaxiiClient.Reply> replies = new ArrayList<>();
        List<ILoggingEvent> events;
        try {
            requests.forEach(r -> replies.add(r.get()));
            // A request's line is written once its answer is on its way: wait for the last.
            events = awaitRequestLines(captured, expected.size());
        } finally {
            root.detachAppender(captured);
        }
        assertThat(replies.get(2).body()).contains(canary);

        List<String> lines = events.stream()
                .filter(e -> e.getLoggerName().equals("tearline.request"))
                .map(ILoggingEvent::getFormattedMessage)
                // a previous test's last line may still arrive as capture starts
                .filter(l -> !l.startsWith("GET /metrics"))
                .toList();
        assertThat(lines).hasSize(expected.size());
        for (int i = 0; i < lines.size(); i++) {
            assertThat(lines.get(i)).startsWith(expected.get(i));
        }
        assertThat(lines.get(1)).contains("user=alice");
        String basic = TaxiiClient.basic("alice", TestServer.PASSWORD).substring(6);
        for (ILoggingEvent event : events) {
            String text = event.getFormattedMessage() + throwableText(event.getThrowableProxy());
            assertThat(text)
                    .as(event.getLoggerName())
                    .doesNotContain(canary, TestServer.PASSWORD, wrongPassword, token, token.substring(19), basic);
        }
    }

    /** The events captured once {@code count} request lines are among them (5 s at most). */
    private static List<ILoggingEvent> awaitRequestLines(ListAppender<ILoggingEvent> appender, int count) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            List<ILoggingEvent> events;
            synchronized (appender) {
                events = List.copyOf(appender.list);
            }
            long lines = events.stream()
                    .filter(e -> e.getLoggerName().equals("tearline.request"))
                    .filter(e -> !e.getFormattedMessage().startsWith("GET /metrics"))
                    .count();
            if (lines >= count || System.nanoTime() > deadline) {
                return events;
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    private static String throwableText(IThrowableProxy t) {
        StringBuilder b = new StringBuilder();
        for (IThrowableProxy p = t; p != null; p = p.getCause()) {
            b.append(' ').append(p.getClassName()).append(": ").append(p.getMessage());
        }
        return b.toString();
    }

    /** The value of an untagged metric in the Prometheus scrape. */
    private static double metric(String name) {
        String body = new String(server.withToken(METRICS_TOKEN).get("/metrics").bytes(), StandardCharsets.UTF_8);
        for (String line : body.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError("no metric " + name + " in " + body);
    }
}
