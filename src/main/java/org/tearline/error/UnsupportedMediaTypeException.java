package org.tearline.error;

/** The request body's media type is not one this endpoint takes. */
public class UnsupportedMediaTypeException extends TearlineException {

    private static final long serialVersionUID = 1L;

    public UnsupportedMediaTypeException(String message) {
        super(415, "Unsupported Media Type", message, null);
    }

    public UnsupportedMediaTypeException(String message, Throwable cause) {
        super(415, "Unsupported Media Type", message, cause);
    }
}
