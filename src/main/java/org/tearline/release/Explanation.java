package org.tearline.release;

import java.util.List;

/**
 * Why an object was released, changed or withheld for one audience: what the producer sees in
 * the preview. Never shown to partners.
 *
 * @param originalId  the source object's id
 * @param releasedId  its id in the audience's view (derived or original)
 * @param released    true when the object is in the view
 * @param reason      for a withheld object, the decisive reason
 * @param decisions   every action taken on the object or one of its properties
 * @param reduced     true when something of the object was redacted, generalised or dropped
 */
public record Explanation(
        String originalId,
        String releasedId,
        boolean released,
        String reason,
        List<Decision> decisions,
        boolean reduced) {

    public Explanation {
        decisions = List.copyOf(decisions);
    }

    /**
     * One action.
     *
     * @param path    the property it applied to (a granular-marking selector), or "" for the
     *                whole object
     * @param marking the marking that called for it, if any
     * @param rule    the policy rule that decided it, e.g. {@code markings.source-protected:
     *                redact} or {@code unmarked: withhold}
     */
    public record Decision(String path, Action action, String marking, String rule) {}
}
