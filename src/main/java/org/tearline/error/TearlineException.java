package org.tearline.error;

/**
 * Base of every deliberate Tearline failure. The message is safe to show to the client that
 * caused it; anything else goes to the log, never to the client.
 */
public abstract class TearlineException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final String title;

    protected TearlineException(int httpStatus, String title, String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.title = title;
    }

    /** The HTTP status this failure is answered with. */
    public final int httpStatus() {
        return httpStatus;
    }

    /** A short title for the TAXII error body, e.g. "Not Found". */
    public final String title() {
        return title;
    }
}
