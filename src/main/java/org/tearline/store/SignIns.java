package org.tearline.store;

import java.time.Instant;
import java.util.Optional;
import org.tearline.domain.WebSession;

/**
 * Failed sign-ins, remembered to slow guessing down, and console sessions.
 * Part of one {@link StoreTx}.
 */
public interface SignIns {

    /** The failed sign-ins of one subject, if any are remembered. */
    Optional<LoginFailures> findLoginFailures(String subject);

    /**
     * Counts one refused attempt of a subject, atomically, and returns the row after it. A
     * {@code checked} attempt (the credentials were checked and wrong) adds to the failures; an
     * unchecked one (refused because the subject was locked) only to the refusals held for the
     * record. Failures last seen before {@code forgetBefore} start again from zero.
     */
    LoginFailures countLoginFailure(String subject, boolean checked, Instant now, Instant forgetBefore);

    /** Refuses the subject's attempts unchecked until {@code until}. */
    void lockLogin(String subject, Instant until);

    /** Notes that the subject's held refusals were written to the record at {@code at}. */
    void loginRecorded(String subject, Instant at);

    /** Forgets a subject's failures (after a successful sign-in). */
    void clearLoginFailures(String subject);

    /**
     * Forgets subjects whose last failure was before {@code before} and that are no longer
     * locked; returns the sum of their refusals not yet written to the record.
     */
    long forgetLoginFailures(Instant before);

    /** Keeps a new console session. */
    void createSession(WebSession session);

    /** A console session by its token's hash. */
    Optional<WebSession> findSession(String tokenHash);

    /** Ends a console session. */
    void deleteSession(String tokenHash);

    /** Removes sessions that expired before {@code now}. */
    int deleteExpiredSessions(Instant now);

    /** Ends every console session of an account; returns how many there were. */
    int deleteSessionsOf(String account);
}
