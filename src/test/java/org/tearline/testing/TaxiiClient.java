package org.tearline.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.tearline.stix.StixJson;

/** A small TAXII client over java.net.http, for tests that must go through real HTTP. */
public final class TaxiiClient {

    public static final String TAXII = "application/taxii+json;version=2.1";

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final URI base;
    private final String authorization;
    private final HttpClient http;

    public TaxiiClient(URI base, String authorization) {
        this(base, authorization, HTTP);
    }

    /** A client over its own HttpClient (for TLS settings, say). */
    public TaxiiClient(URI base, String authorization, HttpClient http) {
        this.base = base;
        this.authorization = authorization;
        this.http = http;
    }

    /** An HTTP Basic Authorization header value. */
    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A client with another Authorization header (or none, when null). */
    public TaxiiClient withAuthorization(String authorization) {
        return new TaxiiClient(base, authorization, http);
    }

    /** An HTTP answer. */
    public record Reply(int status, Map<String, String> headers, byte[] bytes) {

        /** The body parsed as JSON. */
        public JsonNode json() {
            try {
                return StixJson.mapper().readTree(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException("body is not JSON: " + body(), e);
            }
        }

        /** The body as text. */
        public String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        /** A header, by case-insensitive name. */
        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
        }
    }

    /** GET with the TAXII Accept header. */
    public Reply get(String path) {
        return send(request(path).header("Accept", TAXII).GET());
    }

    /** GET with query parameters (encoded here) and the TAXII Accept header. */
    public Reply get(String path, Map<String, String> params) {
        return get(path + query(params));
    }

    /** POST a TAXII envelope. */
    public Reply post(String path, String json) {
        return send(request(path)
                .header("Accept", TAXII)
                .header("Content-Type", TAXII)
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** POST bytes with the given Content-Type (none when null) and the TAXII Accept header. */
    public Reply post(String path, byte[] body, String contentType) {
        HttpRequest.Builder b = request(path).header("Accept", TAXII);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b.POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** GET with the given Accept header (none when null). */
    public Reply getAccepting(String path, String accept) {
        HttpRequest.Builder b = request(path);
        if (accept != null) {
            b.header("Accept", accept);
        }
        return send(b.GET());
    }

    /** DELETE with the TAXII Accept header. */
    public Reply delete(String path) {
        return send(request(path).header("Accept", TAXII).DELETE());
    }

    /** Any request, built by the caller on top of the base request for {@code path}. */
    public Reply send(HttpRequest.Builder builder) {
        try {
            HttpResponse<byte[]> r = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, String> headers = new LinkedHashMap<>();
            r.headers()
                    .map()
                    .forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(", ", v)));
            return new Reply(r.statusCode(), headers, r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A request builder for {@code path}, with this client's credentials. */
    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    /** A query string from parameters, encoded. */
    public static String query(Map<String, String> params) {
        if (params.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("?");
        params.forEach((k, v) -> {
            if (b.length() > 1) {
                b.append('&');
            }
            b.append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return b.toString();
    }
}
