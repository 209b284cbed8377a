package org.tearline.alert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.tearline.alert.channel.AlertChannel;
import org.tearline.alert.channel.Delivery;
import org.tearline.alert.channel.DeliveryFailedException;
import org.tearline.alert.channel.SmtpChannel;
import org.tearline.alert.channel.WebhookChannel;
import org.tearline.audit.AuditEvent;
import org.tearline.audit.Disclosures;
import org.tearline.config.AlertSettings;
import org.tearline.domain.Account;
import org.tearline.domain.AlertMessage;
import org.tearline.domain.AlertSubscription;
import org.tearline.error.BadRequestException;
import org.tearline.error.Echo;
import org.tearline.error.NotFoundException;
import org.tearline.error.PermissionDeniedException;
import org.tearline.error.UnprocessableException;
import org.tearline.stix.StixJson;
import org.tearline.stix.WarningExtension;
import org.tearline.store.Store;
import org.tearline.store.StoreTx;

/**
 * Alerts: producer users' subscriptions, the events that queue alerts in the outbox (as
 * {@link AlertEvents}), and what an operator does with what could not be delivered. Delivery
 * itself is the {@link Dispatcher}'s, started by {@link #startDispatching} on a serving node.
 */
public final class AlertService implements AlertEvents, AutoCloseable {

    /** Subscribable kinds, by label. */
    public static final Set<String> KINDS = subscribable();

    private final Store store;
    private final Clock clock;
    private final AlertSettings settings;
    private final Disclosures disclosures;
    private final Map<String, AlertChannel> channels = new LinkedHashMap<>();
    private final Rendering rendering;
    private final Outcomes outcomes;
    private Dispatcher dispatcher;

    /**
     * {@code consoleBase} is the node's public URL for links in alerts (null: no links). The
     * channels are built, and their CA files read, here: a bad one stops the start.
     */
    public AlertService(
            Store store,
            Clock clock,
            AlertSettings settings,
            Disclosures disclosures,
            MeterRegistry metrics,
            String consoleBase) {
        this.store = store;
        this.clock = clock;
        this.settings = settings;
        this.disclosures = disclosures;
        Duration timeout = Duration.ofSeconds(settings.timeoutSeconds());
        if (settings.smtp() != null) {
            add(new SmtpChannel(settings.smtp(), timeout, clock));
        }
        add(new WebhookChannel(settings.webhooks(), timeout, clock));
        this.rendering = new Rendering(consoleBase);
        this.outcomes = new Outcomes(metrics);
    }

    private void add(AlertChannel c) {
        channels.put(c.name(), c);
    }

    private static Set<String> subscribable() {
        Set<String> out = new LinkedHashSet<>();
        for (AlertKind k : AlertKind.values()) {
            if (k != AlertKind.TEST) {
                out.add(k.label());
            }
        }
        return Set.copyOf(out);
    }

    // --- events --------------------------------------------------------------------------

    @Override
    public void raise(StoreTx tx, AlertEvent event) {
        Instant now = clock.instant();
        for (AlertSubscription s : tx.alerts().allSubscriptions()) {
            if (!matches(s, event)) {
                continue;
            }
            tx.alerts()
                    .enqueue(AlertMessage.queued(
                            UUID.randomUUID().toString(),
                            s,
                            event.kind().label(),
                            event.key(),
                            event.subject(),
                            Rendering.payload(event),
                            now,
                            due(s, now)));
        }
    }

    private static boolean matches(AlertSubscription s, AlertEvent e) {
        return s.kinds().contains(e.kind().label())
                && (s.audience() == null || e.audiences().contains(s.audience()))
                && (s.urgency() == null || s.urgency().equals(e.urgency()));
    }

    /** Now, or for a digest the end of the current period of N minutes. */
    static Instant due(AlertSubscription s, Instant now) {
        if (s.digestMinutes() <= 0) {
            return now;
        }
        long period = s.digestMinutes() * 60_000L;
        long end = (Math.floorDiv(now.toEpochMilli(), period) + 1) * period;
        return Instant.ofEpochMilli(end);
    }

    // --- subscriptions -------------------------------------------------------------------

    /** What a subscription asks for. */
    public record Request(
            String channel, String target, Set<String> kinds, String audience, String urgency, int digestMinutes) {}

    /** Subscribes a producer user. */
    public AlertSubscription subscribe(String account, Request r) {
        AlertChannel c = channels.get(r.channel());
        if (!Set.of("email", "webhook").contains(r.channel())) {
            throw new BadRequestException("channel " + Echo.quote(r.channel()) + " is not email or webhook");
        }
        if (c == null) {
            throw new UnprocessableException("e-mail alerts need alerts.smtp in tearline.yaml; it is not set");
        }
        c.problem(r.target()).ifPresent(p -> {
            throw new BadRequestException(p);
        });
        if (r.kinds().isEmpty()) {
            throw new BadRequestException("a subscription names at least one kind of event: "
                    + KINDS.stream().sorted().toList());
        }
        for (String k : r.kinds()) {
            if (!KINDS.contains(k)) {
                throw new BadRequestException("kind of event " + Echo.quote(k) + " is not one of "
                        + KINDS.stream().sorted().toList());
            }
        }
        if (r.urgency() != null && !WarningExtension.URGENCIES.contains(r.urgency())) {
            throw new BadRequestException("urgency " + Echo.quote(r.urgency()) + " is not one of "
                    + WarningExtension.URGENCIES.stream().sorted().toList());
        }
        if (r.digestMinutes() < 0 || r.digestMinutes() > 1_440) {
            throw new BadRequestException(
                    "a digest is sent every 1 to 1440 minutes (0 for each alert at once), not " + r.digestMinutes());
        }
        AlertSubscription s = new AlertSubscription(
                "subscription--" + UUID.randomUUID(),
                account,
                r.channel(),
                r.target(),
                r.kinds(),
                r.audience(),
                r.urgency(),
                r.digestMinutes(),
                clock.instant().truncatedTo(ChronoUnit.MICROS));
        return store.write(tx -> {
            Account a = tx.accounts()
                    .findAccount(account)
                    .orElseThrow(() -> new NotFoundException("user " + Echo.quote(account) + " does not exist"));
            if (a.role() != Account.Role.PRODUCER || a.disabled()) {
                throw new PermissionDeniedException("user " + Echo.quote(account)
                        + " is not an enabled producer user; only they subscribe to alerts");
            }
            if (r.audience() != null
                    && tx.releaseViews().findAudience(r.audience()).isEmpty()) {
                throw new NotFoundException("audience " + Echo.quote(r.audience()) + " does not exist");
            }
            tx.alerts().addSubscription(s);
            return s;
        });
    }

    /** Removes a subscription; {@code account}, when not null, must own it. */
    public void unsubscribe(String account, String id) {
        store.write(tx -> {
            AlertSubscription s = owned(tx, account, id);
            tx.alerts().removeSubscription(s.id());
            return null;
        });
    }

    private static AlertSubscription owned(StoreTx tx, String account, String id) {
        AlertSubscription s = tx.alerts()
                .findSubscription(id)
                .filter(x -> account == null || x.account().equals(account))
                .orElseThrow(() -> new NotFoundException("subscription " + Echo.quote(id) + " does not exist"
                        + (account == null ? "" : " for user '" + account + "'")));
        return s;
    }

    /** One user's subscriptions, or everyone's when {@code account} is null. */
    public List<AlertSubscription> subscriptions(String account) {
        return store.read(tx ->
                account == null ? tx.alerts().allSubscriptions() : tx.alerts().subscriptionsOf(account));
    }

    /** The channels configured, by name: {@code email} only with alerts.smtp. */
    public Set<String> channels() {
        return Set.copyOf(channels.keySet());
    }

    /** The webhooks configured, by name. */
    public Set<String> webhooks() {
        return settings.webhooks().keySet();
    }

    // --- operator ------------------------------------------------------------------------

    /** Alerts given up on, the newest first. */
    public List<AlertMessage> deadLetters(int limit) {
        return store.read(tx -> tx.alerts().deadLetters(limit));
    }

    /** Queues a dead letter again, as new: it gets all its attempts again. */
    public void replay(String id) {
        Instant now = clock.instant();
        boolean done = store.write(tx -> tx.alerts().replay(id, now));
        if (!done) {
            throw new NotFoundException("dead letter " + Echo.quote(id) + " does not exist (or is not dead)");
        }
    }

    /** Alerts sent to a user, the newest first. */
    public List<AlertMessage> sentTo(String account, int limit) {
        return store.read(tx -> tx.alerts().sentTo(account, limit));
    }

    /** One queued alert. */
    public AlertMessage message(String id) {
        return store.read(tx -> tx.alerts().findMessage(id))
                .orElseThrow(() -> new NotFoundException("alert " + Echo.quote(id) + " does not exist"));
    }

    /**
     * Sends a test alert on a subscription now, without the outbox, and says whether it
     * arrived: how a user checks a new subscription. Counted and recorded like any alert.
     */
    public void test(String account, String subscriptionId) {
        AlertSubscription s = store.read(tx -> owned(tx, account, subscriptionId));
        Instant now = clock.instant();
        AlertEvent e = new AlertEvent(
                AlertKind.TEST,
                "test:" + UUID.randomUUID(),
                null,
                null,
                List.of(),
                null,
                now,
                "a test of subscription " + s.id() + "; no warning is concerned");
        AlertMessage m = AlertMessage.queued(
                "test-" + UUID.randomUUID(), s, AlertKind.TEST.label(), e.key(), null, Rendering.payload(e), now, now);
        Delivery d = rendering.delivery(m.id(), s.account(), List.of(m), false, false, now);
        try {
            channel(s.channel()).send(s.target(), d);
        } catch (DeliveryFailedException ex) {
            outcomes.count("failed", s.channel(), 1);
            throw new UnprocessableException("the test alert did not arrive: " + ex.getMessage(), ex);
        }
        outcomes.count("sent", s.channel(), 1);
        store.write(tx -> {
            recordSent(tx, List.of(m), d.key(), now);
            return null;
        });
    }

    AlertChannel channel(String name) {
        AlertChannel c = channels.get(name);
        if (c == null) {
            throw new UnprocessableException("channel '" + name + "' is not configured");
        }
        return c;
    }

    /** Records sent alerts in the disclosure record: kind, recipient, time; never the body. */
    void recordSent(StoreTx tx, List<AlertMessage> ms, String deliveryKey, Instant at) {
        List<AuditEvent> events = new ArrayList<>();
        for (AlertMessage m : ms) {
            ObjectNode d = StixJson.mapper().createObjectNode();
            d.put("alert", m.id());
            d.put("kind", m.kind());
            d.put("recipient", m.account());
            d.put("channel", m.channel());
            d.put("target", m.target());
            d.put("delivery", deliveryKey);
            events.add(new AuditEvent(
                    "alert-sent",
                    "(tearline)",
                    null,
                    m.subject() != null ? m.subject() : m.account(),
                    d,
                    m.subject() != null ? Set.of(m.subject()) : Set.of()));
        }
        disclosures.record(tx, events);
    }

    // --- dispatching ---------------------------------------------------------------------

    /** Starts delivering queued alerts in the background, until {@link #close}. */
    public synchronized void startDispatching() {
        if (dispatcher == null) {
            dispatcher = new Dispatcher(this, store, clock, settings, rendering, outcomes);
            dispatcher.start();
        }
    }

    /** Runs one round of delivery now and waits for it: for tests and benchmarks. */
    public void dispatchOnce() {
        new Dispatcher(this, store, clock, settings, rendering, outcomes).runOnce();
    }

    @Override
    public synchronized void close() {
        if (dispatcher != null) {
            dispatcher.close();
            dispatcher = null;
        }
    }
}
