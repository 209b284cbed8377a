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
import org.tearline.http.ErrorReplies;
import org.tearline.http.Reply;
import org.tearline.taxii.JsonBodies;
import org.tearline.taxii.MediaTypes;
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
    RootHandler(
            TaxiiHandler taxii,
            ApiHandler api,
            WebHandler console,
            OpsEndpoints ops,
            MeterRegistry metrics,
            boolean metricsEnabled,
            String metricsToken,
            boolean metricsOnMainPort,
            String publicUrl,
            boolean tls) {
        this.taxii = taxii;
        this.api = api;
        this.console = console;
        this.ops = ops;
        this.metrics = metrics;
        this.metricsEnabled = metricsEnabled;
        this.metricsToken = metricsToken == null ? null : ("Bearer " + metricsToken).getBytes(StandardCharsets.UTF_8);
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
            Reply reply;
            // The operations endpoints answer whatever body came with the request.
            boolean operations = false;
            if (segments.size() == 1 && segments.get(0).equals("health")) {
                reply = ops.health();
                operations = true;
            } else if (metricsEnabled
                    && (management || metricsOnMainPort)
                    && segments.size() == 1
                    && segments.get(0).equals("metrics")) {
                operations = metricsTokenShown(request);
                reply = operations
                        ? ops.metrics()
                        : ErrorReplies.reply(
                                new AuthenticationRequiredException(
                                        "/metrics needs the metrics token (metrics.token) as"
                                                + " 'Authorization: Bearer TOKEN'"),
                                "metrics",
                                MediaTypes.TAXII);
            } else if (management) {
                // The management listener serves operations only, never the APIs.
                reply = ErrorReplies.reply(
                        new NotFoundException("this listener serves /health and /metrics only"),
                        endpoint,
                        MediaTypes.TAXII);
            } else if (console != null && WebHandler.isConsolePath(segments)) {
                reply = console.handle(request, segments);
            } else if (!segments.isEmpty() && segments.get(0).equals("api")) {
                reply = api(request, response, segments);
            } else {
                reply = taxii.handle(request, segments, baseUrl(request));
            }
            endpoint = reply.endpoint();
            if (reply.user() != null) {
                user = reply.user();
            }
            status = reply.status();
            reply.cookies().forEach(c -> response.getHeaders().add(HttpHeader.SET_COOKIE, c));
            size = write(
                    response,
                    callback,
                    reply.status(),
                    reply.contentType(),
                    reply.body(),
                    operations ? reply.headers() : settleBody(request, reply.headers()));
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
            REQUESTS.info(
                    "{} {} {} {}B {}ms user={} from={}",
                    request.getMethod(),
                    loggable(request.getHttpURI()),
                    status,
                    size,
                    TimeUnit.NANOSECONDS.toMillis(nanos),
                    user,
                    Request.getRemoteAddr(request));
        }
        return true;
    }

    /**
     * The producer's API. Its error replies have always carried their own headers
     * (WWW-Authenticate, Allow, Retry-After) ahead of those every response carries: they are
     * set here, first, so its responses stay as they were.
     */
    private Reply api(Request request, Response response, List<String> segments) {
        try {
            ApiRequestCheck.check(request, publicUrl);
            return api.handle(request, segments);
        } catch (Throwable t) {
            Reply e = ErrorReplies.reply(t, "api", "application/json");
            e.headers().forEach((k, v) -> response.getHeaders().put(k, v));
            return new Reply(e.status(), e.contentType(), e.body(), Map.of(), e.endpoint(), null);
        }
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
        return request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
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

    private static int write(
            Response response,
            Callback callback,
            int status,
            String contentType,
            byte[] body,
            Map<String, String> headers) {
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
        for (String s : path.split("/", -1)) {
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
        return sent != null && MessageDigest.isEqual(metricsToken, sent.getBytes(StandardCharsets.UTF_8));
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
        ServerConnector connector =
                (ServerConnector) request.getConnectionMetaData().getConnector();
        String host = connector.getHost();
        if (host == null || host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            // A wildcard is no address to reach: name the one this connection reached.
            host = request.getConnectionMetaData().getLocalSocketAddress() instanceof InetSocketAddress a
                    ? a.getAddress().getHostAddress()
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
