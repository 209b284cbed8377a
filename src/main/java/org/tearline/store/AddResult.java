package org.tearline.store;

/**
 * What happened to one object version handed to {@link StoreTx#addObjects}.
 *
 * @param message for {@link Outcome#CONFLICT}, why; otherwise empty
 * @param seq     for {@link Outcome#STORED}, the version's place in the collection (the seq of
 *                its position); otherwise 0
 */
public record AddResult(String id, String versionKey, Outcome outcome, String message,
        long seq) {

    /** A result that stored nothing. */
    public AddResult(String id, String versionKey, Outcome outcome, String message) {
        this(id, versionKey, outcome, message, 0);
    }

    /** The possible outcomes. */
    public enum Outcome {
        /** Stored as a new version. */
        STORED,
        /** The same version with the same content was already stored; nothing changed. */
        DUPLICATE,
        /**
         * The same version with different bytes was already stored; refused unless the caller
         * finds the two the same object (e.g. members in another order).
         */
        CONFLICT
    }
}
