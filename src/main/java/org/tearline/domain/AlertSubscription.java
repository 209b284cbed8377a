package org.tearline.domain;

import java.time.Instant;
import java.util.Set;

/**
 * A producer user's wish to be alerted on one channel about some kinds of event.
 *
 * @param channel        {@code email} or {@code webhook}
 * @param target         the e-mail address, or the name of a webhook configured in tearline.yaml
 * @param kinds          the kinds of event, by their names ({@code window-lapsed}, ...)
 * @param audience       only events about this audience, or null for all
 * @param urgency        only warnings of this urgency, or null for all
 * @param digestMinutes  0 to send each alert at once, else gather them into one every N minutes
 */
public record AlertSubscription(
        String id,
        String account,
        String channel,
        String target,
        Set<String> kinds,
        String audience,
        String urgency,
        int digestMinutes,
        Instant created) {

    public AlertSubscription {
        kinds = Set.copyOf(kinds);
    }

    /** Whom the channel reaches: alerts to one recipient are rate-limited together. */
    public String recipient() {
        return channel + ":" + target;
    }
}
