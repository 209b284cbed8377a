package org.tearline.domain;

import java.time.Instant;

/**
 * One alert in the outbox: an event for one subscription, queued in the transaction that
 * caused the event, then delivered (or given up on) by the dispatcher.
 *
 * @param eventKey     what makes the event unique: the same event is queued once per subscription
 * @param subject      the warning (or other thing) the event is about
 * @param payload      the event as JSON, holding only what the subscriber may see
 * @param nextAttempt  when the dispatcher may next try it (a digest's end, or a retry's backoff)
 * @param claimedUntil until when a dispatcher holds it; the epoch when no one does
 * @param deliveryKey  for a sent alert, the delivery that carried it (one per digest or fold)
 */
public record AlertMessage(
        String id,
        String subscriptionId,
        String account,
        String channel,
        String target,
        String kind,
        String eventKey,
        String subject,
        String payload,
        Instant created,
        Instant nextAttempt,
        int attempts,
        State state,
        String lastError,
        Instant claimedUntil,
        Instant sentAt,
        String deliveryKey) {

    /** Where an alert is in its life. */
    public enum State {
        PENDING("pending"),
        SENT("sent"),
        DEAD("dead");

        private final String dbName;

        State(String dbName) {
            this.dbName = dbName;
        }

        public String dbName() {
            return dbName;
        }

        public static State of(String dbName) {
            for (State s : values()) {
                if (s.dbName.equals(dbName)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown alert state " + dbName);
        }
    }

    /** Whom it goes to, as {@link AlertSubscription#recipient()}. */
    public String recipient() {
        return channel + ":" + target;
    }

    /** A new alert, due at {@code due}. */
    public static AlertMessage queued(
            String id,
            AlertSubscription s,
            String kind,
            String eventKey,
            String subject,
            String payload,
            Instant now,
            Instant due) {
        return new AlertMessage(
                id,
                s.id(),
                s.account(),
                s.channel(),
                s.target(),
                kind,
                eventKey,
                subject,
                payload,
                now,
                due,
                0,
                State.PENDING,
                null,
                Instant.EPOCH,
                null,
                null);
    }
}
