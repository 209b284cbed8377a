package org.tearline.peer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tearline.domain.PeerSubscription;

/**
 * Pulls every subscription on its schedule while the server runs. A failed pull is tried again
 * after a delay that doubles with each failure in a row (from the subscription's own interval,
 * up to {@link #MAX_BACKOFF}), or after the time the peer asked for with Retry-After, whichever
 * is longer. Subscriptions added while running are picked up at the next tick.
 */
public final class PullScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PullScheduler.class);

    /** Longest wait after failures. */
    static final Duration MAX_BACKOFF = Duration.ofMinutes(15);

    private final PeerService peers;
    private final Clock clock;
    private final Duration tick;
    private final Map<String, Instant> due = new HashMap<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private ScheduledExecutorService executor;

    public PullScheduler(PeerService peers, Clock clock, Duration tick) {
        this.peers = peers;
        this.clock = clock;
        this.tick = tick;
    }

    /** Starts pulling in a background thread. */
    // The task catches and logs its own failures and the executor is shut down on close: the
    // future has nothing more to say.
    @SuppressWarnings("FutureReturnValueIgnored")
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tearline-peer-pulls");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::runDue, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Pulls the subscriptions that are due; one at a time, so two pulls never share a cursor. */
    void runDue() {
        try {
            List<PeerSubscription> all = peers.subscriptions(null);
            Set<String> live = new HashSet<>();
            for (PeerSubscription s : all) {
                live.add(s.id());
                Instant now = clock.instant();
                if (due.getOrDefault(s.id(), Instant.MIN).isAfter(now)) {
                    continue;
                }
                PeerService.PullReport r = peers.pull(s);
                Duration every = Duration.ofSeconds(s.every());
                if (r.error() == null) {
                    failures.remove(s.id());
                    due.put(s.id(), clock.instant().plus(every));
                } else {
                    int n = failures.merge(s.id(), 1, Integer::sum);
                    Duration wait = backoff(every, n);
                    if (r.retryAfter() != null && r.retryAfter().compareTo(wait) > 0) {
                        wait = r.retryAfter();
                    }
                    due.put(s.id(), clock.instant().plus(wait));
                }
            }
            due.keySet().retainAll(live);
            failures.keySet().retainAll(live);
        } catch (RuntimeException e) {
            LOG.warn("scheduling peer pulls failed, will retry", e);
        }
    }

    static Duration backoff(Duration every, int failuresInARow) {
        Duration d = every;
        for (int i = 1; i < failuresInARow && d.compareTo(MAX_BACKOFF) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
