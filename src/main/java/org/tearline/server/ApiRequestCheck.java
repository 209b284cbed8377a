package org.tearline.server;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.tearline.error.BadRequestException;
import org.tearline.error.Echo;
import org.tearline.error.PermissionDeniedException;
import org.tearline.error.UnsupportedMediaTypeException;

/**
 * What {@code /api} asks of a request before it runs. Browsers send cached HTTP Basic
 * credentials with requests another site's page makes; such a page can post a form (with no
 * body, or a text/plain one) without the browser asking the server first. So a request whose
 * Origin or Sec-Fetch-Site says another site made it is refused, a state-changing call must be
 * JSON (a type a cross-site page cannot send without a CORS preflight, which this server never
 * grants), and it must have a body. Clients outside a browser send neither header and pass.
 */
final class ApiRequestCheck {

    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");

    private ApiRequestCheck() {}

    /**
     * Refuses what a cross-site page could have made the browser send.
     *
     * @param publicOrigin the origin of {@code server.public-url}, or null when none is set
     */
    static void check(Request request, String publicOrigin) {
        String site = request.getHeaders().get("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            throw new PermissionDeniedException("the API refuses requests a browser made for"
                    + " another site's page: Sec-Fetch-Site is " + Echo.quote(site));
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin != null && !sameOrigin(origin, request.getHttpURI(), publicOrigin)) {
            throw new PermissionDeniedException("the API refuses requests a browser made for"
                    + " another site's page: Origin " + Echo.quote(origin) + " is not this"
                    + " server's");
        }
        if (!STATE_CHANGING.contains(request.getMethod())) {
            return;
        }
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        String bare = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (isDocumentUpload(request, bare)) {
            return;
        }
        if (type == null || !bare.equals("application/json")) {
            throw new UnsupportedMediaTypeException(
                    "the API takes Content-Type" + " application/json, not " + Echo.quote(type));
        }
        if (request.getLength() == 0
                || (request.getLength() < 0 && !request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING))) {
            throw new BadRequestException("a " + request.getMethod() + " to the API needs a JSON"
                    + " body; send {} when the call takes no parameters");
        }
    }

    /** The header a document upload in a type a cross-site form can send must carry. */
    static final String UPLOAD_HEADER = "X-Tearline-Upload";

    /** Types a page on another site may post without the browser asking first. */
    private static final Set<String> FORM_TYPES =
            Set.of("multipart/form-data", "text/plain", "application/x-www-form-urlencoded");

    /**
     * A document posted to {@code /api/intake} in its own type (or as a multipart file): its
     * reader says what it takes. A type a cross-site form can send needs {@link #UPLOAD_HEADER}
     * as well, which no such form can set without a preflight this server never grants.
     */
    private static boolean isDocumentUpload(Request request, String bare) {
        String path = request.getHttpURI().getPath();
        if (!request.getMethod().equals("POST")
                || !(path.equals("/api/intake") || path.equals("/api/intake/"))
                || bare.isEmpty()
                || bare.equals("application/json")) {
            return false;
        }
        if (FORM_TYPES.contains(bare) && !"document".equals(request.getHeaders().get(UPLOAD_HEADER))) {
            throw new UnsupportedMediaTypeException("a document posted as " + Echo.quote(bare)
                    + " needs the header '" + UPLOAD_HEADER + ": document' (a type other sites' forms can"
                    + " send is taken only with it)");
        }
        return true;
    }

    /**
     * True when {@code origin} is the origin the request was sent to, or the configured public
     * one. "null" (a sandboxed or privacy-sensitive context) is never this server's.
     */
    private static boolean sameOrigin(String origin, HttpURI uri, String publicOrigin) {
        String asked = normalise(origin);
        if (asked == null) {
            return false;
        }
        if (publicOrigin != null && asked.equals(normalise(publicOrigin))) {
            return true;
        }
        String own = normalise(uri.getScheme() + "://" + uri.getAuthority());
        return asked.equals(own);
    }

    /** scheme://host:port in lower case with the port always written, or null. */
    static String normalise(String origin) {
        try {
            URI u = new URI(origin);
            String scheme = u.getScheme();
            String host = u.getHost();
            if (scheme == null || host == null || u.getRawUserInfo() != null) {
                return null;
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            int port = u.getPort();
            if (port < 0) {
                port = switch (scheme) {
                    case "http" -> 80;
                    case "https" -> 443;
                    default -> -1;
                };
            }
            return scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
