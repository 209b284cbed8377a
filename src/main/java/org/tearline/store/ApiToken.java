package org.tearline.store;

import java.time.Instant;

/**
 * An API token. The token a client presents is {@code id.secret}; only a hash of the secret is
 * stored.
 */
public record ApiToken(String id, String account, String secretHash, String label,
        Instant created, boolean revoked) {
}
