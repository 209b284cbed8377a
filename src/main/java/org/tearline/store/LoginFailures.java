package org.tearline.store;

import java.time.Instant;

/**
 * Failed sign-ins of one subject (a claimed user name or a client address), kept in the store
 * so that the throttle holds across restarts and nodes.
 *
 * @param failures    consecutive failed checks since the subject was last cleared or forgotten
 * @param held        refusals not yet written to the disclosure record
 * @param lockedUntil until when attempts are refused unchecked; {@link Instant#EPOCH} when never
 * @param lastFailure the last failed check
 * @param lastEntry   when a refusal of this subject was last written to the record, or
 *                    {@link Instant#EPOCH}
 */
public record LoginFailures(
        String subject, int failures, long held, Instant lockedUntil, Instant lastFailure, Instant lastEntry) {}
