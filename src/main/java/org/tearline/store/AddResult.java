package org.tearline.store;

/**
 * What happened to one object version handed to {@link StoreTx#addObjects}.
 *
 * @param message for {@link Outcome#CONFLICT}, why; otherwise empty
 * @param latest  for {@link Outcome#STORED}, whether this version is now the object's latest in
 *                the collection (a version older than one already stored is not); otherwise
 *                false
 */
public record AddResult(String id, String versionKey, Outcome outcome, String message,
        boolean latest) {

    /** A result that does not make its version the latest (any outcome but a new latest). */
    public AddResult(String id, String versionKey, Outcome outcome, String message) {
        this(id, versionKey, outcome, message, false);
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
