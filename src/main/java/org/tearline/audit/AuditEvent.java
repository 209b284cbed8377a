package org.tearline.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.tearline.store.ViewRun;

/**
 * Something to record. {@code detail} must hold only identifiers, versions, digests and names
 * of rules: never a protected value.
 *
 * @param subject  the main thing the event is about (an object, a warning, a user), if any
 * @param objects  object ids the event concerns, for finding it by object
 * @param released for a release, the view versions it released, by which it is found by
 *                 object instead of listing each in {@code objects}; otherwise null
 */
public record AuditEvent(
        String kind,
        String actor,
        String audience,
        String subject,
        ObjectNode detail,
        Set<String> objects,
        ViewRun released) {

    public AuditEvent {
        objects = Set.copyOf(objects);
    }

    /** An event that released nothing into a view. */
    public AuditEvent(
            String kind, String actor, String audience, String subject, ObjectNode detail, Set<String> objects) {
        this(kind, actor, audience, subject, detail, objects, null);
    }
}
