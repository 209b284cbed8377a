package org.tearline.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tearline.domain.AlertMessage;
import org.tearline.domain.AlertSubscription;

/**
 * The contract of {@link Alerts}: subscriptions, an outbox that queues each event once per
 * subscription, claims two dispatchers cannot both win, retries, dead letters, replays and the
 * log of what was sent, on every database the store runs on.
 */
abstract class AlertsContract extends RepositoryContract {

    private static AlertSubscription sub(String id, String account, int digest) {
        return new AlertSubscription(
                id, account, "webhook", "desk", Set.of("window-lapsed", "dismissal"), "trusted", "high", digest, T0);
    }

    private static AlertMessage msg(String id, AlertSubscription s, String eventKey, int dueSeconds) {
        return AlertMessage.queued(
                id,
                s,
                "window-lapsed",
                eventKey,
                "report--1",
                "{\"event\":\"window-lapsed\"}",
                T0,
                T0.plusSeconds(dueSeconds));
    }

    private void add(AlertSubscription s) {
        write((StoreTx tx) -> {
            tx.alerts().addSubscription(s);
            return null;
        });
    }

    private boolean enqueue(AlertMessage m) {
        return write((StoreTx tx) -> tx.alerts().enqueue(m));
    }

    @Test
    void subscriptionsComeBackAsAddedPerUserAndAll() {
        AlertSubscription a = sub("s1", "alice", 0);
        AlertSubscription b = new AlertSubscription(
                "s2", "bob", "email", "bob@example.org", Set.of("new-version"), null, null, 15, T0.plusSeconds(1));
        add(a);
        add(b);

        assertThat(read((StoreTx tx) -> tx.alerts().findSubscription("s1"))).contains(a);
        assertThat(read((StoreTx tx) -> tx.alerts().findSubscription("s9"))).isEmpty();
        assertThat(read((StoreTx tx) -> tx.alerts().subscriptionsOf("bob"))).containsExactly(b);
        assertThat(read((StoreTx tx) -> tx.alerts().allSubscriptions())).containsExactly(a, b);
    }

    @Test
    void anEventIsQueuedOncePerSubscription() {
        AlertSubscription a = sub("s1", "alice", 0);
        AlertSubscription b = sub("s2", "bob", 0);
        add(a);
        add(b);

        assertThat(enqueue(msg("m1", a, "lapse:report--1", 0))).isTrue();
        assertThat(enqueue(msg("m2", a, "lapse:report--1", 0)))
                .as("same event again")
                .isFalse();
        assertThat(enqueue(msg("m3", b, "lapse:report--1", 0)))
                .as("another subscription")
                .isTrue();

        assertThat(read((StoreTx tx) -> tx.alerts().findMessage("m1"))).contains(msg("m1", a, "lapse:report--1", 0));
        assertThat(read((StoreTx tx) -> tx.alerts().findMessage("m2"))).isEmpty();
    }

    @Test
    void dueListsPendingUnclaimedAlertsWhoseTimeHasCome() {
        AlertSubscription a = sub("s1", "alice", 0);
        add(a);
        enqueue(msg("m1", a, "e1", 0));
        enqueue(msg("m2", a, "e2", 60));

        assertThat(read((StoreTx tx) -> tx.alerts().due(T0, 10)))
                .extracting(AlertMessage::id)
                .containsExactly("m1");
        assertThat(read((StoreTx tx) -> tx.alerts().due(T0.plusSeconds(60), 1)))
                .extracting(AlertMessage::id)
                .containsExactly("m1");

        assertThat(write((StoreTx tx) -> tx.alerts().claim("m1", T0, T0.plusSeconds(30))))
                .isTrue();
        assertThat(write((StoreTx tx) -> tx.alerts().claim("m1", T0.plusSeconds(1), T0.plusSeconds(31))))
                .as("held by another")
                .isFalse();
        assertThat(read((StoreTx tx) -> tx.alerts().due(T0.plusSeconds(10), 10)))
                .isEmpty();
        assertThat(read((StoreTx tx) -> tx.alerts().due(T0.plusSeconds(60), 10)))
                .as("a claim that ran out is free again")
                .extracting(AlertMessage::id)
                .containsExactly("m1", "m2");
        assertThat(write((StoreTx tx) -> tx.alerts().claim("m1", T0.plusSeconds(31), T0.plusSeconds(61))))
                .isTrue();
    }

    @Test
    void failuresRetryLaterAndTheLastMakesADeadLetterThatCanBeReplayed() {
        AlertSubscription a = sub("s1", "alice", 0);
        add(a);
        enqueue(msg("m1", a, "e1", 0));
        write((StoreTx tx) -> tx.alerts().claim("m1", T0, T0.plusSeconds(30)));

        write((StoreTx tx) -> {
            tx.alerts().markFailed("m1", 1, T0.plusSeconds(5), "answered 500");
            return null;
        });
        AlertMessage failed =
                read((StoreTx tx) -> tx.alerts().findMessage("m1")).orElseThrow();
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.lastError()).isEqualTo("answered 500");
        assertThat(failed.state()).isEqualTo(AlertMessage.State.PENDING);
        assertThat(read((StoreTx tx) -> tx.alerts().due(T0.plusSeconds(4), 10))).isEmpty();
        assertThat(read((StoreTx tx) -> tx.alerts().due(T0.plusSeconds(5), 10))).hasSize(1);

        write((StoreTx tx) -> {
            tx.alerts().markDead("m1", 6, "answered 500");
            return null;
        });
        assertThat(read((StoreTx tx) -> tx.alerts().due(T0.plusSeconds(99), 10)))
                .isEmpty();
        assertThat(read((StoreTx tx) -> tx.alerts().deadLetters(10)))
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.id()).isEqualTo("m1");
                    assertThat(m.attempts()).isEqualTo(6);
                    assertThat(m.state()).isEqualTo(AlertMessage.State.DEAD);
                });

        assertThat(write((StoreTx tx) -> tx.alerts().replay("m1", T0.plusSeconds(100))))
                .isTrue();
        assertThat(write((StoreTx tx) -> tx.alerts().replay("m1", T0.plusSeconds(100))))
                .as("no longer dead")
                .isFalse();
        assertThat(read((StoreTx tx) -> tx.alerts().deadLetters(10))).isEmpty();
        assertThat(read((StoreTx tx) -> tx.alerts().due(T0.plusSeconds(100), 10)))
                .singleElement()
                .satisfies(m -> assertThat(m.attempts()).isZero());
    }

    @Test
    void postponingReleasesTheClaimWithoutCountingAnAttempt() {
        AlertSubscription a = sub("s1", "alice", 0);
        add(a);
        enqueue(msg("m1", a, "e1", 0));
        write((StoreTx tx) -> tx.alerts().claim("m1", T0, T0.plusSeconds(30)));
        write((StoreTx tx) -> {
            tx.alerts().postpone("m1", T0.plusSeconds(10));
            return null;
        });

        assertThat(read((StoreTx tx) -> tx.alerts().due(T0.plusSeconds(9), 10))).isEmpty();
        assertThat(read((StoreTx tx) -> tx.alerts().due(T0.plusSeconds(10), 10)))
                .singleElement()
                .satisfies(m -> assertThat(m.attempts()).isZero());
    }

    @Test
    void sentAlertsAreLoggedAndCountedByDelivery() {
        AlertSubscription a = sub("s1", "alice", 0);
        add(a);
        enqueue(msg("m1", a, "e1", 0));
        enqueue(msg("m2", a, "e2", 0));
        enqueue(msg("m3", a, "e3", 0));

        write((StoreTx tx) -> {
            tx.alerts().markSent(List.of("m1"), "m1", T0.plusSeconds(1));
            tx.alerts().markSent(List.of("m2", "m3"), "fold-1", T0.plusSeconds(2));
            return null;
        });

        assertThat(read((StoreTx tx) -> tx.alerts().deliveriesSince("webhook", "desk", T0)))
                .isEqualTo(2);
        assertThat(read((StoreTx tx) -> tx.alerts().deliveriesSince("webhook", "desk", T0.plusSeconds(2))))
                .isEqualTo(1);
        assertThat(read((StoreTx tx) -> tx.alerts().deliveriesSince("webhook", "other", T0)))
                .isZero();
        assertThat(read((StoreTx tx) -> tx.alerts().sentTo("alice", 10)))
                .extracting(AlertMessage::id)
                .containsExactlyInAnyOrder("m1", "m2", "m3");
        assertThat(read((StoreTx tx) -> tx.alerts().sentTo("alice", 10)).get(2).id())
                .isEqualTo("m1");
        assertThat(read((StoreTx tx) -> tx.alerts().findMessage("m2"))
                        .orElseThrow()
                        .deliveryKey())
                .isEqualTo("fold-1");
        assertThat(read((StoreTx tx) -> tx.alerts().due(T0.plusSeconds(9), 10))).isEmpty();
        assertThat(read((StoreTx tx) -> tx.alerts().sentTo("bob", 10))).isEmpty();
    }

    @Test
    void unsubscribingDropsWhatIsPendingAndKeepsWhatWasSent() {
        AlertSubscription a = sub("s1", "alice", 0);
        add(a);
        enqueue(msg("m1", a, "e1", 0));
        enqueue(msg("m2", a, "e2", 0));
        write((StoreTx tx) -> {
            tx.alerts().markSent(List.of("m1"), "m1", T0);
            return null;
        });

        assertThat(write((StoreTx tx) -> tx.alerts().removeSubscription("s1"))).isTrue();
        assertThat(write((StoreTx tx) -> tx.alerts().removeSubscription("s1"))).isFalse();

        assertThat(read((StoreTx tx) -> tx.alerts().findSubscription("s1"))).isEmpty();
        assertThat(read((StoreTx tx) -> tx.alerts().findMessage("m2"))).isEmpty();
        assertThat(read((StoreTx tx) -> tx.alerts().sentTo("alice", 10)))
                .extracting(AlertMessage::id)
                .containsExactly("m1");
    }
}
