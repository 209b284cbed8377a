package org.tearline.alert;

import java.time.Instant;
import java.util.List;

/**
 * Something that happened, as an alert tells it. It holds only what every producer user may
 * see: the warning's id and name, the audiences concerned, the urgency, when, and a short line
 * of what happened built from identifiers and vocabulary, never from the warning's content.
 *
 * @param key  unique per event: raising the same event again (a check that runs twice, a second
 *             node) queues nothing more
 */
public record AlertEvent(
        AlertKind kind,
        String key,
        String subject,
        String name,
        List<String> audiences,
        String urgency,
        Instant at,
        String detail) {

    public AlertEvent {
        audiences = List.copyOf(audiences);
    }
}
