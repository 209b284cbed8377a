package org.tearline.taxii;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tearline.error.TearlineException;

/**
 * The one place where failures become TAXII error messages. A deliberate failure
 * ({@link TearlineException}) is answered with its status and its client-safe message; anything
 * else is logged in full under a fresh log id and answered with a 500 that carries only the id.
 */
public final class TaxiiErrors {

    private static final Logger LOG = LoggerFactory.getLogger(TaxiiErrors.class);

    private TaxiiErrors() {
    }

    /**
     * What a failure means for the client: status, title, a client-safe message, the log id
     * of a server-side failure, and headers the status calls for.
     */
    public record Failure(int status, String title, String message, String errorId,
            Map<String, String> headers) {
    }

    /**
     * Classifies a failure. Deliberate failures keep their status and message; anything else
     * is logged in full under a fresh log id and becomes a 500 that says only that id.
     */
    public static Failure classify(Throwable failure, String endpoint) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (failure instanceof TearlineException e) {
            if (e.httpStatus() == 401) {
                headers.put("WWW-Authenticate", "Basic realm=\"Tearline\", Bearer realm=\"Tearline\"");
            }
            if (e instanceof org.tearline.error.TooManyAttemptsException t) {
                headers.put("Retry-After", Long.toString(t.retryAfterSeconds()));
            }
            if (e instanceof MethodNotAllowedException m) {
                headers.put("Allow", String.join(", ", m.allowed()));
            }
            String errorId = null;
            if (e.httpStatus() >= 500) {
                errorId = UUID.randomUUID().toString().substring(0, 8);
                LOG.error("{} failed [log id {}]", endpoint, errorId, e);
            }
            return new Failure(e.httpStatus(), e.title(), e.getMessage(), errorId, headers);
        }
        String errorId = UUID.randomUUID().toString().substring(0, 8);
        LOG.error("{} failed unexpectedly [log id {}]", endpoint, errorId, failure);
        return new Failure(500, "Internal Server Error", "the server failed; quote log id "
                + errorId + " to its operator", errorId, headers);
    }

    /** The TAXII reply for a failure. */
    public static TaxiiHandler.Reply reply(Throwable failure, String endpoint) {
        Failure f = classify(failure, endpoint);
        return new TaxiiHandler.Reply(f.status(), TaxiiResources.error(f.status(), f.title(),
                f.message(), f.errorId()), f.headers(), endpoint, null);
    }

    /** An error body for failures Jetty detects before a handler runs (bad URIs, headers). */
    public static byte[] body(int status, String title, String description) {
        return TaxiiResources.error(status, title, description, null);
    }
}
