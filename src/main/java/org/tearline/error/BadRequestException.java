package org.tearline.error;

/** The request is malformed: a parameter, a header or the body cannot be understood. */
public class BadRequestException extends TearlineException {

    private static final long serialVersionUID = 1L;

    public BadRequestException(String message) {
        super(400, "Bad Request", message, null);
    }

    public BadRequestException(String message, Throwable cause) {
        super(400, "Bad Request", message, cause);
    }
}
