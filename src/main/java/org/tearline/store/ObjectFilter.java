package org.tearline.store;

import java.util.Optional;
import java.util.Set;

/**
 * The TAXII filters of an object, manifest or versions query, combined with AND. Empty sets mean
 * "no restriction".
 *
 * @param ids              {@code match[id]}
 * @param types            {@code match[type]}
 * @param versions         {@code match[version]}
 * @param specVersions     {@code match[spec_version]}
 * @param addedAfterMicros {@code added_after}, exclusive, in microseconds since the epoch
 * @param postedBy         only versions this user posted (feedback collections show each
 *                         partner its own posts only)
 */
public record ObjectFilter(
        Set<String> ids,
        Set<String> types,
        VersionSelector versions,
        Set<String> specVersions,
        Optional<Long> addedAfterMicros,
        Optional<String> postedBy) {

    /** A filter on everyone's posts. */
    public ObjectFilter(
            Set<String> ids,
            Set<String> types,
            VersionSelector versions,
            Set<String> specVersions,
            Optional<Long> addedAfterMicros) {
        this(ids, types, versions, specVersions, addedAfterMicros, Optional.empty());
    }

    /** No restriction beyond TAXII's default of the latest version. */
    public static final ObjectFilter LATEST =
            new ObjectFilter(Set.of(), Set.of(), VersionSelector.LAST, Set.of(), Optional.empty());

    /** Every version of every object. */
    public static final ObjectFilter EVERYTHING =
            new ObjectFilter(Set.of(), Set.of(), VersionSelector.ALL, Set.of(), Optional.empty());

    public ObjectFilter {
        ids = Set.copyOf(ids);
        types = Set.copyOf(types);
        specVersions = Set.copyOf(specVersions);
    }

    /** The same filter restricted to the given types. */
    public ObjectFilter withTypes(Set<String> onlyTypes) {
        return new ObjectFilter(ids, onlyTypes, versions, specVersions, addedAfterMicros, postedBy);
    }

    /** The same filter restricted to one object id. */
    public ObjectFilter withId(String id) {
        return new ObjectFilter(Set.of(id), types, versions, specVersions, addedAfterMicros, postedBy);
    }

    /** The same filter restricted to one poster's versions. */
    public ObjectFilter postedBy(String account) {
        return new ObjectFilter(ids, types, versions, specVersions, addedAfterMicros, Optional.of(account));
    }
}
