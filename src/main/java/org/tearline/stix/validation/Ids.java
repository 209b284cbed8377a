package org.tearline.stix.validation;

import java.util.Optional;
import java.util.UUID;
import org.tearline.stix.StixId;

/**
 * Identifier parsing for validation (section 2.9), with the RFC 4122 checks validation needs on
 * top of {@link StixId#parse}.
 */
final class Ids {

    /** A parsed identifier: its type part and UUID. */
    record Id(String type, UUID uuid) {

        /** RFC 4122: the variant bits are 10x and the version is one RFC 4122 defines. */
        boolean rfc4122() {
            return uuid.variant() == 2 && uuid.version() >= 1 && uuid.version() <= 5;
        }
    }

    private Ids() {}

    /** Parses {@code type--UUID}, or empty when the text is not of that form. */
    static Optional<Id> parse(String text) {
        return StixId.parse(text).map(id -> new Id(id.type(), id.uuid()));
    }
}
