package org.tearline.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tearline.domain.Peer;
import org.tearline.domain.PeerSubscription;
import org.tearline.domain.Provenance;
import org.tearline.domain.ReceivedFrom;

/**
 * Peers (other organisations' TAXII servers), the remote collections subscribed to there, where
 * each subscription stands, and where received versions came from. Part of one
 * {@link StoreTx}, so a pull stores its objects, their origins and its cursor as one.
 */
public interface Peers {

    /** Adds a peer; false when one of that name exists (nothing changes then). */
    boolean addPeer(Peer peer);

    /** A peer by name. */
    Optional<Peer> findPeer(String name);

    /** Every peer, by name. */
    List<Peer> peers();

    /** Removes a peer and its subscriptions; false when there was none. */
    boolean removePeer(String name);

    /** Notes a successful contact: the peer is no longer failing. */
    void peerOk(String name, Instant at);

    /** Notes a failed contact; {@code failing_since} keeps the start of a run of failures. */
    void peerFailed(String name, String error, Instant at);

    /** Adds a subscription; false when the same peer, remote and local collection exist. */
    boolean addSubscription(PeerSubscription subscription);

    /** A subscription by id. */
    Optional<PeerSubscription> findSubscription(String id);

    /** The subscriptions of one peer, or of every peer when {@code peer} is null. */
    List<PeerSubscription> subscriptions(String peer);

    /**
     * Moves a subscription's cursor and adds to its counts after a page was stored; called in the
     * transaction that stored the page.
     *
     * @param newestAdded the newest date_added the peer gave so far (its clock), or null
     */
    void advance(
            String subscriptionId,
            PeerSubscription.Cursor cursor,
            long received,
            long quarantined,
            Instant newestAdded,
            Instant at);

    /** Notes a finished pull (successful or not: {@code error} null when it succeeded). */
    void pulled(String subscriptionId, String error, Instant at);

    /** Records where stored versions came from, keyed by collection, object and version. */
    void recordReceived(List<ReceivedFrom> received);

    /**
     * Where the given versions of objects in one collection came from: the channel and source
     * stored with each version, by {@code objectId + "@" + versionKey}.
     */
    Map<String, Provenance> provenance(String collectionId, Collection<VersionKey> versions);

    /** The peer details of versions received, by {@code objectId + "@" + versionKey}. */
    Map<String, ReceivedFrom> receivedFrom(String collectionId, String objectId);

    /** One object version's identity in a collection, with its place (for a direct lookup). */
    record VersionKey(String objectId, String versionKey, long dateAddedMicros, long seq) {}
}
