package org.tearline.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tearline.alert.channel.AlertChannel;
import org.tearline.alert.channel.Delivery;
import org.tearline.alert.channel.DeliveryFailedException;
import org.tearline.config.AlertSettings;
import org.tearline.domain.AlertMessage;
import org.tearline.domain.AlertSubscription;
import org.tearline.error.TearlineException;
import org.tearline.store.Store;

/**
 * Delivers the outbox. Every interval it reads the alerts due and hands each recipient's to a
 * lane of its own (at most one delivery in flight per recipient, each bounded by the channel's
 * timeout), so a slow or dead endpoint holds up only its own alerts. A lane claims its alerts in
 * the store first, so two nodes never send the same one; a claim left by a crashed node runs
 * out and the alert is tried again, under the same idempotency key.
 *
 * <p>In a lane: a subscription's digest goes as one delivery; beyond the recipient's rate
 * limit, the rest are folded into one "and N more" delivery; a failure is retried with
 * exponential backoff, and after the last attempt the alert is a dead letter.
 */
final class Dispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final int BATCH = 1_000;

    private final AlertService service;
    private final Store store;
    private final Clock clock;
    private final AlertSettings settings;
    private final Rendering rendering;
    private final Outcomes outcomes;
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private final Duration lease;
    private ScheduledExecutorService poller;
    private ExecutorService lanes;

    Dispatcher(
            AlertService service,
            Store store,
            Clock clock,
            AlertSettings settings,
            Rendering rendering,
            Outcomes outcomes) {
        this.service = service;
        this.store = store;
        this.clock = clock;
        this.settings = settings;
        this.rendering = rendering;
        this.outcomes = outcomes;
        // Longer than any one delivery can take, so a live lane never loses its claim.
        this.lease = Duration.ofSeconds(2L * settings.timeoutSeconds() + 2);
    }

    // The poll catches and logs its own failures and the executor is shut down on close:
    // the future has nothing more to say.
    @SuppressWarnings("FutureReturnValueIgnored")
    void start() {
        lanes = Executors.newCachedThreadPool(daemon("tearline-alert-lane"));
        poller = Executors.newSingleThreadScheduledExecutor(daemon("tearline-alert-dispatch"));
        poller.scheduleWithFixedDelay(
                () -> {
                    try {
                        poll();
                    } catch (RuntimeException e) {
                        LOG.warn("reading the alert outbox failed, will retry", e);
                    }
                },
                0,
                settings.dispatchIntervalMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** One round, every lane run to the end on this thread's watch. */
    void runOnce() {
        lanes = Executors.newCachedThreadPool(daemon("tearline-alert-lane"));
        try {
            for (Future<?> f : poll()) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("an alert lane failed", e.getCause());
        } finally {
            lanes.shutdownNow();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private List<Future<?>> poll() {
        Instant now = clock.instant();
        List<AlertMessage> due = store.read(tx -> tx.alerts().due(now, BATCH));
        Map<String, List<AlertMessage>> byRecipient = new LinkedHashMap<>();
        for (AlertMessage m : due) {
            byRecipient.computeIfAbsent(m.recipient(), k -> new ArrayList<>()).add(m);
        }
        List<Future<?>> started = new ArrayList<>();
        byRecipient.forEach((recipient, ms) -> {
            if (busy.add(recipient)) {
                started.add(lanes.submit(() -> {
                    try {
                        lane(ms);
                    } catch (RuntimeException e) {
                        LOG.warn("delivering alerts to {} failed, will retry", recipient, e);
                    } finally {
                        busy.remove(recipient);
                    }
                }));
            }
        });
        return started;
    }

    /** A unit of delivery: one alert, or a digest, or a fold. */
    private record Unit(List<AlertMessage> messages, boolean digest, boolean folded) {}

    private void lane(List<AlertMessage> due) {
        Instant now = clock.instant();
        Instant until = now.plus(lease);
        List<AlertMessage> mine = new ArrayList<>();
        for (AlertMessage m : due) {
            if (store.write(tx -> tx.alerts().claim(m.id(), now, until))) {
                mine.add(m);
            }
        }
        if (mine.isEmpty()) {
            return;
        }
        AlertMessage first = mine.get(0);
        AlertChannel channel;
        try {
            channel = service.channel(first.channel());
        } catch (TearlineException e) {
            fail(new Unit(mine, false, false), e.getMessage(), true);
            return;
        }
        List<Unit> units = units(mine);
        Duration window = Duration.ofMinutes(settings.rateWindowMinutes());
        int used = store.read(tx -> tx.alerts().deliveriesSince(first.channel(), first.target(), now.minus(window)));
        int room = settings.ratePerRecipient() - used;
        if (room <= 0) {
            // Over the limit: wait, and fold what gathered meanwhile when the window allows.
            Instant later = now.plus(window.compareTo(Duration.ofMinutes(1)) < 0 ? window : Duration.ofMinutes(1));
            store.write(tx -> {
                mine.forEach(m -> tx.alerts().postpone(m.id(), later));
                return null;
            });
            return;
        }
        if (units.size() > room) {
            List<Unit> kept = new ArrayList<>(units.subList(0, room - 1));
            List<AlertMessage> rest = new ArrayList<>();
            units.subList(room - 1, units.size()).forEach(u -> rest.addAll(u.messages()));
            kept.add(new Unit(rest, false, true));
            units = kept;
        }
        for (Unit u : units) {
            send(channel, u);
        }
    }

    /** A digest subscription's alerts together; every other alert alone. */
    private List<Unit> units(List<AlertMessage> ms) {
        Map<String, Optional<AlertSubscription>> subs = new LinkedHashMap<>();
        Map<String, List<AlertMessage>> digests = new LinkedHashMap<>();
        List<Unit> out = new ArrayList<>();
        for (AlertMessage m : ms) {
            Optional<AlertSubscription> s = subs.computeIfAbsent(
                    m.subscriptionId(), id -> store.read(tx -> tx.alerts().findSubscription(id)));
            if (s.isPresent() && s.get().digestMinutes() > 0) {
                digests.computeIfAbsent(m.subscriptionId(), k -> new ArrayList<>())
                        .add(m);
            } else {
                out.add(new Unit(List.of(m), false, false));
            }
        }
        digests.values().forEach(d -> out.add(new Unit(d, true, false)));
        return out;
    }

    private void send(AlertChannel channel, Unit u) {
        AlertMessage first = u.messages().get(0);
        String key = key(u.messages());
        Instant now = clock.instant();
        Delivery d = rendering.delivery(key, first.account(), u.messages(), u.digest(), u.folded(), now);
        try {
            channel.send(first.target(), d);
        } catch (DeliveryFailedException e) {
            LOG.warn("alert delivery {} to {} failed: {}", key, first.recipient(), e.getMessage());
            fail(u, e.getMessage(), false);
            return;
        }
        List<String> ids = u.messages().stream().map(AlertMessage::id).toList();
        store.write(tx -> {
            tx.alerts().markSent(ids, key, now);
            service.recordSent(tx, u.messages(), key, now);
            return null;
        });
        outcomes.count("sent", first.channel(), ids.size());
    }

    /** Counts an attempt: retried after a backoff, or a dead letter after the last. */
    private void fail(Unit u, String error, boolean hopeless) {
        int attempts =
                u.messages().stream().mapToInt(AlertMessage::attempts).max().orElse(0) + 1;
        String why = error == null ? "unknown" : error.length() > 500 ? error.substring(0, 500) : error;
        String channel = u.messages().get(0).channel();
        if (hopeless || attempts >= settings.maxAttempts()) {
            store.write(tx -> {
                u.messages().forEach(m -> tx.alerts().markDead(m.id(), attempts, why));
                return null;
            });
            outcomes.count("dead-lettered", channel, u.messages().size());
            LOG.warn(
                    "{} alert(s) to {} dead-lettered after {} attempt(s): {}",
                    u.messages().size(),
                    u.messages().get(0).recipient(),
                    attempts,
                    why);
            return;
        }
        long delay = settings.firstRetryMillis() << Math.min(30, attempts - 1);
        Instant next = clock.instant().plusMillis(Math.min(delay, settings.maxRetryMillis()));
        store.write(tx -> {
            u.messages().forEach(m -> tx.alerts().markFailed(m.id(), attempts, next, why));
            return null;
        });
        outcomes.count("failed", channel, u.messages().size());
    }

    /**
     * The idempotency key: an alert's own id, or for several a digest of their ids, the same
     * for every attempt at the same alerts.
     */
    static String key(List<AlertMessage> ms) {
        if (ms.size() == 1) {
            return ms.get(0).id();
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ms.stream().map(AlertMessage::id).sorted().forEach(id -> {
                sha.update(id.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            });
            return "alerts-" + HexFormat.of().formatHex(sha.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
        if (lanes != null) {
            lanes.shutdownNow();
        }
    }
}
