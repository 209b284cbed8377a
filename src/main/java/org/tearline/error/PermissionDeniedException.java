package org.tearline.error;

/** The user is known but may not do this. */
public class PermissionDeniedException extends TearlineException {

    private static final long serialVersionUID = 1L;

    public PermissionDeniedException(String message) {
        super(403, "Forbidden", message, null);
    }

    public PermissionDeniedException(String message, Throwable cause) {
        super(403, "Forbidden", message, cause);
    }
}
