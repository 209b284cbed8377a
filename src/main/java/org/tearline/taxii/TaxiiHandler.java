package org.tearline.taxii;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.tearline.auth.Authenticator;
import org.tearline.auth.Principal;
import org.tearline.domain.ApiRoot;
import org.tearline.domain.Provenance;
import org.tearline.domain.StatusRecord;
import org.tearline.domain.StoredObject;
import org.tearline.domain.VersionRecord;
import org.tearline.error.Echo;
import org.tearline.error.MethodNotAllowedException;
import org.tearline.error.NotAcceptableException;
import org.tearline.error.NotFoundException;
import org.tearline.error.PayloadTooLargeException;
import org.tearline.error.UnsupportedMediaTypeException;
import org.tearline.http.ErrorReplies;
import org.tearline.http.QueryString;
import org.tearline.http.Reply;
import org.tearline.service.CollectionService;
import org.tearline.service.Listing;
import org.tearline.service.Names;
import org.tearline.service.ObjectService;
import org.tearline.stix.StixId;
import org.tearline.stix.StixTimestamp;

/**
 * Serves the TAXII 2.1 endpoints. Each method parses the request, calls one service method and
 * renders the answer; failures are thrown and rendered by {@link ErrorReplies}.
 */
public final class TaxiiHandler {

    /** Settings of the TAXII edge. */
    public record Settings(
            String title,
            String description,
            String contact,
            String defaultRoot,
            int defaultPageSize,
            int maxPageSize,
            long maxPageBytes) {}

    private final Settings settings;
    private final Authenticator authenticator;
    private final CollectionService collections;
    private final ObjectService objects;
    private final CursorCodec cursors;

    public TaxiiHandler(
            Settings settings,
            Authenticator authenticator,
            CollectionService collections,
            ObjectService objects,
            CursorCodec cursors) {
        this.settings = settings;
        this.authenticator = authenticator;
        this.collections = collections;
        this.objects = objects;
        this.cursors = cursors;
    }

    /**
     * Handles one request for a path outside the reserved roots (see {@link #isTaxiiPath}).
     * Never throws: a failure becomes its TAXII error message, with the user who asked when
     * that was known before it failed.
     *
     * @param segments the decoded path split on '/', without empty segments
     * @param baseUrl  scheme and authority the client used, e.g. {@code https://host:8443}
     */
    public Reply handle(Request request, List<String> segments, String baseUrl) {
        if (!isTaxiiPath(segments)) {
            return ErrorReplies.reply(
                    new NotFoundException("nothing is served at this path"), "unknown", MediaTypes.TAXII);
        }
        TaxiiRoute route = TaxiiRoute.parse(segments);
        Principal who = null;
        try {
            who = authenticator.authenticate(
                    request.getHeaders().get(HttpHeader.AUTHORIZATION), Request.getRemoteAddr(request));
            return serve(request, route, who, baseUrl);
        } catch (Throwable t) {
            return ErrorReplies.reply(t, route.endpoint(), MediaTypes.TAXII).by(who == null ? null : who.name());
        }
    }

    private Reply serve(Request request, TaxiiRoute route, Principal who, String baseUrl) throws IOException {
        String endpoint = route.endpoint();
        if (route instanceof TaxiiRoute.Unknown) {
            throw new NotFoundException("no TAXII endpoint at this path");
        }
        if (!MediaTypes.acceptsTaxii(request.getHeaders().get(HttpHeader.ACCEPT))) {
            throw new NotAcceptableException(
                    "this server answers only with " + MediaTypes.TAXII + "; the Accept header must admit it");
        }
        String method = request.getMethod();
        Map<String, List<String>> params =
                QueryString.parse(request, "the query string is not valid percent-encoded UTF-8");
        byte[] body;
        Map<String, String> headers = new LinkedHashMap<>();
        int status = 200;
        if (route instanceof TaxiiRoute.Discovery) {
            allow(method, "GET");
            body = discovery(baseUrl);
        } else if (route instanceof TaxiiRoute.ApiRootInfo r) {
            allow(method, "GET");
            body = TaxiiResources.apiRoot(collections.apiRoot(r.root()));
        } else if (route instanceof TaxiiRoute.Status r) {
            allow(method, "GET");
            collections.apiRoot(r.root());
            body = TaxiiResources.status(objects.status(who, r.root(), r.statusId()));
        } else if (route instanceof TaxiiRoute.Collections r) {
            allow(method, "GET");
            body = TaxiiResources.collections(collections.readable(who, r.root()));
        } else if (route instanceof TaxiiRoute.Collection r) {
            allow(method, "GET");
            body = TaxiiResources.collection(collections.readable(who, r.root(), r.collection()));
        } else if (route instanceof TaxiiRoute.Objects r) {
            allow(method, "GET", "POST");
            if (method.equals("POST")) {
                status = 202;
                body = TaxiiResources.status(post(request, who, r));
            } else {
                body = getObjects(who, r, params, headers);
            }
        } else if (route instanceof TaxiiRoute.ObjectById r) {
            allow(method, "GET", "DELETE");
            requireObjectId(r.objectId());
            if (method.equals("DELETE")) {
                TaxiiQuery.Parsed q = query(TaxiiQuery.Endpoint.DELETE, params, "delete:" + r.collection());
                objects.delete(who, r.root(), r.collection(), r.objectId(), q.filter());
                body = new byte[0];
            } else {
                body = getObject(who, r, params, headers);
            }
        } else if (route instanceof TaxiiRoute.Versions r) {
            allow(method, "GET");
            requireObjectId(r.objectId());
            String scope = "versions:" + r.collection() + ":" + r.objectId();
            TaxiiQuery.Parsed q = query(TaxiiQuery.Endpoint.VERSIONS, params, scope);
            Listing<VersionRecord> l =
                    objects.versions(who, r.root(), r.collection(), r.objectId(), q.filter(), q.page());
            dateHeaders(headers, l, VersionRecord::dateAddedMicros);
            body = TaxiiResources.versions(l.page(), next(q, l));
        } else if (route instanceof TaxiiRoute.Manifest r) {
            allow(method, "GET");
            TaxiiQuery.Parsed q = query(TaxiiQuery.Endpoint.MANIFEST, params, "manifest:" + r.collection());
            Listing<VersionRecord> l = objects.manifest(who, r.root(), r.collection(), q.filter(), q.page());
            dateHeaders(headers, l, VersionRecord::dateAddedMicros);
            body = TaxiiResources.manifest(l.page(), next(q, l));
        } else {
            throw new IllegalStateException(endpoint);
        }
        return new Reply(status, MediaTypes.TAXII, body, headers, endpoint, who.name());
    }

    private byte[] discovery(String baseUrl) {
        List<String> roots = new ArrayList<>();
        for (ApiRoot r : collections.apiRoots()) {
            roots.add(baseUrl + "/" + r.name() + "/");
        }
        String defaultRoot = settings.defaultRoot() == null ? null : baseUrl + "/" + settings.defaultRoot() + "/";
        return TaxiiResources.discovery(
                settings.title(), settings.description(), settings.contact(), defaultRoot, roots);
    }

    private byte[] getObjects(
            Principal who, TaxiiRoute.Objects r, Map<String, List<String>> params, Map<String, String> headers) {
        TaxiiQuery.Parsed q = query(TaxiiQuery.Endpoint.OBJECTS, params, "objects:" + r.collection());
        Listing<StoredObject> l = objects.objects(who, r.root(), r.collection(), q.filter(), q.page());
        dateHeaders(headers, l, o -> o.record().dateAddedMicros());
        return TaxiiResources.envelope(l.page(), next(q, l));
    }

    private byte[] getObject(
            Principal who, TaxiiRoute.ObjectById r, Map<String, List<String>> params, Map<String, String> headers) {
        String scope = "object:" + r.collection() + ":" + r.objectId();
        TaxiiQuery.Parsed q = query(TaxiiQuery.Endpoint.OBJECT, params, scope);
        Listing<StoredObject> l = objects.object(who, r.root(), r.collection(), r.objectId(), q.filter(), q.page());
        dateHeaders(headers, l, o -> o.record().dateAddedMicros());
        return TaxiiResources.envelope(l.page(), next(q, l));
    }

    private StatusRecord post(Request request, Principal who, TaxiiRoute.Objects r) throws IOException {
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (!MediaTypes.isTaxiiOrStixBody(contentType)) {
            throw new UnsupportedMediaTypeException("POST bodies must be " + MediaTypes.TAXII + ", was "
                    + (contentType == null ? "no Content-Type" : Echo.quote(contentType)));
        }
        ApiRoot root = collections.apiRoot(r.root());
        List<JsonNode> items = readEnvelope(request, root.maxContentLength());
        return objects.add(who, root.name(), r.collection(), items, new Provenance("taxii", who.name()));
    }

    /**
     * Reads an envelope (or a bundle: same {@code objects} member) within the size limit.
     * Objects are parsed one at a time so a malformed one fails with its position.
     */
    private static List<JsonNode> readEnvelope(Request request, long maxBytes) throws IOException {
        long declared = request.getLength();
        if (declared > maxBytes) {
            throw new PayloadTooLargeException("request body is " + declared + " bytes; this API"
                    + " root accepts at most " + maxBytes + " (max_content_length)");
        }
        try (InputStream in = new LimitedInputStream(Content.Source.asInputStream(request), maxBytes)) {
            return JsonBodies.readObjectsMember(in);
        }
    }

    private TaxiiQuery.Parsed query(TaxiiQuery.Endpoint endpoint, Map<String, List<String>> params, String scope) {
        return TaxiiQuery.parse(
                endpoint,
                params,
                scope,
                cursors,
                settings.defaultPageSize(),
                settings.maxPageSize(),
                settings.maxPageBytes());
    }

    private String next(TaxiiQuery.Parsed q, Listing<?> listing) {
        return listing.page().more() && listing.page().last().isPresent()
                ? q.nextToken(cursors, listing.page().last().get())
                : null;
    }

    private static <T> void dateHeaders(Map<String, String> headers, Listing<T> listing, ToLongFunction<T> dateAdded) {
        headers.put(
                "X-TAXII-Date-Added-First",
                StixTimestamp.formatMicros(StixTimestamp.fromMicros(listing.firstDateAdded(dateAdded))));
        headers.put(
                "X-TAXII-Date-Added-Last",
                StixTimestamp.formatMicros(StixTimestamp.fromMicros(listing.lastDateAdded(dateAdded))));
    }

    private static void requireObjectId(String id) {
        if (!StixId.isValid(id)) {
            throw new NotFoundException("object id " + Echo.quote(id) + " is not a STIX identifier (type--UUID)");
        }
    }

    private static void allow(String method, String... allowed) {
        MethodNotAllowedException.unless(method, allowed);
    }

    /** True when a path's first segment may be an API root (and so is served here). */
    public static boolean isTaxiiPath(List<String> segments) {
        return !segments.isEmpty()
                && (segments.get(0).equals("taxii2") || !Names.RESERVED_ROOTS.contains(segments.get(0)));
    }

    static HttpField contentType() {
        return new HttpField(HttpHeader.CONTENT_TYPE, MediaTypes.TAXII);
    }
}
