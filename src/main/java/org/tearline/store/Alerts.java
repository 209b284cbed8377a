package org.tearline.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.tearline.domain.AlertMessage;
import org.tearline.domain.AlertSubscription;

/**
 * Alert subscriptions and the outbox: alerts queued with the events that caused them, their
 * delivery attempts, the dead letters and the log of what was sent.
 */
public interface Alerts {

    void addSubscription(AlertSubscription s);

    Optional<AlertSubscription> findSubscription(String id);

    /** One user's subscriptions, oldest first. */
    List<AlertSubscription> subscriptionsOf(String account);

    /** Every subscription, oldest first. */
    List<AlertSubscription> allSubscriptions();

    /**
     * Removes a subscription and its alerts not yet sent; sent and dead ones stay in the log.
     * Returns whether it existed.
     */
    boolean removeSubscription(String id);

    /**
     * Queues an alert, unless one for the same subscription and event key is already queued
     * (sent or not). Returns whether it was queued.
     */
    boolean enqueue(AlertMessage m);

    Optional<AlertMessage> findMessage(String id);

    /** Pending alerts due by {@code now} that no dispatcher holds, the earliest first. */
    List<AlertMessage> due(Instant now, int limit);

    /**
     * Takes a pending alert for a dispatcher until {@code until}, unless another holds it.
     * Returns whether this one got it.
     */
    boolean claim(String id, Instant now, Instant until);

    /** Marks alerts sent, together as one delivery. */
    void markSent(Collection<String> ids, String deliveryKey, Instant at);

    /** Records a failed attempt: pending again from {@code nextAttempt}, the claim released. */
    void markFailed(String id, int attempts, Instant nextAttempt, String error);

    /** Gives up on an alert: a dead letter until replayed. */
    void markDead(String id, int attempts, String error);

    /** Releases a claim without counting an attempt (the alert was held back, not tried). */
    void postpone(String id, Instant nextAttempt);

    /** Dead letters, the newest first. */
    List<AlertMessage> deadLetters(int limit);

    /** Makes a dead letter pending again, from {@code now}, with its attempts reset. */
    boolean replay(String id, Instant now);

    /** Deliveries (a digest or fold counts once) sent to a recipient since {@code since}. */
    int deliveriesSince(String channel, String target, Instant since);

    /** Sent alerts of one user, the newest first. */
    List<AlertMessage> sentTo(String account, int limit);
}
