package org.tearline.http;

import java.util.List;
import java.util.Map;

/**
 * What an edge answers, for the response and the request log: status, content type, body,
 * headers beyond those every response carries, cookies to set, the endpoint's name (a metric
 * tag) and the user who asked, or null when nobody was authenticated.
 */
// Replies are never compared or hashed, so the body's identity equality does not matter.
@SuppressWarnings("ArrayRecordComponent")
public record Reply(
        int status,
        String contentType,
        byte[] body,
        Map<String, String> headers,
        List<String> cookies,
        String endpoint,
        String user) {

    /** A reply that sets no cookie. */
    public Reply(
            int status, String contentType, byte[] body, Map<String, String> headers, String endpoint, String user) {
        this(status, contentType, body, headers, List.of(), endpoint, user);
    }

    /** The same reply, as asked by {@code user} (when this one names nobody). */
    public Reply by(String user) {
        return this.user != null || user == null
                ? this
                : new Reply(status, contentType, body, headers, cookies, endpoint, user);
    }
}
