package org.tearline.taxii;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;
import org.tearline.auth.Authenticator;
import org.tearline.auth.Principal;
import org.tearline.error.BadRequestException;
import org.tearline.error.Echo;
import org.tearline.error.NotAcceptableException;
import org.tearline.error.NotFoundException;
import org.tearline.error.PayloadTooLargeException;
import org.tearline.error.UnsupportedMediaTypeException;
import org.tearline.service.CollectionService;
import org.tearline.service.Listing;
import org.tearline.service.Names;
import org.tearline.service.ObjectService;
import org.tearline.stix.StixId;
import org.tearline.stix.StixJson;
import org.tearline.stix.StixTimestamp;
import org.tearline.store.ApiRoot;
import org.tearline.store.Provenance;
import org.tearline.store.StatusRecord;
import org.tearline.store.StoredObject;
import org.tearline.store.VersionRecord;

/**
 * Serves the TAXII 2.1 endpoints. Each method parses the request, calls one service method and
 * renders the answer; failures are thrown and rendered by {@link TaxiiErrors}.
 */
public final class TaxiiHandler {

    /** Settings of the TAXII edge. */
    public record Settings(String title, String description, String contact, String defaultRoot,
            int defaultPageSize, int maxPageSize, long maxPageBytes) {
    }

    /** What a handled request produced, for the response and the request log. */
    public record Reply(int status, byte[] body, Map<String, String> headers, String endpoint,
            Principal principal) {
    }

    private final Settings settings;
    private final Authenticator authenticator;
    private final CollectionService collections;
    private final ObjectService objects;
    private final CursorCodec cursors;

    public TaxiiHandler(Settings settings, Authenticator authenticator,
            CollectionService collections, ObjectService objects, CursorCodec cursors) {
        this.settings = settings;
        this.authenticator = authenticator;
        this.collections = collections;
        this.objects = objects;
        this.cursors = cursors;
    }

    /** The name of the endpoint a path addresses, for metrics; "unknown" when none. */
    public static String endpointOf(List<String> segments) {
        if (segments.size() == 1) {
            return segments.get(0).equals("taxii2") ? "discovery" : "api-root";
        }
        if (segments.size() == 3 && segments.get(1).equals("status")) {
            return "status";
        }
        if (segments.size() < 2 || !segments.get(1).equals("collections")) {
            return "unknown";
        }
        return switch (segments.size()) {
            case 2 -> "collections";
            case 3 -> "collection";
            case 4 -> segments.get(3).equals("objects") ? "objects"
                    : segments.get(3).equals("manifest") ? "manifest" : "unknown";
            case 5 -> segments.get(3).equals("objects") ? "object" : "unknown";
            case 6 -> segments.get(3).equals("objects") && segments.get(5).equals("versions")
                    ? "versions" : "unknown";
            default -> "unknown";
        };
    }

    /**
     * Handles one TAXII request.
     *
     * @param segments the decoded path split on '/', without empty segments
     * @param baseUrl  scheme and authority the client used, e.g. {@code https://host:8443}
     * @param authenticated told who is asking as soon as that is known, so a failure later
     *                      in the request is still logged with the user
     */
    public Reply handle(Request request, List<String> segments, String baseUrl,
            java.util.function.Consumer<Principal> authenticated) throws IOException {
        String endpoint = endpointOf(segments);
        Principal who = authenticator.authenticate(
                request.getHeaders().get(HttpHeader.AUTHORIZATION),
                Request.getRemoteAddr(request));
        authenticated.accept(who);
        if (endpoint.equals("unknown")) {
            throw new NotFoundException("no TAXII endpoint at this path");
        }
        if (!MediaTypes.acceptsTaxii(request.getHeaders().get(HttpHeader.ACCEPT))) {
            throw new NotAcceptableException("this server answers only with "
                    + MediaTypes.TAXII + "; the Accept header must admit it");
        }
        String method = request.getMethod();
        Map<String, List<String>> params = queryParameters(request);
        byte[] body;
        Map<String, String> headers = new LinkedHashMap<>();
        int status = 200;
        switch (endpoint) {
            case "discovery" -> {
                allow(method, "GET");
                body = discovery(baseUrl);
            }
            case "api-root" -> {
                allow(method, "GET");
                body = TaxiiResources.apiRoot(collections.apiRoot(segments.get(0)));
            }
            case "status" -> {
                allow(method, "GET");
                collections.apiRoot(segments.get(0));
                body = TaxiiResources.status(objects.status(who, segments.get(0),
                        segments.get(2)));
            }
            case "collections" -> {
                allow(method, "GET");
                body = TaxiiResources.collections(collections.readable(who, segments.get(0)));
            }
            case "collection" -> {
                allow(method, "GET");
                body = TaxiiResources.collection(collections.readable(who, segments.get(0),
                        segments.get(2)));
            }
            case "objects" -> {
                allow(method, "GET", "POST");
                if (method.equals("POST")) {
                    status = 202;
                    body = TaxiiResources.status(post(request, who, segments));
                } else {
                    body = getObjects(who, segments, params, headers);
                }
            }
            case "object" -> {
                allow(method, "GET", "DELETE");
                requireObjectId(segments.get(4));
                if (method.equals("DELETE")) {
                    TaxiiQuery.Parsed q = query(TaxiiQuery.Endpoint.DELETE, params,
                            "delete:" + segments.get(2));
                    objects.delete(who, segments.get(0), segments.get(2), segments.get(4),
                            q.filter());
                    body = new byte[0];
                } else {
                    body = getObject(who, segments, params, headers);
                }
            }
            case "versions" -> {
                allow(method, "GET");
                requireObjectId(segments.get(4));
                String scope = "versions:" + segments.get(2) + ":" + segments.get(4);
                TaxiiQuery.Parsed q = query(TaxiiQuery.Endpoint.VERSIONS, params, scope);
                Listing<VersionRecord> l = objects.versions(who, segments.get(0),
                        segments.get(2), segments.get(4), q.filter(), q.page());
                dateHeaders(headers, l, VersionRecord::dateAddedMicros);
                body = TaxiiResources.versions(l.page(), next(q, l));
            }
            case "manifest" -> {
                allow(method, "GET");
                TaxiiQuery.Parsed q = query(TaxiiQuery.Endpoint.MANIFEST, params,
                        "manifest:" + segments.get(2));
                Listing<VersionRecord> l = objects.manifest(who, segments.get(0),
                        segments.get(2), q.filter(), q.page());
                dateHeaders(headers, l, VersionRecord::dateAddedMicros);
                body = TaxiiResources.manifest(l.page(), next(q, l));
            }
            default -> throw new IllegalStateException(endpoint);
        }
        return new Reply(status, body, headers, endpoint, who);
    }

    private byte[] discovery(String baseUrl) {
        List<String> roots = new ArrayList<>();
        for (ApiRoot r : collections.apiRoots()) {
            roots.add(baseUrl + "/" + r.name() + "/");
        }
        String defaultRoot = settings.defaultRoot() == null ? null
                : baseUrl + "/" + settings.defaultRoot() + "/";
        return TaxiiResources.discovery(settings.title(), settings.description(),
                settings.contact(), defaultRoot, roots);
    }

    private byte[] getObjects(Principal who, List<String> segments,
            Map<String, List<String>> params, Map<String, String> headers) {
        TaxiiQuery.Parsed q = query(TaxiiQuery.Endpoint.OBJECTS, params,
                "objects:" + segments.get(2));
        Listing<StoredObject> l = objects.objects(who, segments.get(0), segments.get(2),
                q.filter(), q.page());
        dateHeaders(headers, l, o -> o.record().dateAddedMicros());
        return TaxiiResources.envelope(l.page(), next(q, l));
    }

    private byte[] getObject(Principal who, List<String> segments,
            Map<String, List<String>> params, Map<String, String> headers) {
        String scope = "object:" + segments.get(2) + ":" + segments.get(4);
        TaxiiQuery.Parsed q = query(TaxiiQuery.Endpoint.OBJECT, params, scope);
        Listing<StoredObject> l = objects.object(who, segments.get(0), segments.get(2),
                segments.get(4), q.filter(), q.page());
        dateHeaders(headers, l, o -> o.record().dateAddedMicros());
        return TaxiiResources.envelope(l.page(), next(q, l));
    }

    private StatusRecord post(Request request, Principal who, List<String> segments)
            throws IOException {
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (!MediaTypes.isTaxiiOrStixBody(contentType)) {
            throw new UnsupportedMediaTypeException("POST bodies must be " + MediaTypes.TAXII
                    + ", was " + (contentType == null ? "no Content-Type"
                    : Echo.quote(contentType)));
        }
        ApiRoot root = collections.apiRoot(segments.get(0));
        List<JsonNode> items = readEnvelope(request, root.maxContentLength());
        return objects.add(who, root.name(), segments.get(2), items,
                new Provenance("taxii", who.name()));
    }

    /**
     * Reads an envelope (or a bundle: same {@code objects} member) within the size limit.
     * Objects are parsed one at a time so a malformed one fails with its position.
     */
    private static List<JsonNode> readEnvelope(Request request, long maxBytes)
            throws IOException {
        long declared = request.getLength();
        if (declared > maxBytes) {
            throw new PayloadTooLargeException("request body is " + declared + " bytes; this API"
                    + " root accepts at most " + maxBytes + " (max_content_length)");
        }
        try (InputStream in = new LimitedInputStream(Content.Source.asInputStream(request),
                maxBytes)) {
            return JsonBodies.readObjectsMember(in);
        }
    }

    private TaxiiQuery.Parsed query(TaxiiQuery.Endpoint endpoint,
            Map<String, List<String>> params, String scope) {
        return TaxiiQuery.parse(endpoint, params, scope, cursors, settings.defaultPageSize(),
                settings.maxPageSize(), settings.maxPageBytes());
    }

    private String next(TaxiiQuery.Parsed q, Listing<?> listing) {
        return listing.page().more() && listing.page().last().isPresent()
                ? q.nextToken(cursors, listing.page().last().get()) : null;
    }

    private static <T> void dateHeaders(Map<String, String> headers, Listing<T> listing,
            java.util.function.ToLongFunction<T> dateAdded) {
        headers.put("X-TAXII-Date-Added-First", StixTimestamp.formatMicros(
                StixTimestamp.fromMicros(listing.firstDateAdded(dateAdded))));
        headers.put("X-TAXII-Date-Added-Last", StixTimestamp.formatMicros(
                StixTimestamp.fromMicros(listing.lastDateAdded(dateAdded))));
    }

    private static void requireObjectId(String id) {
        if (!StixId.isValid(id)) {
            throw new NotFoundException("object id " + Echo.quote(id)
                    + " is not a STIX identifier (type--UUID)");
        }
    }

    private static void allow(String method, String... allowed) {
        MethodNotAllowedException.unless(method, allowed);
    }

    private static Map<String, List<String>> queryParameters(Request request) {
        Fields fields;
        try {
            fields = Request.extractQueryParameters(request, java.nio.charset.StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            throw new BadRequestException("the query string is not valid percent-encoded UTF-8");
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Fields.Field f : fields) {
            out.put(f.getName(), f.getValues());
        }
        return out;
    }

    /** True when a path's first segment may be an API root (and so is served here). */
    public static boolean isTaxiiPath(List<String> segments) {
        return !segments.isEmpty() && (segments.get(0).equals("taxii2")
                || !Names.RESERVED_ROOTS.contains(segments.get(0)));
    }

    static HttpField contentType() {
        return new HttpField(HttpHeader.CONTENT_TYPE, MediaTypes.TAXII);
    }
}
