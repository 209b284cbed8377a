package org.tearline.domain;

import java.time.Instant;

/**
 * A partner's opinion or note, mapped to what it is about.
 *
 * @param targetId   the producer's id of the object the feedback is about
 * @param releasedId the id the partner saw it under
 * @param opinion    for opinions, the value (agree, disagree, ...); null for notes
 */
public record FeedbackRecord(
        String objectId,
        String version,
        String audience,
        String account,
        String kind,
        String opinion,
        String targetId,
        String releasedId,
        Instant postedAt) {

    /** True for an opinion that rejects what it is about. */
    public boolean isDismissal() {
        return "disagree".equals(opinion) || "strongly-disagree".equals(opinion);
    }
}
