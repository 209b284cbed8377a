package org.tearline.domain;

import java.util.Optional;

/**
 * One stored version of an object and where it came from.
 *
 * @param receivedFrom the peer details, when it came from a peer
 */
public record VersionOrigin(
        VersionRecord version, CollectionInfo collection, Provenance provenance, ReceivedFrom receivedFrom) {

    /** The peer details, when the version came from a peer. */
    public Optional<ReceivedFrom> fromPeer() {
        return Optional.ofNullable(receivedFrom);
    }
}
