package org.tearline.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.tearline.domain.ApiRoot;
import org.tearline.domain.CollectionInfo;
import org.tearline.domain.StatusRecord;

/**
 * API roots, their collections, and the status resources of their requests.
 * Part of one {@link StoreTx}.
 */
public interface Collections {

    /** All API roots, by name. */
    List<ApiRoot> apiRoots();

    /** One API root. */
    Optional<ApiRoot> findApiRoot(String name);

    /** Creates or replaces an API root. */
    void putApiRoot(ApiRoot root, Instant now);

    /** All collections of an API root, by id. */
    List<CollectionInfo> collections(String apiRoot);

    /** All collections of every API root. */
    List<CollectionInfo> allCollections();

    /** One collection by id, whatever its API root. */
    Optional<CollectionInfo> findCollection(String collectionId);

    /** Creates a collection; fails with a conflict when the id or the alias is taken. */
    void createCollection(CollectionInfo collection);

    /** Saves a status resource. */
    void saveStatus(StatusRecord status);

    /** One status resource of an API root. */
    Optional<StatusRecord> findStatus(String apiRoot, String statusId);
}
