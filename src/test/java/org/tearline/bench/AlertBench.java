package org.tearline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tearline.alert.AlertEvent;
import org.tearline.alert.AlertFixture;
import org.tearline.alert.AlertKind;
import org.tearline.alert.AlertService;
import org.tearline.alert.WebhookReceiver;
import org.tearline.config.AlertSettings;
import org.tearline.stix.StixJson;
import org.tearline.testing.TestServer;

/**
 * The alert benchmark: from an event's commit to its webhooks' arrival, with 100 subscriptions
 * (each its own webhook, all on one HTTPS receiver on loopback), at the default dispatch
 * interval. Not a test. Each round raises one event and waits for its 100 deliveries; the
 * figure is the p95 of all deliveries' latencies. Run it with {@code bench/alerts.sh}; see
 * docs/benchmarks.md.
 *
 * <p>Arguments: {@code [--rounds 30] [--subscriptions 100] [--work DIR]}.
 */
public final class AlertBench {

    private AlertBench() {}

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        int rounds = Integer.parseInt(args.getOrDefault("rounds", "30"));
        int subs = Integer.parseInt(args.getOrDefault("subscriptions", "100"));
        Path work = Path.of(args.getOrDefault("work", "target/bench-alerts"));
        Files.createDirectories(work);
        Path run = Files.createTempDirectory(work, "run");
        Map<String, Object> speed = MachineSpeed.measure();
        System.err.println("machine speed (ms of fixed work, lower is faster): " + speed);

        try (WebhookReceiver receiver = new WebhookReceiver(run.resolve("receiver"), AlertFixture.SECRET)) {
            Map<String, AlertSettings.Webhook> hooks = new LinkedHashMap<>();
            for (int i = 0; i < subs; i++) {
                hooks.put("h" + i, AlertFixture.hook("h" + i, receiver, "/h" + i, AlertFixture.SECRET));
            }
            // The default settings but a rate limit no round reaches.
            AlertSettings settings =
                    AlertSettings.defaults().withChannels(null, hooks).withRateLimit(100_000, 1);
            try (TestServer server = TestServer.start(
                    run.resolve("data"), TestServer.config(null).withAlerts(settings))) {
                AlertFixture.people(server.app(), TestServer.PASSWORD);
                AlertService alerts = server.app().alerts();
                for (int i = 0; i < subs; i++) {
                    alerts.subscribe(
                            "analyst",
                            new AlertService.Request("webhook", "h" + i, Set.of("dismissal"), null, null, 0));
                }
                List<Long> latencies = new ArrayList<>();
                int warmup = 5;
                for (int r = 0; r < warmup + rounds; r++) {
                    int before = receiver.arrivals().size();
                    String round = "round-" + r;
                    server.app().store().write(tx -> {
                        alerts.raise(
                                tx,
                                new AlertEvent(
                                        AlertKind.DISMISSAL,
                                        round,
                                        "report--00000000-0000-4000-8000-000000000000",
                                        round,
                                        List.of("trusted"),
                                        "high",
                                        server.app().clock().instant(),
                                        null));
                        return null;
                    });
                    long committed = System.nanoTime();
                    long deadline = committed + 60_000_000_000L;
                    while (receiver.arrivals().size() < before + subs && System.nanoTime() < deadline) {
                        Thread.sleep(2);
                    }
                    List<WebhookReceiver.Arrival> got = receiver.arrivals();
                    if (got.size() < before + subs) {
                        throw new IllegalStateException(round + ": only " + (got.size() - before) + " of " + subs
                                + " deliveries arrived within 60 s");
                    }
                    if (r < warmup) {
                        continue;
                    }
                    for (WebhookReceiver.Arrival a : got.subList(before, got.size())) {
                        JsonNode doc = StixJson.mapper().readTree(a.body());
                        if (doc.get("alerts").get(0).get("name").asText().equals(round)) {
                            latencies.add(a.nanos() - committed);
                        }
                    }
                    // A pause between rounds: the next event does not find the lanes busy.
                    Thread.sleep(300);
                }
                latencies.sort(Long::compare);
                Map<String, Object> out = new LinkedHashMap<>(speed);
                out.put("subscriptions", subs);
                out.put("deliveries", latencies.size());
                out.put("p50_ms", pct(latencies, 0.50));
                out.put("p95_ms", pct(latencies, 0.95));
                out.put("max_ms", latencies.get(latencies.size() - 1) / 1e6);
                System.out.println(StixJson.mapper().writeValueAsString(out));
            }
        }
    }

    private static double pct(List<Long> sorted, double p) {
        int i = (int) Math.ceil(p * sorted.size()) - 1;
        return Math.round(sorted.get(Math.max(0, i)) / 1e4) / 100.0;
    }
}
