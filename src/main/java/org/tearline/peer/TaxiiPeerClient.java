package org.tearline.peer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.tearline.error.ConfigurationException;
import org.tearline.error.PeerFailureException;
import org.tearline.error.PeerFailureException.Kind;
import org.tearline.stix.StixJson;
import org.tearline.stix.StixTimestamp;

/**
 * A TAXII 2.1 client for one peer, on the JDK's HTTP client. Certificates are verified (the
 * JDK's trust store, or the peer's own CA file), every request asks for the TAXII 2.1 media
 * type, and every answer is checked before it is believed: its status, its content type, its
 * size (read no further than the limit) and its JSON (parsed with the same strict settings as
 * a client's post). Whatever fails is a {@link PeerFailureException} naming the peer, the URL
 * and what was wrong; the credential never appears in one.
 *
 * <p>Written for pulling and, later, for pushing and posting feedback: the requests are the
 * TAXII resources, not one use of them.
 */
public final class TaxiiPeerClient {

    /** The TAXII 2.1 media type, asked for and expected. */
    public static final String MEDIA_TYPE = "application/taxii+json;version=2.1";

    private final String peer;
    private final HttpClient http;
    private final String authorization;
    private final long maxBytes;
    private final Duration timeout;
    private final Clock clock;

    /** One answer: its JSON, its headers, and how long it took. */
    public record Answer(JsonNode body, HttpHeaders headers, Duration roundTrip) {

        /** A header's value, when present. */
        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }
    }

    /** A page of a collection's objects. */
    public record ObjectsPage(List<JsonNode> objects, boolean more, String next, String addedFirst, String addedLast) {}

    /** One manifest entry: an object version and when the server added it. */
    public record ManifestEntry(String id, String version, String dateAdded) {}

    /** A page of a collection's manifest. */
    public record ManifestPage(List<ManifestEntry> entries, boolean more, String next) {}

    /**
     * @param authorization the Authorization header's value, or null for none
     * @param maxBytes      the largest answer read; anything longer is refused as oversized
     */
    public TaxiiPeerClient(
            String peer, HttpClient http, String authorization, long maxBytes, Duration timeout, Clock clock) {
        this.peer = peer;
        this.http = http;
        this.authorization = authorization;
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** An HTTP client that trusts the JDK's trust store, or only the certificates in {@code caFile}. */
    public static HttpClient httpClient(Path caFile, Duration connectTimeout) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1);
        if (caFile != null) {
            b.sslContext(trusting(caFile));
        }
        return b.build();
    }

    private static SSLContext trusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int n = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + n++, c);
            }
            if (n == 0) {
                throw new ConfigurationException("CA file " + caFile + " holds no certificate");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException e) {
            throw new ConfigurationException("cannot read CA file " + caFile + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException(
                    "CA file " + caFile + " is not a PEM file of X.509 certificates: " + e.getMessage(), e);
        }
    }

    /** The Authorization header for a user and password (Basic) or, without a user, a bearer token. */
    public static String authorization(String user, char[] secret) {
        if (secret == null || secret.length == 0) {
            return null;
        }
        if (user == null) {
            return "Bearer " + new String(secret);
        }
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString((user + ":" + new String(secret)).getBytes(StandardCharsets.UTF_8));
    }

    /** GETs a TAXII resource and returns its JSON object. */
    public Answer get(URI url) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Accept", MEDIA_TYPE)
                .GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        long start = System.nanoTime();
        HttpResponse<InputStream> response;
        try {
            response = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw failure(Kind.UNREACHABLE, url, "connecting timed out", e);
        } catch (HttpTimeoutException e) {
            throw failure(Kind.UNREACHABLE, url, "no answer within " + timeout.toSeconds() + " s", e);
        } catch (SSLException e) {
            throw failure(
                    Kind.TLS,
                    url,
                    "TLS failed (" + e.getMessage() + "); its certificate is not"
                            + " trusted, or not for this host name: give the peer's CA with --ca-file",
                    e);
        } catch (ConnectException | UnknownHostException e) {
            throw failure(
                    Kind.UNREACHABLE,
                    url,
                    "cannot connect (" + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")",
                    e);
        } catch (IOException e) {
            if (e.getCause() instanceof SSLException ssl) {
                throw failure(
                        Kind.TLS,
                        url,
                        "TLS failed (" + ssl.getMessage() + "); its certificate is"
                                + " not trusted, or not for this host name: give the peer's CA with --ca-file",
                        e);
            }
            throw failure(
                    Kind.UNREACHABLE,
                    url,
                    "the connection failed (" + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(Kind.UNREACHABLE, url, "interrupted", e);
        }
        Duration rtt = Duration.ofNanos(System.nanoTime() - start);
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status == 401 || status == 403) {
                throw failure(
                        Kind.CREDENTIALS,
                        url,
                        "refused our credentials (HTTP " + status + ")"
                                + (status == 403 ? ": the account may not read this" : ""),
                        null);
            }
            if (status == 429) {
                throw new PeerFailureException(
                        Kind.RATE_LIMITED,
                        describe(url) + " asked us to slow down (HTTP 429)",
                        retryAfter(response.headers()).orElse(null),
                        null);
            }
            if (status >= 500) {
                throw new PeerFailureException(
                        Kind.SERVER_ERROR,
                        describe(url) + " failed (HTTP " + status + ")",
                        retryAfter(response.headers()).orElse(null),
                        null);
            }
            if (status != 200) {
                throw failure(Kind.PROTOCOL, url, "answered HTTP " + status + " where 200 was expected", null);
            }
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (!isTaxii(type)) {
                throw failure(
                        Kind.PROTOCOL,
                        url,
                        "answered with content type '" + printable(type) + "', not " + MEDIA_TYPE,
                        null);
            }
            byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw failure(Kind.PROTOCOL, url, "answered more than " + maxBytes + " bytes (the limit)", null);
            }
            JsonNode json;
            try {
                json = StixJson.mapper().readTree(bytes);
            } catch (JsonProcessingException e) {
                throw failure(Kind.PROTOCOL, url, "answered invalid JSON (" + e.getOriginalMessage() + ")", null);
            }
            if (json == null || !json.isObject()) {
                throw failure(Kind.PROTOCOL, url, "answered JSON that is not an object", null);
            }
            return new Answer(json, response.headers(), rtt);
        } catch (IOException e) {
            throw failure(Kind.UNREACHABLE, url, "the answer broke off (" + e.getMessage() + ")", e);
        }
    }

    /** A page of objects: from {@code next} when given, else {@code added_after}, else the start. */
    public ObjectsPage objects(URI collection, String next, String addedAfter, int limit, List<String> ids) {
        StringBuilder q = new StringBuilder("objects/?limit=").append(limit);
        if (next != null) {
            q.append("&next=").append(encode(next));
        }
        if (addedAfter != null) {
            q.append("&added_after=").append(encode(addedAfter));
        }
        if (ids != null && !ids.isEmpty()) {
            q.append("&match[id]=").append(encode(String.join(",", ids)));
            q.append("&match[version]=all");
        }
        URI url = collection.resolve(q.toString());
        Answer a = get(url);
        JsonNode objects = a.body().get("objects");
        List<JsonNode> out = new ArrayList<>();
        if (objects != null) {
            if (!objects.isArray()) {
                throw failure(Kind.PROTOCOL, url, "answered an envelope whose 'objects' is not a list", null);
            }
            objects.forEach(out::add);
        }
        return new ObjectsPage(
                out,
                more(a, url),
                nextOf(a, url),
                timestampHeader(a, "X-TAXII-Date-Added-First"),
                timestampHeader(a, "X-TAXII-Date-Added-Last"));
    }

    /** A page of the manifest: from {@code next} when given, else {@code added_after}. */
    public ManifestPage manifest(URI collection, String next, String addedAfter, int limit) {
        StringBuilder q = new StringBuilder("manifest/?limit=").append(limit);
        if (next != null) {
            q.append("&next=").append(encode(next));
        }
        if (addedAfter != null) {
            q.append("&added_after=").append(encode(addedAfter));
        }
        URI url = collection.resolve(q.toString());
        Answer a = get(url);
        JsonNode objects = a.body().get("objects");
        List<ManifestEntry> out = new ArrayList<>();
        if (objects != null) {
            if (!objects.isArray()) {
                throw failure(Kind.PROTOCOL, url, "answered a manifest whose 'objects' is not a list", null);
            }
            for (JsonNode e : objects) {
                String id = text(e, "id");
                String version = text(e, "version");
                String added = text(e, "date_added");
                if (id == null || version == null || added == null || !StixTimestamp.isValid(added)) {
                    throw failure(
                            Kind.PROTOCOL,
                            url,
                            "answered a manifest record without a valid id, version and date_added",
                            null);
                }
                out.add(new ManifestEntry(id, version, added));
            }
        }
        return new ManifestPage(out, more(a, url), nextOf(a, url));
    }

    private boolean more(Answer a, URI url) {
        JsonNode more = a.body().get("more");
        if (more == null) {
            return false;
        }
        if (!more.isBoolean()) {
            throw failure(Kind.PROTOCOL, url, "answered 'more' that is not a boolean", null);
        }
        return more.asBoolean();
    }

    private String nextOf(Answer a, URI url) {
        JsonNode next = a.body().get("next");
        if (next == null || next.isNull()) {
            return null;
        }
        if (!next.isTextual() || next.asText().isEmpty() || next.asText().length() > 4_096) {
            throw failure(Kind.PROTOCOL, url, "answered a 'next' that is not a string of 1 to 4096 characters", null);
        }
        return next.asText();
    }

    /**
     * A date-added header, when it is a valid timestamp; servers have sent other things (the
     * literal "undefined" on empty pages), which count as no header.
     */
    private static String timestampHeader(Answer a, String name) {
        return a.header(name).filter(StixTimestamp::isValid).orElse(null);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    /** Retry-After as seconds or an HTTP date, bounded to an hour. */
    Optional<Duration> retryAfter(HttpHeaders headers) {
        Optional<String> v = headers.firstValue("Retry-After").map(String::trim);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        Duration d;
        try {
            d = Duration.ofSeconds(Long.parseLong(v.get()));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(v.get(), DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                d = Duration.between(clock.instant(), at);
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        return Optional.of(d.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : d);
    }

    static boolean isTaxii(String contentType) {
        String t = contentType.toLowerCase(Locale.ROOT).replace(" ", "");
        return t.startsWith("application/taxii+json") && (t.contains("version=2.1") || !t.contains("version="));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private PeerFailureException failure(Kind kind, URI url, String what, Throwable cause) {
        return new PeerFailureException(kind, describe(url) + " " + what, null, cause);
    }

    private String describe(URI url) {
        return "peer '" + peer + "' at " + withoutQuery(url);
    }

    private static String withoutQuery(URI url) {
        String s = url.toString();
        int q = s.indexOf('?');
        return q < 0 ? s : s.substring(0, q);
    }

    private static String printable(String s) {
        String t = s.length() > 100 ? s.substring(0, 100) + "..." : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
