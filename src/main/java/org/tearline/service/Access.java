package org.tearline.service;

import org.tearline.auth.Principal;
import org.tearline.domain.CollectionInfo;
import org.tearline.domain.Grant;
import org.tearline.store.StoreTx;

/**
 * What a user may do with a collection. Grants are explicit: without a grant a user can do
 * nothing with a collection and is not told it exists.
 */
public record Access(boolean canRead, boolean canWrite) {

    /** No access at all. */
    public static final Access NONE = new Access(false, false);

    /** The access {@code who} has to {@code collection}. */
    public static Access of(StoreTx tx, Principal who, CollectionInfo collection) {
        return tx.accounts()
                .findGrant(who.name(), collection.id())
                .map(g -> new Access(g.canRead(), g.canWrite()))
                .orElse(NONE);
    }

    /** The access a grant gives. */
    public static Access of(Grant grant) {
        return new Access(grant.canRead(), grant.canWrite());
    }
}
