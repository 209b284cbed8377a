package org.tearline.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.tearline.domain.WebSession;
import org.tearline.stix.StixTimestamp;
import org.tearline.store.LoginFailures;
import org.tearline.store.SignIns;

/** {@link SignIns} on one JDBC transaction. */
final class JdbcSignIns extends JdbcRepository implements SignIns {

    private static final String FAILURE_COLUMNS = "subject, failures, held, locked_until, last_failure, last_entry";

    JdbcSignIns(Connection conn, Dialect dialect, StatementCache statements) {
        super(conn, dialect, statements);
    }

    @Override
    public Optional<LoginFailures> findLoginFailures(String subject) {
        return first(query(
                "SELECT " + FAILURE_COLUMNS + " FROM login_failure WHERE subject = ?",
                List.of(subject),
                JdbcSignIns::loginFailures));
    }

    @Override
    public LoginFailures countLoginFailure(String subject, boolean checked, Instant now, Instant forgetBefore) {
        // One statement, so that attempts on several nodes at once all count.
        update(
                "INSERT INTO login_failure (" + FAILURE_COLUMNS + ") VALUES (?, ?, 1, 0, ?, 0)"
                        + " ON CONFLICT (subject) DO UPDATE SET"
                        + " failures = CASE WHEN login_failure.last_failure < ?"
                        + " THEN excluded.failures"
                        + " ELSE login_failure.failures + excluded.failures END,"
                        + " held = login_failure.held + 1,"
                        + " last_failure = CASE WHEN excluded.failures > 0"
                        + " THEN excluded.last_failure ELSE login_failure.last_failure END",
                listOf(subject, checked ? 1 : 0, micros(now), micros(forgetBefore)));
        return findLoginFailures(subject).orElseThrow();
    }

    @Override
    public void lockLogin(String subject, Instant until) {
        update("UPDATE login_failure SET locked_until = ? WHERE subject = ?", listOf(micros(until), subject));
    }

    @Override
    public void loginRecorded(String subject, Instant at) {
        update("UPDATE login_failure SET held = 0, last_entry = ? WHERE subject = ?", listOf(micros(at), subject));
    }

    @Override
    public void clearLoginFailures(String subject) {
        update("DELETE FROM login_failure WHERE subject = ?", List.of(subject));
    }

    @Override
    public long forgetLoginFailures(Instant before) {
        long held = query(
                        "SELECT COALESCE(SUM(held), 0) FROM login_failure WHERE last_failure < ?"
                                + " AND locked_until < ?",
                        listOf(micros(before), micros(before)),
                        rs -> rs.getLong(1))
                .get(0);
        update(
                "DELETE FROM login_failure WHERE last_failure < ? AND locked_until < ?",
                listOf(micros(before), micros(before)));
        return held;
    }

    private static LoginFailures loginFailures(ResultSet rs) throws SQLException {
        return new LoginFailures(
                rs.getString(1),
                rs.getInt(2),
                rs.getLong(3),
                StixTimestamp.fromMicros(rs.getLong(4)),
                StixTimestamp.fromMicros(rs.getLong(5)),
                StixTimestamp.fromMicros(rs.getLong(6)));
    }

    @Override
    public void createSession(WebSession w) {
        update(
                "INSERT INTO web_session (token_hash, account, csrf, created_at, expires_at)"
                        + " VALUES (?, ?, ?, ?, ?)",
                listOf(w.tokenHash(), w.account(), w.csrf(), micros(w.created()), micros(w.expires())));
    }

    @Override
    public Optional<WebSession> findSession(String tokenHash) {
        return first(query(
                "SELECT token_hash, account, csrf, created_at, expires_at" + " FROM web_session WHERE token_hash = ?",
                List.of(tokenHash),
                rs -> new WebSession(
                        rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, 4), instant(rs, 5))));
    }

    @Override
    public void deleteSession(String tokenHash) {
        update("DELETE FROM web_session WHERE token_hash = ?", List.of(tokenHash));
    }

    @Override
    public int deleteExpiredSessions(Instant now) {
        return update("DELETE FROM web_session WHERE expires_at < ?", listOf(StixTimestamp.toMicros(now)));
    }

    @Override
    public int deleteSessionsOf(String account) {
        return update("DELETE FROM web_session WHERE account = ?", List.of(account));
    }
}
