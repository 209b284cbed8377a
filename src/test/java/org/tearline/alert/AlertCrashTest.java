package org.tearline.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tearline.alert.AlertFixture.SECRET;
import static org.tearline.alert.AlertFixture.WARNING;
import static org.tearline.alert.WebhookReceiver.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.Tearline;
import org.tearline.config.TearlineConfig;
import org.tearline.testing.ServerProcess;

/**
 * A node killed with SIGKILL after an event committed and before its alert was delivered:
 * the alert was queued with the event, so the restarted node delivers it, once.
 */
class AlertCrashTest {

    @TempDir
    Path dir;

    @Test
    void anAlertQueuedBeforeAKillIsDeliveredExactlyOnceAfterTheRestart() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        try (WebhookReceiver receiver = new WebhookReceiver(dir.resolve("r"), SECRET)) {
            receiver.otherwise(503);
            Files.writeString(
                    data.resolve("tearline.yaml"), """
                    auth: {argon2-memory-kib: 8192, argon2-iterations: 1}
                    warnings: {check-interval-seconds: 1}
                    alerts:
                      dispatch-interval-millis: 20
                      timeout-seconds: 2
                      retry: {attempts: 100, first-delay-millis: 100, max-delay-millis: 200}
                      webhooks:
                        desk: {url: "%s", secret: "%s", ca-file: "%s"}
                    """.formatted(receiver.url("/hook"), SECRET, receiver.caFile()));
            TearlineConfig config = TearlineConfig.load(data.resolve("tearline.yaml"));
            // Set up without serving: nothing checks windows or dispatches here.
            try (Tearline app = Tearline.open(config, data, Clock.systemUTC())) {
                AlertFixture.people(app, "correct horse battery staple");
                app.alerts().subscribe("analyst", AlertFixture.webhook("desk", "window-lapsed"));
                AlertFixture.approvedWarning(app, WARNING);
            }

            ServerProcess first = ServerProcess.start(data, null);
            try {
                // The node lapses the window, queues the alert with the lapse, and tries it.
                await("a delivery attempted", () -> receiver.started() >= 1);
                first.kill();
            } finally {
                first.killIfAlive();
            }
            assertThat(receiver.accepted()).isEmpty();
            assertThat(outbox(data)).singleElement().isEqualTo("pending");

            receiver.otherwise(200);
            ServerProcess second = ServerProcess.start(data, null);
            try {
                await("the alert delivered", () -> receiver.accepted().size() == 1);
                await("the delivery recorded", () -> outbox(data).equals(List.of("sent")));
            } finally {
                second.kill();
            }
            List<WebhookReceiver.Arrival> arrivals = receiver.arrivals();
            assertThat(arrivals)
                    .extracting(WebhookReceiver.Arrival::key)
                    .containsOnly(arrivals.get(0).key());
            assertThat(arrivals.stream().filter(a -> a.status() == 200)).hasSize(1);
            assertThat(receiver.accepted()
                            .values()
                            .iterator()
                            .next()
                            .get("alerts")
                            .get(0)
                            .get("warning")
                            .asText())
                    .isEqualTo(WARNING);
        }
    }

    /** The outbox's states, read straight from the database file. */
    private static List<String> outbox(Path data) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("tearline.db"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT state FROM alert_outbox ORDER BY id")) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
