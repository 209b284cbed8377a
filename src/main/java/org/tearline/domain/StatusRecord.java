package org.tearline.domain;

import java.time.Instant;
import java.util.List;

/**
 * A TAXII status resource: the outcome of one POST of objects.
 *
 * @param owner       the user who made the request; only they (and writers of the collection)
 *                    may read it
 * @param status      {@code "complete"} or {@code "pending"}
 */
public record StatusRecord(
        String id,
        String apiRoot,
        String collectionId,
        String owner,
        Instant requestTimestamp,
        String status,
        List<Detail> successes,
        List<Detail> failures,
        List<Detail> pendings) {

    public StatusRecord {
        successes = List.copyOf(successes);
        failures = List.copyOf(failures);
        pendings = List.copyOf(pendings);
    }

    /** Number of objects in the request. */
    public int totalCount() {
        return successes.size() + failures.size() + pendings.size();
    }

    /**
     * One object's outcome.
     *
     * @param version the object's version as clients see it; may be null when the object was too
     *                malformed to have one
     * @param message why it failed, or a note on success (e.g. "already stored")
     */
    public record Detail(String id, String version, String message) {}
}
