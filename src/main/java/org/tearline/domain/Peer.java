package org.tearline.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * Another organisation's TAXII 2.1 server this instance talks to, and how its last contact went.
 *
 * @param discoveryUrl the server's discovery URL ({@code .../taxii2/})
 * @param apiRootUrl   the API root to use, or null for the discovery's default
 * @param user         the user name for HTTP Basic, or null when the secret is a bearer token
 * @param sealedSecret the password or token, sealed (AES-GCM) under the instance's peer key;
 *                     null when the peer needs none. Never shown.
 * @param caFile       a PEM file of certificates to trust for this peer instead of the JDK's
 * @param lastOk       the last time a pull or test succeeded
 * @param failingSince when the current run of failures began, null when the last contact worked
 * @param lastError    the last failure, in words that name it (no secret)
 */
public record Peer(
        String name,
        String discoveryUrl,
        String apiRootUrl,
        String user,
        String sealedSecret,
        String caFile,
        Instant created,
        Instant lastOk,
        Instant failingSince,
        String lastError,
        Instant lastErrorAt) {

    /** The configured API root URL, when there is one. */
    public Optional<String> apiRoot() {
        return Optional.ofNullable(apiRootUrl);
    }

    /** Whether the last contact failed. */
    public boolean failing() {
        return failingSince != null;
    }

    /** This peer without its sealed secret, for anything that shows or logs it. */
    @Override
    public String toString() {
        return "Peer[" + name + " " + discoveryUrl + (user == null ? "" : " user " + user) + "]";
    }
}
