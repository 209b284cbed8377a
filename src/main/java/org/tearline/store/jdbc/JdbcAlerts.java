package org.tearline.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.tearline.domain.AlertMessage;
import org.tearline.domain.AlertSubscription;
import org.tearline.store.Alerts;

/** {@link Alerts} on one JDBC transaction. */
final class JdbcAlerts extends JdbcRepository implements Alerts {

    private static final String SUBSCRIPTION_COLUMNS =
            "id, account, channel, target, kinds, audience, urgency, digest_minutes, created_at";

    private static final String MESSAGE_COLUMNS = "id, subscription_id, account, channel, target, kind,"
            + " event_key, subject, payload, created_at, next_attempt_at, attempts, state, last_error,"
            + " claimed_until, sent_at, delivery_key";

    private static final String PENDING = AlertMessage.State.PENDING.dbName();

    JdbcAlerts(Connection conn, Dialect dialect, StatementCache statements) {
        super(conn, dialect, statements);
    }

    @Override
    public void addSubscription(AlertSubscription s) {
        update(
                "INSERT INTO alert_subscription (" + SUBSCRIPTION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                listOf(
                        s.id(),
                        s.account(),
                        s.channel(),
                        s.target(),
                        String.join(",", s.kinds().stream().sorted().toList()),
                        s.audience(),
                        s.urgency(),
                        s.digestMinutes(),
                        micros(s.created())));
    }

    @Override
    public Optional<AlertSubscription> findSubscription(String id) {
        return first(query(
                "SELECT " + SUBSCRIPTION_COLUMNS + " FROM alert_subscription WHERE id = ?",
                List.of(id),
                JdbcAlerts::subscription));
    }

    @Override
    public List<AlertSubscription> subscriptionsOf(String account) {
        return query(
                "SELECT " + SUBSCRIPTION_COLUMNS + " FROM alert_subscription WHERE account = ?"
                        + " ORDER BY created_at, id",
                List.of(account),
                JdbcAlerts::subscription);
    }

    @Override
    public List<AlertSubscription> allSubscriptions() {
        return query(
                "SELECT " + SUBSCRIPTION_COLUMNS + " FROM alert_subscription ORDER BY created_at, id",
                List.of(),
                JdbcAlerts::subscription);
    }

    @Override
    public boolean removeSubscription(String id) {
        update("DELETE FROM alert_outbox WHERE subscription_id = ? AND state = ?", List.of(id, PENDING));
        return update("DELETE FROM alert_subscription WHERE id = ?", List.of(id)) > 0;
    }

    @Override
    public boolean enqueue(AlertMessage m) {
        return update(
                        "INSERT INTO alert_outbox (" + MESSAGE_COLUMNS + ") VALUES"
                                + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                + " ON CONFLICT (subscription_id, event_key) DO NOTHING",
                        listOf(
                                m.id(),
                                m.subscriptionId(),
                                m.account(),
                                m.channel(),
                                m.target(),
                                m.kind(),
                                m.eventKey(),
                                m.subject(),
                                m.payload(),
                                micros(m.created()),
                                micros(m.nextAttempt()),
                                m.attempts(),
                                m.state().dbName(),
                                m.lastError(),
                                micros(m.claimedUntil()),
                                micros(m.sentAt()),
                                m.deliveryKey()))
                > 0;
    }

    @Override
    public Optional<AlertMessage> findMessage(String id) {
        return first(query(
                "SELECT " + MESSAGE_COLUMNS + " FROM alert_outbox WHERE id = ?", List.of(id), JdbcAlerts::message));
    }

    @Override
    public List<AlertMessage> due(Instant now, int limit) {
        return query(
                "SELECT " + MESSAGE_COLUMNS + " FROM alert_outbox WHERE state = ? AND next_attempt_at <= ?"
                        + " AND claimed_until < ? ORDER BY next_attempt_at, id LIMIT ?",
                listOf(PENDING, micros(now), micros(now), limit),
                JdbcAlerts::message);
    }

    @Override
    public boolean claim(String id, Instant now, Instant until) {
        // One conditional statement, so that two nodes never both get it.
        return update(
                        "UPDATE alert_outbox SET claimed_until = ? WHERE id = ? AND state = ?"
                                + " AND claimed_until < ?",
                        listOf(micros(until), id, PENDING, micros(now)))
                > 0;
    }

    @Override
    public void markSent(Collection<String> ids, String deliveryKey, Instant at) {
        for (String id : ids) {
            update(
                    "UPDATE alert_outbox SET state = ?, sent_at = ?, delivery_key = ?, claimed_until = 0,"
                            + " attempts = attempts + 1, last_error = NULL WHERE id = ?",
                    listOf(AlertMessage.State.SENT.dbName(), micros(at), deliveryKey, id));
        }
    }

    @Override
    public void markFailed(String id, int attempts, Instant nextAttempt, String error) {
        update(
                "UPDATE alert_outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, claimed_until = 0"
                        + " WHERE id = ?",
                listOf(attempts, micros(nextAttempt), error, id));
    }

    @Override
    public void markDead(String id, int attempts, String error) {
        update(
                "UPDATE alert_outbox SET state = ?, attempts = ?, last_error = ?, claimed_until = 0 WHERE id = ?",
                listOf(AlertMessage.State.DEAD.dbName(), attempts, error, id));
    }

    @Override
    public void postpone(String id, Instant nextAttempt) {
        update(
                "UPDATE alert_outbox SET next_attempt_at = ?, claimed_until = 0 WHERE id = ?",
                listOf(micros(nextAttempt), id));
    }

    @Override
    public List<AlertMessage> deadLetters(int limit) {
        return query(
                "SELECT " + MESSAGE_COLUMNS + " FROM alert_outbox WHERE state = ?"
                        + " ORDER BY next_attempt_at DESC, id LIMIT ?",
                listOf(AlertMessage.State.DEAD.dbName(), limit),
                JdbcAlerts::message);
    }

    @Override
    public boolean replay(String id, Instant now) {
        return update(
                        "UPDATE alert_outbox SET state = ?, attempts = 0, next_attempt_at = ?, claimed_until = 0"
                                + " WHERE id = ? AND state = ?",
                        listOf(PENDING, micros(now), id, AlertMessage.State.DEAD.dbName()))
                > 0;
    }

    @Override
    public int deliveriesSince(String channel, String target, Instant since) {
        return query(
                        "SELECT COUNT(DISTINCT delivery_key) FROM alert_outbox WHERE channel = ? AND target = ?"
                                + " AND sent_at >= ?",
                        listOf(channel, target, micros(since)),
                        rs -> rs.getInt(1))
                .get(0);
    }

    @Override
    public List<AlertMessage> sentTo(String account, int limit) {
        return query(
                "SELECT " + MESSAGE_COLUMNS + " FROM alert_outbox WHERE account = ? AND state = ?"
                        + " ORDER BY sent_at DESC, id LIMIT ?",
                listOf(account, AlertMessage.State.SENT.dbName(), limit),
                JdbcAlerts::message);
    }

    private static AlertSubscription subscription(ResultSet rs) throws SQLException {
        String kinds = rs.getString(5);
        return new AlertSubscription(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                new LinkedHashSet<>(kinds.isEmpty() ? List.of() : Arrays.asList(kinds.split(",", -1))),
                rs.getString(6),
                rs.getString(7),
                rs.getInt(8),
                instant(rs, 9));
    }

    private static AlertMessage message(ResultSet rs) throws SQLException {
        return new AlertMessage(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                rs.getString(9),
                instant(rs, 10),
                instant(rs, 11),
                rs.getInt(12),
                AlertMessage.State.of(rs.getString(13)),
                rs.getString(14),
                instant(rs, 15),
                instant(rs, 16),
                rs.getString(17));
    }
}
