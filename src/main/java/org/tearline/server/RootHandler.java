package org.tearline.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tearline.api.ApiHandler;
import org.tearline.error.AuthenticationRequiredException;
import org.tearline.error.NotFoundException;
import org.tearline.taxii.JsonBodies;
import org.tearline.taxii.MediaTypes;
import org.tearline.taxii.TaxiiErrors;
import org.tearline.taxii.TaxiiHandler;
import org.tearline.web.WebHandler;

/**
 * Routes every request (operations endpoints, the console, the APIs), writes the answer, and records
 * one log line and one timer sample per request. The log line names method, path, status,
 * size, time and user, and never credentials, query secrets or object content.
 */
final class RootHandler extends Handler.Abstract {

    private static final Logger REQUESTS = LoggerFactory.getLogger("tearline.request");
    private static final Set<String> KNOWN_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE");

    private final TaxiiHandler taxii;
    private final ApiHandler api;
    private final WebHandler console;
    private final OpsEndpoints ops;
    private final MeterRegistry metrics;
    private final boolean metricsEnabled;
    private final byte[] metricsToken;
    private final boolean metricsOnMainPort;
    private final String publicUrl;
    private final boolean tls;

    /**
     * @param metricsToken     the bearer token /metrics asks for, or null for none
     * @param metricsOnMainPort whether the main listener serves /metrics (else only a
     *                         management listener does, if there is one)
     * @param publicUrl        where clients reach this server, or null: absolute URLs then
     *                         name the listener's own address
     * @param tls              whether the main listener speaks TLS
     */
    RootHandler(TaxiiHandler taxii, ApiHandler api, WebHandler console, OpsEndpoints ops,
            MeterRegistry metrics, boolean metricsEnabled, String metricsToken,
            boolean metricsOnMainPort, String publicUrl, boolean tls) {
        this.taxii = taxii;
        this.api = api;
        this.console = console;
        this.ops = ops;
        this.metrics = metrics;
        this.metricsEnabled = metricsEnabled;
        this.metricsToken = metricsToken == null ? null
                : ("Bearer " + metricsToken).getBytes(StandardCharsets.UTF_8);
        this.metricsOnMainPort = metricsOnMainPort;
        this.publicUrl = publicUrl;
        this.tls = tls;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        List<String> segments = segments(request.getHttpURI());
        String endpoint = "unknown";
        String user = "-";
        int status;
        int size;
        boolean management = HttpServer.MANAGEMENT.equals(
                request.getConnectionMetaData().getConnector().getName());
        try {
            if (segments.size() == 1 && segments.get(0).equals("health")) {
                endpoint = "health";
                OpsEndpoints.Response r = ops.health();
                status = r.status();
                size = write(response, callback, r.status(), r.contentType(), r.body(), Map.of());
            } else if (metricsEnabled && (management || metricsOnMainPort)
                    && segments.size() == 1 && segments.get(0).equals("metrics")) {
                endpoint = "metrics";
                if (metricsTokenShown(request)) {
                    OpsEndpoints.Response r = ops.metrics();
                    status = r.status();
                    size = write(response, callback, r.status(), r.contentType(), r.body(),
                            Map.of());
                } else {
                    TaxiiHandler.Reply e = TaxiiErrors.reply(new AuthenticationRequiredException(
                            "/metrics needs the metrics token (metrics.token) as"
                                    + " 'Authorization: Bearer TOKEN'"), endpoint);
                    status = e.status();
                    size = write(response, callback, e.status(), MediaTypes.TAXII, e.body(),
                            settleBody(request, e.headers()));
                }
            } else if (management) {
                // The management listener serves operations only, never the APIs.
                TaxiiHandler.Reply e = TaxiiErrors.reply(new NotFoundException(
                        "this listener serves /health and /metrics only"), endpoint);
                status = e.status();
                size = write(response, callback, e.status(), MediaTypes.TAXII, e.body(),
                        settleBody(request, e.headers()));
            } else if (console != null && WebHandler.isConsolePath(segments)) {
                WebHandler.Reply reply = console.handle(request, segments);
                endpoint = reply.endpoint();
                if (reply.user() != null) {
                    user = reply.user();
                }
                status = reply.status();
                reply.cookies().forEach(c -> response.getHeaders().add(HttpHeader.SET_COOKIE, c));
                size = write(response, callback, reply.status(), reply.contentType(),
                        reply.body(), settleBody(request, reply.headers()));
            } else if (!segments.isEmpty() && segments.get(0).equals("api")) {
                endpoint = "api";
                ApiHandler.Reply reply;
                try {
                    ApiRequestCheck.check(request, publicUrl);
                    reply = api.handle(request, segments);
                } catch (Throwable t) {
                    TaxiiHandler.Reply e = TaxiiErrors.reply(t, endpoint);
                    reply = new ApiHandler.Reply(e.status(), e.body(), endpoint, null);
                    e.headers().forEach((k, v) -> response.getHeaders().put(k, v));
                }
                endpoint = reply.endpoint();
                if (reply.principal() != null) {
                    user = reply.principal().name();
                }
                status = reply.status();
                size = write(response, callback, reply.status(), "application/json",
                        reply.body(), settleBody(request, Map.of()));
            } else {
                TaxiiHandler.Reply reply;
                String[] asker = {null};
                try {
                    if (!TaxiiHandler.isTaxiiPath(segments)) {
                        throw new NotFoundException("nothing is served at this path");
                    }
                    endpoint = TaxiiHandler.endpointOf(segments);
                    reply = taxii.handle(request, segments, baseUrl(request),
                            p -> asker[0] = p.name());
                } catch (Throwable t) {
                    reply = TaxiiErrors.reply(t, endpoint);
                }
                if (asker[0] != null) {
                    user = asker[0];
                }
                status = reply.status();
                size = write(response, callback, reply.status(), MediaTypes.TAXII, reply.body(),
                        settleBody(request, reply.headers()));
            }
        } catch (Throwable t) {
            // Writing itself failed (the client went away, mostly); nothing more to tell it.
            callback.failed(t);
            status = 500;
            size = 0;
        }
        long nanos = System.nanoTime() - start;
        Timer.builder("tearline.http.requests")
                .description("TAXII and operations requests")
                .tag("endpoint", endpoint)
                .tag("method", methodTag(request.getMethod()))
                .tag("status", Integer.toString(status))
                .register(metrics)
                .record(nanos, TimeUnit.NANOSECONDS);
        if (REQUESTS.isInfoEnabled()) {
            REQUESTS.info("{} {} {} {}B {}ms user={} from={}", request.getMethod(),
                    loggable(request.getHttpURI()), status, size,
                    TimeUnit.NANOSECONDS.toMillis(nanos), user,
                    Request.getRemoteAddr(request));
        }
        return true;
    }

    /**
     * The method as a metric tag: clients may send any token as a method, and each distinct
     * tag value is a new time series held in memory, so unknown methods share one tag.
     */
    private static String methodTag(String method) {
        return KNOWN_METHODS.contains(method) ? method : "other";
    }

    /**
     * The reply's headers, with {@code Connection: close} when what is left of the request's
     * body could not be read and dropped. A handler may answer without reading the body (a
     * refusal, or an action that takes none); Jetty then closes the connection once the reply
     * is out, and a client that was not told would send its next request into a closed socket.
     */
    private static Map<String, String> settleBody(Request request, Map<String, String> headers) {
        if (!hasBody(request) || discardBody(request)) {
            return headers;
        }
        Map<String, String> closing = new LinkedHashMap<>(headers);
        closing.put("Connection", "close");
        return closing;
    }

    /** True when the request carries a body (a length, or chunked). */
    private static boolean hasBody(Request request) {
        return request.getLength() > 0
                || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }

    /** Reads and drops what is left of a refused request's body; true when all of it was. */
    private static boolean discardBody(Request request) {
        if (request.getLength() > JsonBodies.DISCARD_LIMIT) {
            return false;
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            return JsonBodies.discard(in, JsonBodies.DISCARD_LIMIT);
        } catch (IOException e) {
            return false;
        }
    }

    private static int write(Response response, Callback callback, int status,
            String contentType, byte[] body, Map<String, String> headers) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        headers.forEach((k, v) -> response.getHeaders().put(k, v));
        response.write(true, ByteBuffer.wrap(body), callback);
        return body.length;
    }

    /** The decoded path split on '/', without empty segments. */
    static List<String> segments(HttpURI uri) {
        String path = uri.getDecodedPath();
        List<String> out = new ArrayList<>();
        if (path == null) {
            return out;
        }
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** True when /metrics asks no token, or the request shows it. */
    private boolean metricsTokenShown(Request request) {
        if (metricsToken == null) {
            return true;
        }
        String sent = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        return sent != null && MessageDigest.isEqual(metricsToken,
                sent.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Scheme and authority for absolute URLs: the configured public URL, else the address of
     * the listener the request came in on. Never the Host header (or X-Forwarded-Host), which
     * the client chooses: a URL built from it could send the next request, with its
     * credentials, to a server the client's attacker picked.
     */
    private String baseUrl(Request request) {
        if (publicUrl != null) {
            return publicUrl;
        }
        ServerConnector connector = (ServerConnector) request.getConnectionMetaData()
                .getConnector();
        String host = connector.getHost();
        if (host == null || host.isEmpty() || host.equals("0.0.0.0") || host.equals("::")
                || host.equals("[::]")) {
            // A wildcard is no address to reach: name the one this connection reached.
            host = request.getConnectionMetaData().getLocalSocketAddress()
                    instanceof InetSocketAddress a ? a.getAddress().getHostAddress()
                    : "localhost";
        }
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return (tls ? "https" : "http") + "://" + host + ":" + connector.getLocalPort();
    }

    /** The path and query for the log: bounded, without control characters. */
    private static String loggable(HttpURI uri) {
        String text = uri.getPathQuery();
        if (text == null) {
            return "-";
        }
        if (text.length() > 300) {
            text = text.substring(0, 300) + "...";
        }
        return text.replaceAll("\\p{Cntrl}", "?");
    }
}
