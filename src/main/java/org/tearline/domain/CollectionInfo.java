package org.tearline.domain;

import java.time.Instant;
import java.util.Optional;

/** A collection as the store keeps it (without per-user permissions). */
public record CollectionInfo(
        String id,
        String apiRoot,
        String title,
        String description,
        String alias,
        CollectionKind kind,
        Instant created) {

    /** The description, when there is one. */
    public Optional<String> descriptionText() {
        return Optional.ofNullable(description);
    }

    /** The alias, when there is one. */
    public Optional<String> aliasText() {
        return Optional.ofNullable(alias);
    }
}
