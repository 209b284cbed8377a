package org.tearline.domain;

import java.util.Locale;

/** What a collection is for. */
public enum CollectionKind {
    /** The producer's own intelligence, written by its analysts. */
    SOURCE,
    /** A release view: what one audience may see, materialised from source collections. */
    VIEW,
    /** Where an audience's members post feedback (opinions, notes) about what they received. */
    FEEDBACK,
    /** Objects pulled from a partner's TAXII server. */
    INBOUND;

    /** The name stored in the database. */
    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind for a stored name. */
    public static CollectionKind ofDbName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
