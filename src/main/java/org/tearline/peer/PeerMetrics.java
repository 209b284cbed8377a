package org.tearline.peer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-peer figures for {@code /metrics}: objects received and quarantined, failed pulls, and the
 * lag, the seconds since a pull last reached the end of everything the peer offered (so a peer
 * that fails, or a pull that cannot keep up, shows a growing lag).
 */
public final class PeerMetrics {

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Instant> caughtUp = new ConcurrentHashMap<>();

    public PeerMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    void pulled(String peer, String subscription, PullResult r, Instant at) {
        lag(peer);
        caughtUp.put(peer, at);
        counter("tearline.peer.received", "Object versions received from a peer and stored", peer)
                .increment((double) r.stored());
        counter("tearline.peer.quarantined", "Objects from a peer kept aside in quarantine", peer)
                .increment((double) r.quarantined());
    }

    void failed(String peer) {
        lag(peer);
        counter("tearline.peer.errors", "Pulls from a peer that failed", peer).increment();
    }

    /** Makes the lag gauge of a peer known from its first pull, caught up or not. */
    private void lag(String peer) {
        caughtUp.computeIfAbsent(peer, p -> {
            Gauge.builder("tearline.peer.lag.seconds", this, m -> m.lagSeconds(p))
                    .description("Seconds since a pull from the peer last reached its end")
                    .tag("peer", p)
                    .register(registry);
            return Instant.EPOCH;
        });
    }

    private double lagSeconds(String peer) {
        Instant last = caughtUp.get(peer);
        if (last == null || last.equals(Instant.EPOCH)) {
            return Double.NaN;
        }
        return Duration.between(last, clock.instant()).toMillis() / 1000.0;
    }

    private Counter counter(String name, String description, String peer) {
        return Counter.builder(name).description(description).tag("peer", peer).register(registry);
    }
}
