package org.tearline.release;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/**
 * What the engine needs besides the policy: the instance's secret namespace for derived ids and
 * the producer's releasing identity, which stands in for withheld creators and is published with
 * every view.
 */
public record ReleaseContext(UUID namespace, ObjectNode releasingIdentity) {

    /** The releasing identity's id. */
    public String releasingIdentityId() {
        return releasingIdentity.get("id").asText();
    }
}
