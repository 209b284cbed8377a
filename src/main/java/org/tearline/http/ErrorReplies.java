package org.tearline.http;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tearline.error.MethodNotAllowedException;
import org.tearline.error.TearlineException;
import org.tearline.error.TooManyAttemptsException;
import org.tearline.stix.StixJson;

/**
 * The one place where failures become error replies, for TAXII, the producer's API, the
 * console and the operations endpoints alike: a TAXII error message, or for the console the
 * status, title and message of its error page. A deliberate failure
 * ({@link TearlineException}) is answered with its status and its client-safe message; anything
 * else is logged in full under a fresh log id and answered with a 500 that carries only the id.
 */
public final class ErrorReplies {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorReplies.class);

    private ErrorReplies() {}

    /**
     * What a failure means for the client: status, title, a client-safe message, the log id
     * of a server-side failure, and headers the status calls for.
     */
    public record Failure(int status, String title, String message, String errorId, Map<String, String> headers) {}

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
            if (e instanceof TooManyAttemptsException t) {
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
        return new Failure(
                500,
                "Internal Server Error",
                "the server failed; quote log id " + errorId + " to its operator",
                errorId,
                headers);
    }

    /** The reply for a failure: a TAXII error message, of the given content type. */
    public static Reply reply(Throwable failure, String endpoint, String contentType) {
        Failure f = classify(failure, endpoint);
        return new Reply(
                f.status(),
                contentType,
                error(f.status(), f.title(), f.message(), f.errorId()),
                f.headers(),
                endpoint,
                null);
    }

    /** An error body for failures Jetty detects before a handler runs (bad URIs, headers). */
    public static byte[] body(int status, String title, String description) {
        return error(status, title, description, null);
    }

    /** A TAXII error message (section 3.6.1); http_status is a string, as the spec has it. */
    private static byte[] error(int status, String title, String description, String errorId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = StixJson.mapper().getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("title", title);
            writeOptional(g, "description", description);
            writeOptional(g, "error_id", errorId);
            g.writeStringField("http_status", Integer.toString(status));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeOptional(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }
}
