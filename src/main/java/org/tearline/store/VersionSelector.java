package org.tearline.store;

import java.util.Set;

/**
 * Which versions of each object a query returns: TAXII's {@code match[version]}. Values combine
 * with OR: {@code first,last} returns both ends of each object's history.
 *
 * @param first       the earliest version of each object
 * @param last        the latest version of each object
 * @param all         every version (overrides the others)
 * @param versionKeys exact versions, as {@link org.tearline.stix.StixTimestamp#key} keys
 */
public record VersionSelector(boolean first, boolean last, boolean all, Set<String> versionKeys) {

    /** TAXII's default: the latest version of each object. */
    public static final VersionSelector LAST = new VersionSelector(false, true, false, Set.of());
    /** Every version. */
    public static final VersionSelector ALL = new VersionSelector(false, false, true, Set.of());

    public VersionSelector {
        versionKeys = Set.copyOf(versionKeys);
        if (!first && !last && !all && versionKeys.isEmpty()) {
            throw new IllegalArgumentException("a version selector must select something");
        }
    }
}
