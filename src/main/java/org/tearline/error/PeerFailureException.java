package org.tearline.error;

import java.time.Duration;
import java.util.Optional;

/**
 * A peer's TAXII server could not be used: unreachable, its certificate not trusted, our
 * credentials refused, rate-limited, failing, or answering something that is not TAXII 2.1.
 * The message names the peer, the address and what failed, never a credential.
 */
public class PeerFailureException extends TearlineException {

    private static final long serialVersionUID = 1L;

    /** What failed, so callers can tell a retry worth waiting for from a setting to fix. */
    public enum Kind {
        /** No connection: the name does not resolve, nothing listens, or it timed out. */
        UNREACHABLE,
        /** The TLS handshake failed: the certificate is not trusted or does not match. */
        TLS,
        /** The server refused the credentials (401) or the access (403). */
        CREDENTIALS,
        /** The server asked us to slow down (429). */
        RATE_LIMITED,
        /** The server failed (5xx). */
        SERVER_ERROR,
        /** The answer is not what TAXII 2.1 says: status, content type, JSON, size. */
        PROTOCOL
    }

    private final Kind kind;
    private final transient Duration retryAfter;

    public PeerFailureException(Kind kind, String message, Duration retryAfter, Throwable cause) {
        super(502, "Bad Gateway", message, cause);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    public PeerFailureException(Kind kind, String message) {
        this(kind, message, null, null);
    }

    public Kind kind() {
        return kind;
    }

    /** How long the server asked us to wait, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
