package org.tearline.service;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.tearline.release.ReleaseGate;
import org.tearline.store.StoreTx;

/**
 * What holds objects back from an audience beyond its policy (today: warnings awaiting
 * approval), and what must follow when source objects change. Passed in where the application
 * is wired, so that the release service does not depend on the warning package built on it.
 */
public interface ReleaseGates {

    /** The gate for one audience, read in the caller's transaction. */
    ReleaseGate forAudience(StoreTx tx, String audience);

    /**
     * The objects a change of these source objects may hold or free besides them; empty,
     * without a query, when nothing gated changed.
     */
    Set<String> alsoAffected(StoreTx tx, List<String> sources, Collection<String> changed);

    /** Source objects were written, in the caller's transaction, before views are updated. */
    void versionsWritten(StoreTx tx, String collectionId, Collection<String> objectIds, String actor);
}
