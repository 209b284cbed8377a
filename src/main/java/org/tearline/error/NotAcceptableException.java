package org.tearline.error;

/** None of the media types the client accepts can be produced. */
public class NotAcceptableException extends TearlineException {

    private static final long serialVersionUID = 1L;

    public NotAcceptableException(String message) {
        super(406, "Not Acceptable", message, null);
    }

    public NotAcceptableException(String message, Throwable cause) {
        super(406, "Not Acceptable", message, cause);
    }
}
