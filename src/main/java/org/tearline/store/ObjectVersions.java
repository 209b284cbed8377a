package org.tearline.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.tearline.domain.Provenance;
import org.tearline.domain.StoredObject;
import org.tearline.domain.VersionRecord;

/**
 * The object versions of each collection, found through their identities, and the references
 * between the objects a collection holds. Part of one {@link StoreTx}.
 */
public interface ObjectVersions {

    /**
     * Adds object versions to a collection. All versions stored by one call share one
     * date_added, later than every date_added already in the collection. Returns one result per
     * input, in order.
     */
    List<AddResult> addObjects(String collectionId, List<NewObject> objects, Instant now, Provenance provenance);

    /** One page of objects, in collection order. */
    Page<StoredObject> findObjects(String collectionId, ObjectFilter filter, PageRequest page);

    /** One page of manifest records, in collection order. */
    Page<VersionRecord> findManifest(String collectionId, ObjectFilter filter, PageRequest page);

    /** One page of the versions of one object, in collection order. */
    Page<VersionRecord> findVersions(String collectionId, String objectId, ObjectFilter filter, PageRequest page);

    /** Streams every matching object in collection order without holding them in memory. */
    void forEachObject(String collectionId, ObjectFilter filter, Consumer<StoredObject> sink);

    /**
     * Deletes the versions of one object the filter selects (its ids and types are ignored).
     * Returns how many versions were deleted.
     */
    int deleteObject(String collectionId, String objectId, ObjectFilter filter);

    /**
     * The date_added of the newest version in a collection, in microseconds, or the time the
     * collection was created when it holds nothing yet.
     */
    long lastDateAdded(String collectionId);

    /** Number of object versions stored in a collection. */
    long countVersions(String collectionId);

    /**
     * Forgets every reference recorded for a collection's objects, so they can be recorded anew
     * from what it holds, and keeps writers out of the collection until this transaction ends,
     * so nothing is added meanwhile that the new record would miss.
     */
    void resetSourceRefs(String collectionId);

    /** Replaces the references recorded for the given referrers in a collection. */
    void replaceSourceRefs(String collectionId, Map<String, List<SourceRef>> byReferrer);

    /** Who refers to any of the targets, in any of the collections. */
    List<SourceRef> referrers(Collection<String> collectionIds, Collection<String> targetIds);

    /**
     * The latest version of each of the given objects across collections: when an object is in
     * several, the one with the latest version.
     */
    Map<String, StoredObject> latestObjects(Collection<String> collectionIds, Collection<String> objectIds);

    /** Ids of the objects of one type in any of the collections. */
    Set<String> idsOfType(Collection<String> collectionIds, String type);
}
