package org.tearline.error;

/** The request is well-formed but its content cannot be processed. */
public class UnprocessableException extends TearlineException {

    private static final long serialVersionUID = 1L;

    public UnprocessableException(String message) {
        super(422, "Unprocessable Content", message, null);
    }

    public UnprocessableException(String message, Throwable cause) {
        super(422, "Unprocessable Content", message, cause);
    }
}
