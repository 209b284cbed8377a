package org.tearline.error;

/** The request body is larger than the configured limit. */
public class PayloadTooLargeException extends TearlineException {

    private static final long serialVersionUID = 1L;

    public PayloadTooLargeException(String message) {
        super(413, "Payload Too Large", message, null);
    }

    public PayloadTooLargeException(String message, Throwable cause) {
        super(413, "Payload Too Large", message, cause);
    }
}
