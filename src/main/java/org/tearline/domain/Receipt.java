package org.tearline.domain;

import java.time.Instant;

/**
 * The first time a user retrieved a version of an object.
 *
 * @param digest SHA-256 of the exact bytes retrieved
 */
public record Receipt(
        String account, String collectionId, String objectId, String version, String digest, Instant retrievedAt) {}
