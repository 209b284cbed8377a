package org.tearline.alert;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The alerts counted in /metrics, as {@code tearline_alerts_total} by outcome (sent, failed,
 * dead-lettered) and channel: one per alert, so a digest of five sent counts five.
 */
final class Outcomes {

    private final MeterRegistry registry;

    Outcomes(MeterRegistry registry) {
        this.registry = registry;
    }

    void count(String outcome, String channel, int n) {
        Counter.builder("tearline.alerts")
                .description("Alerts by outcome and channel")
                .tag("outcome", outcome)
                .tag("channel", channel)
                .register(registry)
                .increment(n);
    }
}
