package org.tearline.release;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;

/**
 * Objects that may reach an audience only once someone has decided so, whatever the policy
 * says: a warning, until its decision to warn this audience is approved; and the version of an
 * object someone approved, while a later one awaits approval.
 */
@FunctionalInterface
public interface ReleaseGate {

    /** Empty when the object may go through to the policy; otherwise why it is held back. */
    Optional<String> holds(ObjectNode source);

    /**
     * The version of the object the audience may have: the source itself, or an earlier
     * approved version while this one awaits approval. Called before {@link #holds}.
     */
    default ObjectNode version(ObjectNode source) {
        return source;
    }

    /** The objects held back, by id, each with the id of what holds it (for previews). */
    default Map<String, String> heldBy() {
        return Map.of();
    }

    /** A gate that holds nothing back. */
    ReleaseGate OPEN = source -> Optional.empty();
}
