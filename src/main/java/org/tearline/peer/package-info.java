/**
 * Peers: this instance as a recipient of other organisations' TAXII 2.1 servers. A registry of
 * peers with their credentials sealed under a key in the data directory ({@link
 * org.tearline.peer.SecretBox}); a strict TAXII client that verifies certificates and believes
 * no answer before checking its status, type, size and JSON ({@link
 * org.tearline.peer.TaxiiPeerClient}); subscriptions that pull a remote collection into a local
 * inbound collection, exactly once, with the cursor stored in the transaction of the objects it
 * covers and never taken from this instance's clock ({@link org.tearline.peer.Puller}); the
 * quarantine of what fails validation; and the provenance of every stored version. A service
 * layer package: the command line and the API call {@link org.tearline.peer.PeerService}; it
 * reaches the store through its own repositories ({@code Peers}, {@code Quarantine}).
 *
 * <p>Built to be reused by pushing to peers and sending feedback back: the registry and the
 * client know nothing of pulling.
 */
package org.tearline.peer;
