package org.tearline.domain;

import java.time.Instant;

/**
 * An API token. The token a client presents is {@code id.secret}; only a hash of the secret is
 * stored.
 *
 * @param expires when the token stops working, or null when it does not expire
 */
public record ApiToken(
        String id, String account, String secretHash, String label, Instant created, boolean revoked, Instant expires) {

    /** A token that does not expire. */
    public ApiToken(String id, String account, String secretHash, String label, Instant created, boolean revoked) {
        this(id, account, secretHash, label, created, revoked, null);
    }

    /** True when the token may be used at {@code now}: not revoked and not expired. */
    public boolean usableAt(Instant now) {
        return !revoked && (expires == null || now.isBefore(expires));
    }
}
