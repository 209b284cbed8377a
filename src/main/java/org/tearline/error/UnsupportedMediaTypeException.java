package org.tearline.error;

/** The request body's media type is not one this endpoint takes. */
public class UnsupportedMediaTypeException extends TearlineException {

    public UnsupportedMediaTypeException(String message) {
        super(415, "Unsupported Media Type", message, null);
    }

    public UnsupportedMediaTypeException(String message, Throwable cause) {
        super(415, "Unsupported Media Type", message, cause);
    }
}
