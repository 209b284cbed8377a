package org.tearline.domain;

import java.time.Instant;

/**
 * Something a peer sent that was not stored: invalid STIX, or a version that conflicts with one
 * already stored. Kept as it came, with the reasons.
 *
 * @param objectId the id it claimed, or null when it had none
 * @param body     the JSON as received
 */
public record QuarantinedObject(
        String subscriptionId,
        String peer,
        String remoteCollection,
        String objectId,
        String body,
        String reasons,
        String digest,
        Instant received) {}
