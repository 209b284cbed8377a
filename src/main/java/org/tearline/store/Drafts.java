package org.tearline.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.tearline.domain.Draft;

/**
 * Documents taken in and waiting for review, apart from every collection: nothing here is an
 * object of a collection or of a view. Part of one {@link StoreTx}.
 */
public interface Drafts {

    /** Keeps a new draft. */
    void createDraft(Draft draft);

    /** One draft, with its text and candidates. */
    Optional<Draft> findDraft(String id);

    /** Every draft, newest first, without text or candidates. */
    List<Draft.Summary> draftSummaries();

    /**
     * Records a draft's review (accepted into {@code collectionId}, or rejected with a reason)
     * if it is still a draft; false when it was already accepted or rejected.
     */
    boolean decideDraft(
            String id, Draft.State state, String decidedBy, Instant decidedAt, String reason, String collectionId);
}
