package org.tearline.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tearline.alert.AlertFixture.SECRET;
import static org.tearline.alert.AlertFixture.WARNING;
import static org.tearline.alert.WebhookReceiver.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.config.AlertSettings;
import org.tearline.config.TearlineConfig;
import org.tearline.domain.AlertMessage;
import org.tearline.domain.AlertSubscription;
import org.tearline.error.BadRequestException;
import org.tearline.error.UnprocessableException;
import org.tearline.release.ReleaseEngineTest;
import org.tearline.testing.TestServer;

/**
 * Webhook alerts end to end: a real Tearline, a warning whose window lapses, and an HTTPS
 * receiver started here that checks every delivery's signature.
 */
class WebhookAlertsTest {

    @TempDir
    Path dir;

    TestServer server;
    WebhookReceiver receiver;
    WebhookReceiver other;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (receiver != null) {
            receiver.close();
        }
        if (other != null) {
            other.close();
        }
    }

    private void start(AlertSettings alerts) {
        TearlineConfig c = AlertFixture.config(alerts).withMetrics(new TearlineConfig.Metrics(true, null, 0));
        server = TestServer.start(dir.resolve("data"), c);
        AlertFixture.people(server.app(), TestServer.PASSWORD);
    }

    private String metrics() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.managementPort() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    @Test
    void anEndpointAnswering500ThreeTimesGetsTheLapseOnceUnderOneIdempotencyKey() throws Exception {
        receiver = new WebhookReceiver(dir.resolve("r"), SECRET);
        receiver.script(500, 500, 500);
        start(AlertFixture.settings(6, Map.of("desk", AlertFixture.hook("desk", receiver, "/hook", SECRET)), null));
        server.app().alerts().subscribe("analyst", AlertFixture.webhook("desk", "window-lapsed"));
        AlertFixture.approvedWarning(server.app(), WARNING);

        assertThat(server.app().warnings().checkWindows()).containsExactly(WARNING);

        await("the lapse accepted", () -> receiver.accepted().size() == 1);
        List<WebhookReceiver.Arrival> arrivals = receiver.arrivals();
        assertThat(arrivals).extracting(WebhookReceiver.Arrival::status).containsExactly(500, 500, 500, 200);
        assertThat(arrivals)
                .extracting(WebhookReceiver.Arrival::key)
                .containsOnly(arrivals.get(0).key());
        JsonNode doc = receiver.accepted().values().iterator().next();
        JsonNode alert = doc.get("alerts").get(0);
        assertThat(alert.get("event").asText()).isEqualTo("window-lapsed");
        assertThat(alert.get("warning").asText()).isEqualTo(WARNING);
        assertThat(alert.get("name").asText()).isEqualTo("Warning: attack on Arden Concert Hall");
        assertThat(alert.get("audiences").get(0).asText()).isEqualTo("trusted");
        assertThat(alert.get("urgency").asText()).isEqualTo("immediate");
        assertThat(doc.get("recipient").asText()).isEqualTo("analyst");
        assertThat(doc.get("more").asInt()).isZero();
        // Nothing of the warning's content: not what it refers to, nor its confidences.
        String body = arrivals.get(3).body();
        assertThat(body)
                .doesNotContain(ReleaseEngineTest.ACTOR, ReleaseEngineTest.SOURCE, ReleaseEngineTest.VENUE)
                .doesNotContain("object_refs", "threat_confidence", "timing_confidence");

        await("the sent alert counted", () -> {
            try {
                return metrics().contains("tearline_alerts_total{channel=\"webhook\",outcome=\"sent\"} 1.0");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertThat(metrics()).contains("tearline_alerts_total{channel=\"webhook\",outcome=\"failed\"} 3.0");
        JsonNode sent = null;
        for (JsonNode e : server.app().warnings().timeline(WARNING)) {
            if (e.get("event").asText().equals("alert-sent")) {
                sent = e;
            }
        }
        assertThat(sent).as("the alert in the disclosure record").isNotNull();
        assertThat(sent.get("detail").get("recipient").asText()).isEqualTo("analyst");
        assertThat(sent.get("detail").get("kind").asText()).isEqualTo("window-lapsed");
        assertThat(sent.get("detail").get("delivery").asText())
                .isEqualTo(arrivals.get(0).key());
        assertThat(sent.get("detail").has("name")).as("not the body").isFalse();
        assertThat(server.app().alerts().sentTo("analyst", 10))
                .singleElement()
                .satisfies(m -> assertThat(m.attempts()).isEqualTo(4));
    }

    @Test
    void aDeliverySignedWithAnotherSecretIsRefusedByTheReceiversCheckAndEndsADeadLetter() throws Exception {
        receiver = new WebhookReceiver(dir.resolve("r"), SECRET);
        start(AlertFixture.settings(
                2,
                Map.of("forged", AlertFixture.hook("forged", receiver, "/hook", "another-secret-0123456789")),
                null));
        server.app().alerts().subscribe("analyst", AlertFixture.webhook("forged", "window-lapsed"));
        AlertFixture.approvedWarning(server.app(), WARNING);

        server.app().warnings().checkWindows();

        await("a dead letter", () -> !server.app().alerts().deadLetters(10).isEmpty());
        assertThat(receiver.rejected()).isEqualTo(2);
        assertThat(receiver.accepted()).isEmpty();
        AlertMessage dead = server.app().alerts().deadLetters(10).get(0);
        assertThat(dead.lastError()).contains("answered 401").doesNotContain("another-secret");
        assertThat(dead.attempts()).isEqualTo(2);
        assertThat(metrics()).contains("tearline_alerts_total{channel=\"webhook\",outcome=\"dead-lettered\"} 1.0");
        // The check itself: the right signature passes, a changed body or timestamp does not.
        byte[] body = "{\"a\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String t = Long.toString(java.time.Instant.now().getEpochSecond());
        String sig = "v1=" + org.tearline.alert.channel.WebhookChannel.sign(SECRET, t, body);
        assertThat(WebhookReceiver.verify(SECRET, t, sig, body)).isTrue();
        assertThat(WebhookReceiver.verify(
                        SECRET, t, sig, "{\"a\":2}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isFalse();
        assertThat(WebhookReceiver.verify(SECRET, Long.toString(Long.parseLong(t) - 1), sig, body))
                .isFalse();
    }

    @Test
    void aDeadLetterReplayedIsDeliveredOnce() throws Exception {
        receiver = new WebhookReceiver(dir.resolve("r"), SECRET);
        receiver.otherwise(503);
        start(AlertFixture.settings(2, Map.of("desk", AlertFixture.hook("desk", receiver, "/hook", SECRET)), null));
        server.app().alerts().subscribe("analyst", AlertFixture.webhook("desk", "window-lapsed"));
        AlertFixture.approvedWarning(server.app(), WARNING);
        server.app().warnings().checkWindows();
        await("a dead letter", () -> !server.app().alerts().deadLetters(10).isEmpty());
        AlertMessage dead = server.app().alerts().deadLetters(10).get(0);

        receiver.otherwise(200);
        server.app().alerts().replay(dead.id());

        await("the replay accepted", () -> receiver.accepted().size() == 1);
        assertThat(receiver.accepted()).containsOnlyKeys(dead.id());
        assertThat(server.app().alerts().deadLetters(10)).isEmpty();
        assertThatThrownBy(() -> server.app().alerts().replay(dead.id()))
                .hasMessageContaining("does not exist (or is not dead)");
    }

    @Test
    void aSlowEndpointDoesNotHoldUpAnother() throws Exception {
        receiver = new WebhookReceiver(dir.resolve("r"), SECRET);
        other = new WebhookReceiver(dir.resolve("o"), SECRET);
        receiver.hold();
        start(AlertFixture.settings(
                6,
                Map.of(
                        "slow", AlertFixture.hook("slow", receiver, "/slow", SECRET),
                        "desk", AlertFixture.hook("desk", other, "/desk", SECRET)),
                null));
        server.app().alerts().subscribe("analyst", AlertFixture.webhook("slow", "window-lapsed"));
        server.app().alerts().subscribe("supervisor", AlertFixture.webhook("desk", "window-lapsed"));
        AlertFixture.approvedWarning(server.app(), WARNING);

        server.app().warnings().checkWindows();

        await("the slow endpoint is being tried", () -> receiver.started() == 1);
        await("the other endpoint served meanwhile", () -> other.accepted().size() == 1);
        assertThat(receiver.accepted()).as("still held").isEmpty();
        receiver.release();
        await("the slow one served too", () -> receiver.accepted().size() == 1);
    }

    @Test
    void aStormToOneRecipientBecomesItsLimitWithTheRestInOneAndNMore() throws Exception {
        receiver = new WebhookReceiver(dir.resolve("r"), SECRET);
        receiver.hold();
        start(AlertFixture.settings(6, Map.of("desk", AlertFixture.hook("desk", receiver, "/hook", SECRET)), null)
                .withRateLimit(3, 10));
        server.app().alerts().subscribe("analyst", AlertFixture.webhook("desk", "window-lapsed", "dismissal"));
        AlertService alerts = server.app().alerts();
        // The first alert takes the lane while the receiver holds it; eight more gather.
        raise(alerts, 0);
        await("the first is in flight", () -> receiver.started() == 1);
        for (int i = 1; i <= 8; i++) {
            raise(alerts, i);
        }
        receiver.release();

        await("three deliveries", () -> receiver.accepted().size() == 3);
        List<JsonNode> docs = List.copyOf(receiver.accepted().values());
        assertThat(docs.get(0).get("alerts")).hasSize(1);
        assertThat(docs.get(1).get("alerts")).hasSize(1);
        assertThat(docs.get(2).get("alerts")).hasSize(7);
        assertThat(docs.get(2).get("more").asInt()).isEqualTo(6);
        assertThat(server.app().alerts().sentTo("analyst", 100)).hasSize(9);
    }

    private void raise(AlertService alerts, int i) {
        server.app().store().write(tx -> {
            alerts.raise(
                    tx,
                    new AlertEvent(
                            AlertKind.DISMISSAL,
                            "storm:" + i,
                            WARNING,
                            "Warning " + i,
                            List.of("trusted"),
                            "high",
                            java.time.Instant.now(),
                            "pa of trusted answered 'disagree'"));
            return null;
        });
    }

    @Test
    void subscriptionsAreCheckedAndFilterByAudienceAndUrgency() throws Exception {
        receiver = new WebhookReceiver(dir.resolve("r"), SECRET);
        start(AlertFixture.settings(6, Map.of("desk", AlertFixture.hook("desk", receiver, "/hook", SECRET)), null));
        AlertService alerts = server.app().alerts();

        assertThatThrownBy(() -> alerts.subscribe("analyst", AlertFixture.webhook("nowhere", "window-lapsed")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("no webhook named 'nowhere'");
        assertThatThrownBy(() -> alerts.subscribe("analyst", AlertFixture.webhook("desk", "everything")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("'everything' is not one of");
        assertThatThrownBy(() -> alerts.subscribe("pa", AlertFixture.webhook("desk", "dismissal")))
                .hasMessageContaining("not an enabled producer user");
        assertThatThrownBy(() -> alerts.subscribe(
                        "analyst",
                        new AlertService.Request("email", "a@example.org", Set.of("dismissal"), null, null, 0)))
                .isInstanceOf(UnprocessableException.class)
                .hasMessageContaining("alerts.smtp");
        AlertSubscription wary = alerts.subscribe(
                "analyst", new AlertService.Request("webhook", "desk", Set.of("window-lapsed"), "wary", null, 0));
        AlertSubscription low = alerts.subscribe(
                "analyst", new AlertService.Request("webhook", "desk", Set.of("window-lapsed"), null, "low", 0));
        alerts.subscribe(
                "supervisor",
                new AlertService.Request("webhook", "desk", Set.of("window-lapsed"), "trusted", "immediate", 0));
        assertThat(alerts.subscriptions("analyst")).containsExactly(wary, low);

        AlertFixture.approvedWarning(server.app(), WARNING);
        server.app().warnings().checkWindows();

        await("one delivery", () -> receiver.accepted().size() == 1);
        assertThat(receiver.accepted()
                        .values()
                        .iterator()
                        .next()
                        .get("recipient")
                        .asText())
                .isEqualTo("supervisor");
        alerts.unsubscribe("analyst", low.id());
        assertThatThrownBy(() -> alerts.unsubscribe("supervisor", wary.id()))
                .hasMessageContaining("does not exist for user 'supervisor'");
        assertThat(alerts.subscriptions("analyst")).containsExactly(wary);
    }
}
