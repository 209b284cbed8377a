package org.tearline.error;

/** No credentials, or credentials that do not identify a user. */
public class AuthenticationRequiredException extends TearlineException {

    private static final long serialVersionUID = 1L;

    public AuthenticationRequiredException(String message) {
        super(401, "Unauthorized", message, null);
    }

    public AuthenticationRequiredException(String message, Throwable cause) {
        super(401, "Unauthorized", message, cause);
    }
}
