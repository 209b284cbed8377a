package org.tearline.store;

/**
 * What the store found for one object version handed to {@link ObjectVersions#addObjects}:
 * whether it stored it, and if not, whether the version it holds has the same digest. What
 * that means to the one who sent it (a duplicate, or a conflict to explain) is for the service
 * to decide and say.
 *
 * @param seq for {@link Outcome#STORED}, the version's place in the collection (the seq of its
 *            position); otherwise 0
 */
public record AddResult(String id, String versionKey, Outcome outcome, long seq) {

    /** A result that stored nothing. */
    public AddResult(String id, String versionKey, Outcome outcome) {
        this(id, versionKey, outcome, 0);
    }

    /** The possible outcomes. */
    public enum Outcome {
        /** Stored as a new version. */
        STORED,
        /** The same version with the same digest was already stored; nothing changed. */
        DUPLICATE,
        /**
         * The same version with another digest was already stored; nothing changed. The caller
         * may still find the two the same object (e.g. members in another order).
         */
        CONFLICT
    }
}
