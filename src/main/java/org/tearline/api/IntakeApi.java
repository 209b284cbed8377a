package org.tearline.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.tearline.auth.Principal;
import org.tearline.domain.Draft;
import org.tearline.error.BadRequestException;
import org.tearline.error.Echo;
import org.tearline.error.NotFoundException;
import org.tearline.http.Uploads;
import org.tearline.intake.IntakeService;
import org.tearline.stix.StixJson;
import org.tearline.taxii.JsonBodies;

/**
 * {@code /api/intake}: documents taken in as drafts, and their review. A document comes as a
 * multipart form's file, as the body in its own type (the publication time, source and URL then
 * in the query), or as JSON with its {@code text}.
 */
final class IntakeApi {

    private final IntakeService intake;

    IntakeApi(IntakeService intake) {
        this.intake = intake;
    }

    ObjectNode handle(Request request, Principal who, ApiRoute.Intake route) throws IOException {
        if (route.id() == null) {
            ApiHandler.allow(request, "GET", "POST");
            if (request.getMethod().equals("GET")) {
                ObjectNode out = StixJson.mapper().createObjectNode();
                ArrayNode items = out.putArray("drafts");
                intake.list(who).forEach(s -> items.add(IntakeService.describe(s)));
                return out;
            }
            return IntakeService.describe(take(request, who), false);
        }
        if (route.action() == null) {
            ApiHandler.allow(request, "GET");
            return IntakeService.describe(intake.find(who, route.id()), true);
        }
        ApiHandler.allow(request, "POST");
        JsonNode body = json(request, 1024 * 1024);
        return switch (route.action()) {
            case "accept" -> {
                IntakeService.Accepted a = intake.accept(who, route.id(), review(body));
                ObjectNode out = IntakeService.describe(a.draft(), false);
                out.put("report_id", a.reportId());
                ArrayNode ids = out.putArray("written");
                a.objectIds().forEach(ids::add);
                yield out;
            }
            case "reject" -> IntakeService.describe(intake.reject(who, route.id(), text(body, "reason", true)), false);
            default -> throw new NotFoundException("no intake action " + Echo.quote(route.action()));
        };
    }

    private Draft take(Request request, Principal who) throws IOException {
        int max = intake.reader().limits().maxBytes();
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        String bare = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (bare.equals("application/json")) {
            // The text and its JSON quoting: a text of the limit can take a few more bytes.
            JsonNode body = json(request, max + 64 * 1024);
            String text = text(body, "text", true);
            String title = text(body, "title", false);
            return intake.take(
                    who,
                    IntakeService.text(text),
                    about(
                            text(body, "published", false),
                            text(body, "source", false),
                            text(body, "url", false),
                            title));
        }
        Uploads.Upload u = Uploads.read(request, max);
        Map<String, String> q = u.fields().isEmpty() ? ApiHandler.query(request) : u.fields();
        if (u.bytes() == null) {
            throw new BadRequestException("the upload carries no document: send a file part named 'file'");
        }
        return intake.take(
                who,
                new IntakeService.Document(u.bytes(), u.contentType(), u.fileName()),
                about(q.get("published"), q.get("source"), q.get("url"), q.get("title")));
    }

    static IntakeService.About about(String published, String source, String url, String title) {
        return new IntakeService.About(
                published == null || published.isBlank() ? null : ApiHandler.time(published.strip(), "published", null),
                source,
                url,
                title);
    }

    private static IntakeService.Review review(JsonNode body) {
        String collection = text(body, "collection", true);
        Set<String> only = null;
        if (body.has("only")) {
            only = new LinkedHashSet<>(strings(body, "only"));
        }
        Map<String, String> corrections = new LinkedHashMap<>();
        JsonNode c = body.get("corrections");
        if (c != null) {
            if (!c.isObject()) {
                throw new BadRequestException("'corrections' must be an object of candidate id to corrected value");
            }
            c.properties().forEach(e -> {
                if (!e.getValue().isTextual()) {
                    throw new BadRequestException("the correction of " + Echo.quote(e.getKey()) + " must be text");
                }
                corrections.put(e.getKey(), e.getValue().asText());
            });
        }
        List<String> markings = body.has("markings") ? strings(body, "markings") : List.of();
        return new IntakeService.Review(collection, only, corrections, markings);
    }

    private static List<String> strings(JsonNode body, String name) {
        JsonNode v = body.get(name);
        if (!v.isArray()) {
            throw new BadRequestException("'" + name + "' must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode x : v) {
            if (!x.isTextual()) {
                throw new BadRequestException("'" + name + "' must be a list of strings");
            }
            out.add(x.asText());
        }
        return out;
    }

    private static String text(JsonNode body, String name, boolean required) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                throw new BadRequestException("the body needs '" + name + "' (text)");
            }
            return null;
        }
        if (!v.isTextual() || (required && v.asText().isBlank())) {
            throw new BadRequestException("'" + name + "' must be " + (required ? "non-empty " : "") + "text");
        }
        return v.asText();
    }

    private static JsonNode json(Request request, int max) throws IOException {
        byte[] bytes = Uploads.read(request, max).bytes();
        try {
            JsonNode n = StixJson.mapper().readTree(bytes);
            if (n == null || !n.isObject()) {
                throw new BadRequestException("the body must be a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new BadRequestException(JsonBodies.describe(e));
        }
    }
}
