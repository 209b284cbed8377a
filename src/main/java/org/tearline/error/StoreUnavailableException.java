package org.tearline.error;

/** The store cannot be reached or failed; the request may be retried. */
public class StoreUnavailableException extends TearlineException {

    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message) {
        super(503, "Service Unavailable", message, null);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(503, "Service Unavailable", message, cause);
    }
}
