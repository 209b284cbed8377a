package org.tearline.threat;

import java.util.List;
import java.util.Optional;

/**
 * Where a report was put and why: a plain record a service keeps beside the report.
 *
 * @param reportId the report
 * @param threatId the threat it is in
 * @param how how it got there
 * @param match for {@link How#MATCHED}, the best match with a report of the threat, with its
 *     explanation; for {@link How#NEW_THREAT}, the best match found below the threshold, if any
 * @param alsoMatched best matches with reports of other threats that also reached the threshold
 *     (the report joins the best; the others are for the analyst to merge if they are one)
 * @param candidates how many held reports the index offered for comparison
 */
public record Assignment(
        String reportId, String threatId, How how, Optional<Match> match, List<Match> alsoMatched, int candidates) {

    public Assignment {
        alsoMatched = List.copyOf(alsoMatched);
    }

    /** How a report came to be in its threat. */
    public enum How {
        /** It matched nothing held: it founded a threat. */
        NEW_THREAT,
        /** It matched a report of the threat. */
        MATCHED,
        /** An analyst's decision put it there. */
        ANALYST
    }
}
