package org.tearline.error;

import java.util.List;

/** The endpoint exists but does not take this HTTP method. */
public final class MethodNotAllowedException extends TearlineException {

    private static final long serialVersionUID = 1L;

    private final List<String> allowed;

    public MethodNotAllowedException(String method, String... allowed) {
        super(
                405,
                "Method Not Allowed",
                "method " + Echo.quote(method) + " is not allowed here; use " + String.join(" or ", allowed),
                null);
        this.allowed = List.of(allowed);
    }

    /** Refuses {@code method} unless it is one of {@code allowed}. */
    public static void unless(String method, String... allowed) {
        for (String a : allowed) {
            if (a.equals(method)) {
                return;
            }
        }
        throw new MethodNotAllowedException(method, allowed);
    }

    /** The methods the endpoint takes, for the Allow header. */
    public List<String> allowed() {
        return allowed;
    }
}
