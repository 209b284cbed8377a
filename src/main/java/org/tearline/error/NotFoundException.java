package org.tearline.error;

/** The resource does not exist, or the user may not learn that it exists. */
public class NotFoundException extends TearlineException {

    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(404, "Not Found", message, null);
    }

    public NotFoundException(String message, Throwable cause) {
        super(404, "Not Found", message, cause);
    }
}
