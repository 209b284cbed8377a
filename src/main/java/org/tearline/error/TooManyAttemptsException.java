package org.tearline.error;

/**
 * Sign-ins of this user or from this address failed too often: attempts are refused, without
 * checking the credentials, until the delay has passed.
 */
public class TooManyAttemptsException extends TearlineException {

    private static final long serialVersionUID = 1L;

    private final long retryAfterSeconds;

    public TooManyAttemptsException(String message, long retryAfterSeconds) {
        super(429, "Too Many Requests", message, null);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Whole seconds until the next attempt will be checked; at least 1. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
