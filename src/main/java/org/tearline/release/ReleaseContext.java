package org.tearline.release;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import java.util.UUID;

/**
 * What the engine needs besides the policy: the instance's secret namespace for derived ids,
 * the producer's releasing identity, which stands in for withheld creators and is published with
 * every view, and the extension definitions published with every view (Tearline's own), whose
 * ids released objects keep as extension keys.
 */
public record ReleaseContext(UUID namespace, ObjectNode releasingIdentity, Set<String> publishedExtensions) {

    public ReleaseContext {
        publishedExtensions = Set.copyOf(publishedExtensions);
    }

    /** A context that publishes no extension definitions of its own. */
    public ReleaseContext(UUID namespace, ObjectNode releasingIdentity) {
        this(namespace, releasingIdentity, Set.of());
    }

    /** The releasing identity's id. */
    public String releasingIdentityId() {
        return releasingIdentity.get("id").asText();
    }
}
