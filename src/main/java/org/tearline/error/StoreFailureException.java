package org.tearline.error;

/** The store failed in a way a retry will not fix; details are in the server log. */
public class StoreFailureException extends TearlineException {

    private static final long serialVersionUID = 1L;

    public StoreFailureException(String message, Throwable cause) {
        super(500, "Internal Server Error", message, cause);
    }
}
