package org.tearline.stix.validation;

import java.util.Set;
import java.util.function.Predicate;
import org.tearline.stix.StixTypes;

/**
 * Which object types a reference property may point at. Custom types (not defined by the spec)
 * are accepted wherever a category is required, since an identifier alone does not tell which
 * category a custom type belongs to.
 */
final class RefTypes {

    /** Any STIX object (not a bundle). */
    static final RefTypes ANY = new RefTypes(t -> !t.equals("bundle"), "a STIX object");

    /** An SDO, or a custom object. */
    static final RefTypes SDO = new RefTypes(t -> StixTypes.SDO.contains(t) || isCustom(t), "an SDO");

    /** An SDO or SCO (relationship endpoints, section 5.1.2), or a custom object. */
    static final RefTypes SDO_OR_SCO =
            new RefTypes(t -> StixTypes.SDO.contains(t) || StixTypes.SCO.contains(t) || isCustom(t), "an SDO or SCO");

    /** An SCO or SRO (observed-data object_refs, section 4.14.2), or a custom object. */
    static final RefTypes SCO_OR_SRO =
            new RefTypes(t -> StixTypes.SCO.contains(t) || StixTypes.SRO.contains(t) || isCustom(t), "an SCO or SRO");

    private final Predicate<String> accepts;
    private final String description;

    private RefTypes(Predicate<String> accepts, String description) {
        this.accepts = accepts;
        this.description = description;
    }

    /** Exactly the given types. */
    static RefTypes of(String... types) {
        Set<String> set = Set.of(types);
        String d = types.length == 1 ? types[0] : String.join(" or ", types);
        return new RefTypes(set::contains, d);
    }

    private static boolean isCustom(String type) {
        return !StixTypes.isSpecDefined(type) && !type.equals("bundle");
    }

    boolean accepts(String type) {
        return accepts.test(type);
    }

    String description() {
        return description;
    }
}
