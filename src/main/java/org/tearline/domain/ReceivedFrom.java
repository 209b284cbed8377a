package org.tearline.domain;

import java.time.Instant;

/**
 * Where a stored version came from when a peer sent it: the peer, its collection, the
 * date_added it gave (in its own clock; null when it did not say for that object) and when this
 * instance received it. Kept beside {@link Provenance} (channel {@code peer}, source the peer's
 * name) for the versions a pull stores.
 */
public record ReceivedFrom(
        String collectionId,
        String objectId,
        String versionKey,
        String peer,
        String remoteCollection,
        Instant remoteDateAdded,
        Instant received) {}
