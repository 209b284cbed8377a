package org.tearline.error;

/** The request contradicts what is already stored. */
public class ConflictException extends TearlineException {

    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(409, "Conflict", message, null);
    }

    public ConflictException(String message, Throwable cause) {
        super(409, "Conflict", message, cause);
    }
}
