package org.tearline.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tearline.domain.FeedbackRecord;
import org.tearline.domain.WarningRecord;

/**
 * Warnings in their life cycle, the audiences they are released to, and partners' feedback
 * on them. Part of one {@link StoreTx}.
 */
public interface Warnings {

    /** Creates a warning record. */
    void createWarning(WarningRecord warning);

    /** One warning. */
    Optional<WarningRecord> findWarning(String id);

    /** The warnings among these ids (most ids are not warnings), by id. */
    Map<String, WarningRecord> findWarnings(Collection<String> ids);

    /** Every warning in one of the states, oldest first. */
    List<WarningRecord> warnings(Set<WarningRecord.State> states);

    /**
     * Replaces a warning record, if it is still at {@code expectedRevision}; false when another
     * transition got there first.
     */
    boolean updateWarning(WarningRecord warning, int expectedRevision);

    /** Records the audiences an approved warning is released to. */
    void setWarningAudiences(String warningId, List<String> audiences);

    /** The approved warnings released to an audience. */
    Set<String> approvedWarnings(String audience);

    /** Records an audience's feedback collection. */
    void setAudienceFeedback(String audience, String collectionId);

    /** An audience's feedback collection. */
    Optional<String> audienceFeedback(String audience);

    /** The audience whose feedback collection this is. */
    Optional<String> audienceOfFeedback(String collectionId);

    /** Keeps mapped feedback. */
    void addFeedback(List<FeedbackRecord> feedback);

    /** Every feedback about one object, oldest first. */
    List<FeedbackRecord> feedbackOn(String targetId);
}
