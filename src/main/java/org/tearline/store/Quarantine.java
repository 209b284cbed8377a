package org.tearline.store;

import java.util.List;
import org.tearline.domain.QuarantinedObject;

/**
 * Objects a peer sent that were refused (invalid, or conflicting with a stored version), with
 * the reasons. Part of one {@link StoreTx}.
 */
public interface Quarantine {

    /**
     * Keeps an object aside; false when the same body from the same subscription is already
     * kept (a page pulled again adds nothing).
     */
    boolean keep(QuarantinedObject object);

    /** What a peer's subscriptions kept aside, newest first, at most {@code limit}. */
    List<QuarantinedObject> ofPeer(String peer, int limit);

    /** How many objects a peer's subscriptions kept aside. */
    long count(String peer);
}
