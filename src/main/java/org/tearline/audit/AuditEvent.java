package org.tearline.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * Something to record. {@code detail} must hold only identifiers, versions, digests and names
 * of rules: never a protected value.
 *
 * @param subject the main thing the event is about (an object, a warning, a user), if any
 * @param objects every object id the event concerns, for finding it by object
 */
public record AuditEvent(String kind, String actor, String audience, String subject,
        ObjectNode detail, Set<String> objects) {

    public AuditEvent {
        objects = Set.copyOf(objects);
    }
}
